import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { ConflictCheckOutcome } from "../../../prisma/legal-aid/generated/enums.js";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import type { Principal } from "../../../vocabulary/principal.js";
import { validateInput } from "../../kit/validation.js";
import { notesArgument, outcomeArgument, uuidArgument } from "../conflicts/conflictCheckInput.js";
import { clears } from "../conflicts/conflictOutcomes.js";
import { recordConflictCheck } from "../conflicts/recordConflictCheck.js";
import type { LegalAidContext } from "../context.js";
import { ConflictCheck } from "../entities/ConflictCheck.js";
import { OrganizationRef } from "../entities/stubs.js";
import { LEGAL_AID_FIELD_ROLES } from "../access.js";

/** Conflict checks are a legal-aid organisation's own: recorded by its caseworkers, for it. */
function requireLegalAidCaseworker(principal: Principal): { organizationId: string; memberId: string } {
  if (
    principal.kind !== "member" ||
    !principal.organizationId ||
    principal.organizationKind !== OrganizationKind.LEGAL_AID ||
    !LEGAL_AID_FIELD_ROLES.conflictCheckers.allows(principal)
  ) {
    throw new GraphQLError("Only a caseworker of a legal-aid organisation may record a conflict check", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
  }
  return { organizationId: principal.organizationId, memberId: principal.id };
}

@Resolver(() => ConflictCheck)
export class ConflictCheckResolver {
  @Mutation(() => ConflictCheck, {
    description:
      "Records your legal-aid organisation's conflict-of-interest check of a referral it received, before accepting it. Recording again adds the next revision and keeps the earlier ones; the latest counts. The network accepts a legal-service referral only while your latest check is CLEAR or WAIVED.",
  })
  @Directive(LEGAL_AID_FIELD_ROLES.conflictCheckers.directive)
  async recordConflictCheck(
    @Ctx() ctx: LegalAidContext,
    @Arg("referralId", () => ID) referralId: string,
    @Arg("outcome", () => ConflictCheckOutcome) outcome: ConflictCheckOutcome,
    @Arg("notes", () => String, {
      nullable: true,
      description: "About your own clients, never the referred survivor; at most 2000 characters; required for WAIVED.",
    })
    notes: string | null,
  ): Promise<ConflictCheck> {
    const caller = requireLegalAidCaseworker(ctx.principal);
    return recordConflictCheck(ctx.db, {
      referralId: validateInput(uuidArgument, referralId, "referralId"),
      outcome: validateInput(outcomeArgument, outcome, "outcome"),
      notes: validateInput(notesArgument, notes, "notes"),
      ...caller,
    });
  }

  @FieldResolver(() => Boolean, { description: "Whether this outcome lets the organisation accept the referral (CLEAR or WAIVED)." })
  clears(@Root() check: ConflictCheck): boolean {
    return clears(check.outcome);
  }

  @FieldResolver(() => OrganizationRef, { description: "The legal-aid organisation that ran the check." })
  organization(@Root() check: ConflictCheck): OrganizationRef {
    return { id: check.organizationId };
  }
}
