import { Arg, Ctx, Directive, ID, Query, Resolver } from "type-graphql";
import { validateInput } from "../../kit/validation.js";
import { uuidArgument } from "../conflicts/conflictCheckInput.js";
import { clears } from "../conflicts/conflictOutcomes.js";
import { latestConflictCheck } from "../conflicts/recordConflictCheck.js";
import type { LegalAidContext } from "../context.js";
import { requireSystemPrincipal } from "../../kit/principal.js";

@Resolver()
export class ConflictCheckGateResolver {
  /**
   * For the gateway, before it lets `acceptReferral` of a LEGAL_SERVICE referral through: whether
   * the receiving organisation's latest conflict check of that referral is CLEAR or WAIVED. False
   * when it has none, or when its latest found a conflict (an earlier CLEAR does not count then).
   *
   * @inaccessible, so no client can name it through the gateway, and answered for the gateway's own
   * assertion (the system principal) only: a member's assertion sent to this subgraph directly is
   * refused. Read fresh on every call; nothing is cached.
   */
  @Query(() => Boolean, { description: "Internal: whether the organisation's latest conflict check of the referral is CLEAR or WAIVED." })
  @Directive("@inaccessible")
  async _conflictCheckCleared(
    @Ctx() ctx: LegalAidContext,
    @Arg("referralId", () => ID) referralId: string,
    @Arg("organizationId", () => ID) organizationId: string,
  ): Promise<boolean> {
    requireSystemPrincipal(ctx.principal);
    const latest = await latestConflictCheck(ctx.db, validateInput(uuidArgument, referralId, "referralId"), validateInput(uuidArgument, organizationId, "organizationId"));
    return latest !== null && clears(latest.outcome);
  }
}
