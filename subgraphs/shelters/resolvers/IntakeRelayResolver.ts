import { Arg, Ctx, Directive, ID, Int, Mutation, Resolver } from "type-graphql";
import { parseId } from "../../kit/ids.js";
import { validateInput } from "../../kit/validation.js";
import type { SheltersContext } from "../context.js";
import { OutboxMessage } from "../entities/OutboxMessage.js";
import { ReferralCopy, ReferralCopyInput } from "../entities/ReferralCopy.js";
import { ShelterIntake } from "../entities/ShelterIntake.js";
import { confirmIntake } from "../intake/confirmIntake.js";
import { outboxIdsSchema, outboxLimitSchema, outboxRefusalSchema, referralCopySchema, releaseIntakeSchema } from "../intake/intakeInput.js";
import { acknowledgeOutbox, holdOutboxMessage, parkOutboxMessage, pullOutbox } from "../intake/outbox.js";
import { receiveReferral } from "../intake/receiveReferral.js";
import { releaseIntake } from "../intake/releaseIntake.js";
import { requireSystemPrincipal } from "../../kit/principal.js";

/**
 * Only the gateway's own assertion (the system principal) reaches these: they move a referral's
 * state between this database and the network's. They are @inaccessible, so no client can name them
 * through the gateway; this check refuses a member's assertion sent to the subgraph directly.
 */
function requireSystem(ctx: SheltersContext): void {
  requireSystemPrincipal(ctx.principal);
}

/** Parks a message the network refused, or keeps aside one it failed: the same checked arguments. */
function recordFailure(ctx: SheltersContext, record: typeof parkOutboxMessage, failure: { id: string; code: string; reason: string }): Promise<boolean> {
  requireSystem(ctx);
  const valid = validateInput(outboxRefusalSchema, failure, "input");
  return record(ctx.db, valid.id, valid);
}

/**
 * The shelters side of the referral hand-over, for the gateway's relay (docs/design.md, "Referrals
 * across two databases"): copies of referrals in, intake messages out, and the two answers the
 * network can give to an accepted intake (confirm, release). Every field is idempotent, so the
 * relay may repeat any of them.
 */
@Resolver()
export class IntakeRelayResolver {
  @Mutation(() => ReferralCopy, {
    description: "Internal: stores a version of a referral addressed to one of this subgraph's programmes; an older version than the copy's changes nothing.",
  })
  @Directive("@inaccessible")
  async _receiveReferral(@Ctx() ctx: SheltersContext, @Arg("input", () => ReferralCopyInput) input: ReferralCopyInput): Promise<ReferralCopy> {
    requireSystem(ctx);
    return receiveReferral(ctx.db, validateInput(referralCopySchema, { ...input }, "input"));
  }

  @Mutation(() => [OutboxMessage], {
    description: "Internal: messages to deliver to the network, oldest first (never a parked one, nor one waiting behind it); each pull counts an attempt.",
  })
  @Directive("@inaccessible")
  async _shelterOutbox(@Ctx() ctx: SheltersContext, @Arg("limit", () => Int, { defaultValue: 100 }) limit: number): Promise<OutboxMessage[]> {
    requireSystem(ctx);
    return pullOutbox(ctx.db, validateInput(outboxLimitSchema, limit, "limit"));
  }

  @Mutation(() => [ID], { description: "Internal: marks messages delivered; answers those of the given ids that are now marked. Repeating it changes nothing." })
  @Directive("@inaccessible")
  async _ackShelterOutbox(@Ctx() ctx: SheltersContext, @Arg("ids", () => [ID]) ids: string[]): Promise<string[]> {
    requireSystem(ctx);
    return acknowledgeOutbox(ctx.db, validateInput(outboxIdsSchema, ids, "ids"));
  }

  @Mutation(() => Boolean, {
    description:
      "Internal: the network refused this message for a reason retrying cannot change (or failed it again and again while it took others). It is parked with the reason, the referral's later messages wait behind it, and the outbox goes on with the others. False when it was delivered or discarded meanwhile.",
  })
  @Directive("@inaccessible")
  async _parkShelterOutbox(
    @Ctx() ctx: SheltersContext,
    @Arg("id", () => ID) id: string,
    @Arg("code", () => String) code: string,
    @Arg("reason", () => String) reason: string,
  ): Promise<boolean> {
    return recordFailure(ctx, parkOutboxMessage, { id, code, reason });
  }

  @Mutation(() => Boolean, {
    description:
      "Internal: the network failed this message (not an outage: it took others) and the relay tries it again later. It is kept in line (QUEUED) with the failure, shown on the referral; the referral's later messages wait behind it. False when it was delivered, parked or discarded meanwhile.",
  })
  @Directive("@inaccessible")
  async _holdShelterOutbox(
    @Ctx() ctx: SheltersContext,
    @Arg("id", () => ID) id: string,
    @Arg("code", () => String) code: string,
    @Arg("reason", () => String) reason: string,
  ): Promise<boolean> {
    return recordFailure(ctx, holdOutboxMessage, { id, code, reason });
  }

  @Mutation(() => ShelterIntake, { description: "Internal: the network recorded the referral as accepted: PENDING → CONFIRMED. Repeating it changes nothing." })
  @Directive("@inaccessible")
  async _confirmIntake(@Ctx() ctx: SheltersContext, @Arg("referralId", () => ID) referralId: string): Promise<ShelterIntake> {
    requireSystem(ctx);
    return confirmIntake(ctx.db, parseId(referralId, "referralId"));
  }

  @Mutation(() => ShelterIntake, {
    nullable: true,
    description:
      "Internal: frees the intake's bed and gives its place back, once (PENDING or CONFIRMED → RELEASED); null when the referral has no intake here. Repeating it changes nothing.",
  })
  @Directive("@inaccessible")
  async _releaseIntake(@Ctx() ctx: SheltersContext, @Arg("referralId", () => ID) referralId: string, @Arg("reason", () => String) reason: string): Promise<ShelterIntake | null> {
    requireSystem(ctx);
    const valid = validateInput(releaseIntakeSchema, { referralId, reason }, "input");
    return releaseIntake(ctx.db, valid.referralId, valid.reason);
  }
}
