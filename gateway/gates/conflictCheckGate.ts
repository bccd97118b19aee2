import { getArgumentValues, GraphQLError, Kind, type FieldNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionNode } from "graphql";
import { z } from "zod";
import { ERROR_CODES } from "../../subgraphs/kit/errorCodes.js";
import type { Principal } from "../../subgraphs/kit/principal.js";
import { DECISION_CODES } from "../consent/decisionCodes.js";
import type { SystemCall } from "../network/systemClient.js";

/** Root fields of that name, also inside inline fragments on the root (named ones are inlined by then). */
function rootFields(selections: readonly SelectionNode[], name: string): FieldNode[] {
  return selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === name ? [selection] : [];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet.selections, name);
    return [];
  });
}

/**
 * A step that needs facts from two subgraphs before it may run, checked by the gateway (the only
 * caller every subgraph trusts) before the mutation executes: a legal-aid organisation accepts a
 * referral only after recording a conflict-of-interest check that clears it (issue 7). Fails
 * closed: when either fact cannot be had, the mutation does not run.
 */
export type MutationGate = (input: {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  principal: Principal;
  requestId: string;
}) => Promise<GraphQLError | null>;

const parties = z.object({ serviceKind: z.string(), receiverOrganizationId: z.string() }).nullable();

export function conflictCheckGate(network: SystemCall, legalAid: SystemCall): MutationGate {
  return async ({ schema, operation, variables, principal, requestId }) => {
    if (operation.operation !== "mutation") return null;
    const field = schema.getMutationType()?.getFields().acceptReferral;
    if (!field) return null;
    for (const node of rootFields(operation.selectionSet.selections, "acceptReferral")) {
      let id: unknown;
      try {
        id = getArgumentValues(field, node, variables).id;
      } catch {
        return null; // the executor reports the bad argument itself
      }
      try {
        const found = parties.parse(
          (await network<{ _referralParties: unknown }>(`query Parties($id: ID!) { _referralParties(id: $id) { serviceKind receiverOrganizationId } }`, { id }, requestId))._referralParties,
        );
        // Not a legal-aid referral of the caller's: the network decides the step on its own.
        if (!found || found.serviceKind !== "LEGAL_SERVICE" || found.receiverOrganizationId !== principal.organizationId) continue;
        const cleared = z
          .object({ _conflictCheckCleared: z.boolean() })
          .parse(await legalAid(`query Cleared($r: ID!, $o: ID!) { _conflictCheckCleared(referralId: $r, organizationId: $o) }`, { r: id, o: principal.organizationId }, requestId));
        if (!cleared._conflictCheckCleared) {
          return new GraphQLError("Record a conflict-of-interest check that clears this referral (recordConflictCheck) before accepting it", {
            extensions: { code: ERROR_CODES.CONFLICT_CHECK_REQUIRED, http: { status: 409 } },
          });
        }
      } catch {
        return new GraphQLError("The conflict-of-interest check could not be read; nothing was changed. Try again shortly.", {
          extensions: { code: DECISION_CODES.POLICY_UNAVAILABLE, http: { status: 503 } },
        });
      }
    }
    return null;
  };
}
