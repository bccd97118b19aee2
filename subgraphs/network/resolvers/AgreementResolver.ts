import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, ID, Mutation, Resolver } from "type-graphql";
import { z } from "zod";
import { ERROR_CODES } from "../../kit/errorCodes.js";
import { access, hasAnyRole } from "../../kit/principal.js";
import { validateInput } from "../../kit/validation.js";
import type { NetworkContext } from "../context.js";
import { Agreement } from "../entities/Agreement.js";
import { appendToLedger, LEDGER_KINDS } from "../ledger/ledger.js";

const revocationSchema = z.object({
  id: z.uuid(),
  reason: z.string().trim().min(1, "give a reason").max(2_000),
});

/**
 * Agreements as far as the consent issue needs them: revocation, effective on the very next
 * request (the gateway reads agreements fresh for every response). Proposal, countersignature,
 * suspension, expiry and history are the agreements issue's.
 */
@Resolver(() => Agreement)
export class AgreementResolver {
  @Mutation(() => Agreement, { description: "Revokes an agreement of the caller's organisation (either party may). Effective on the very next request; kept, marked REVOKED." })
  @Directive(access("ORG_ADMIN"))
  async revokeAgreement(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string): Promise<Agreement> {
    const organizationId = ctx.principal.organizationId;
    if (!hasAnyRole(ctx.principal, ["ORG_ADMIN"]) || ctx.principal.kind !== "member" || !organizationId) {
      throw new GraphQLError("Only an organisation admin may revoke an agreement", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
    }
    const valid = validateInput(revocationSchema, { id, reason }, "input");
    // One conditional update: another organisation's agreement, or one already revoked, matches
    // nothing; the ledger entry commits with the change or not at all.
    const row = await ctx.db.$transaction(async (tx) => {
      const [updated] = await tx.agreement.updateManyAndReturn({
        where: {
          id: valid.id,
          status: { not: "REVOKED" },
          OR: [{ fromOrganizationId: organizationId }, { toOrganizationId: organizationId }],
        },
        data: { status: "REVOKED" },
      });
      if (updated) {
        await appendToLedger(tx, [
          {
            kind: LEDGER_KINDS.AGREEMENT_CHANGED,
            actorId: ctx.principal.id,
            organizationId,
            survivorId: null,
            payload: { agreementId: updated.id, change: "REVOKED", reason: valid.reason, requestId: ctx.requestId },
          },
        ]);
      }
      return updated;
    });
    if (!row) throw new GraphQLError("No agreement of your organisation with this id that is not already revoked", { extensions: { code: ERROR_CODES.NOT_FOUND } });
    return row;
  }
}
