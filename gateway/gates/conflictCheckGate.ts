import { GraphQLError, OperationTypeNode } from "graphql";
import { z } from "zod";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import type { SystemCall } from "../../platform/systemClient.js";
import { notFound, policyUnavailable, rootFieldArguments, uuidOrNull, type MutationGate } from "./mutationGate.js";
import { referralParties } from "./referralParties.js";

/**
 * Before a legal-aid organisation's `acceptReferral`: its latest conflict-of-interest check of the
 * referral must clear it. Other referrals are the network's to decide on its own.
 */
export function conflictCheckGate(network: SystemCall, legalAid: SystemCall): MutationGate {
  return async ({ schema, operation, variables, principal, requestId }) => {
    if (operation.operation !== OperationTypeNode.MUTATION) return null;
    for (const args of rootFieldArguments(schema, operation, variables, "acceptReferral")) {
      if (args === null) return null;
      const id = args.id;
      try {
        const found = typeof id === "string" ? await referralParties(network, id, requestId) : null;
        // Not a legal-aid referral of the caller's: the network decides the step on its own.
        if (!found || found.serviceKind !== "LEGAL_SERVICE" || found.receiverOrganizationId !== principal.organizationId) continue;
        const cleared = z
          .object({ _conflictCheckCleared: z.boolean() })
          .parse(
            await legalAid(`query Cleared($r: ID!, $o: ID!) { _conflictCheckCleared(referralId: $r, organizationId: $o) }`, { r: id, o: principal.organizationId }, requestId),
          );
        if (!cleared._conflictCheckCleared) {
          return new GraphQLError("Record a conflict-of-interest check that clears this referral (recordConflictCheck) before accepting it", {
            extensions: { code: ERROR_CODES.CONFLICT_CHECK_REQUIRED, http: { status: 409 } },
          });
        }
      } catch {
        return policyUnavailable("The conflict-of-interest check could not be read; nothing was changed. Try again shortly.");
      }
    }
    return null;
  };
}

/** The one answer for a referral the caller's organisation did not receive, and for none at all. */
export const NO_RECEIVED_REFERRAL = "Not found: referralId: no referral your organisation received has this id";

/**
 * Before `recordConflictCheck`: the referral must be one the caller's organisation received (the
 * network's `_referralParties`). A referral of others, one it sent and an id of nothing get the
 * same answer, and nothing is written. An id that is not one is the subgraph's to refuse.
 */
export function conflictCheckRecordingGate(network: SystemCall): MutationGate {
  return async ({ schema, operation, variables, principal, requestId }) => {
    if (operation.operation !== OperationTypeNode.MUTATION) return null;
    for (const args of rootFieldArguments(schema, operation, variables, "recordConflictCheck")) {
      if (args === null) return null;
      const id = uuidOrNull(args.referralId);
      if (id === null) continue;
      let found;
      try {
        found = await referralParties(network, id, requestId);
      } catch {
        return policyUnavailable("Whether your organisation received this referral could not be checked; nothing was recorded. Try again shortly.");
      }
      if (!found || principal.organizationId === null || found.receiverOrganizationId !== principal.organizationId) return notFound(NO_RECEIVED_REFERRAL, "referralId");
    }
    return null;
  };
}
