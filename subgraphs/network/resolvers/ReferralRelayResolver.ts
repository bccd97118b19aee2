import { Arg, Ctx, Directive, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { z } from "zod";
import { ReferralServiceKind, ReferralStatus } from "../../../prisma/network/generated/enums.js";
import { validateInput } from "../../kit/validation.js";
import type { NetworkContext } from "../context.js";
import { applyIntakeAcceptance } from "../referrals/applyIntakeAcceptance.js";
import { acknowledgeReferralFeed, holdReferralFeedEvent, parkReferralFeedEvent, pullReferralFeed } from "../referrals/parkedFeed.js";
import { requireSystemPrincipal } from "../../kit/principal.js";

// The network's side of the steps that cross databases (docs/design.md, "Referrals across two
// databases"), for the gateway's relay only: @inaccessible, answered to the system principal
// alone, every call safe to repeat.

function requireSystem(ctx: NetworkContext): void {
  requireSystemPrincipal(ctx.principal);
}

/** Consumers the relay feeds; one acknowledged position each, and their parked events (`parked_feed_event`). */
const CONSUMERS = ["shelters"] as const;
const SERVICE_KIND_OF: Record<(typeof CONSUMERS)[number], ReferralServiceKind> = { shelters: "SHELTER_PROGRAM" };

@ObjectType({ description: "Internal: a referral event with what a partner subgraph keeps of its referral." })
@Directive("@inaccessible")
export class ReferralFeedItem {
  @Field(() => String) position!: string;
  @Field(() => ID) referralId!: string;
  @Field(() => ID) receiverOrganizationId!: string;
  @Field(() => ID) serviceId!: string;
  @Field(() => ID) survivorId!: string;
  @Field(() => ReferralStatus) status!: ReferralStatus;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@InputType({ description: "Internal: a partner's intake accepted a referral (from its outbox)." })
@Directive("@inaccessible")
export class IntakeAcceptanceInput {
  @Field(() => ID) referralId!: string;
  @Field(() => ID) intakeId!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => ID) acceptedByMemberId!: string;
  @Field(() => ID) organizationId!: string;
}

@ObjectType({ description: "Internal: whether the network took a partner's acceptance, and where the referral stands." })
@Directive("@inaccessible")
export class IntakeAcceptanceResult {
  @Field(() => Boolean) accepted!: boolean;
  @Field(() => ReferralStatus, { nullable: true }) status!: ReferralStatus | null;
  @Field(() => Int, { nullable: true }) version!: number | null;
}

@ObjectType({ description: "Internal: who a referral is between and what it is for, for the gateway's checks before a step." })
@Directive("@inaccessible")
export class ReferralParties {
  @Field(() => ID) id!: string;
  @Field(() => ReferralServiceKind) serviceKind!: ReferralServiceKind;
  @Field(() => ID) senderOrganizationId!: string;
  @Field(() => ID) receiverOrganizationId!: string;
  @Field(() => ReferralStatus) status!: ReferralStatus;
}

const consumerSchema = z.enum(CONSUMERS);
const positionSchema = z.string().regex(/^[0-9]{1,19}$/);
const positionsSchema = z.array(positionSchema).min(1).max(500);
const refusalSchema = z.object({ position: positionSchema, code: z.string().min(1).max(60), reason: z.string().min(1).max(500) }).strict();
const acceptanceSchema = z
  .object({ referralId: z.uuid(), intakeId: z.uuid(), expectedVersion: z.number().int().min(1), acceptedByMemberId: z.uuid(), organizationId: z.uuid() })
  .strict();

/** Parks an event the consumer's destination refused, or keeps aside one it failed: the same checked arguments. */
async function recordFailure(
  ctx: NetworkContext,
  record: typeof parkReferralFeedEvent,
  failure: { consumer: string; position: string; code: string; reason: string },
): Promise<boolean> {
  requireSystem(ctx);
  const name = validateInput(consumerSchema, failure.consumer, "consumer");
  const valid = validateInput(refusalSchema, { position: failure.position, code: failure.code, reason: failure.reason }, "input");
  await record(ctx.db, name, BigInt(valid.position), valid);
  return true;
}

@Resolver()
export class ReferralRelayResolver {
  @Query(() => ReferralParties, { nullable: true, description: "Internal: the parties and kind of a referral; null when there is none." })
  @Directive("@inaccessible")
  async _referralParties(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string): Promise<ReferralParties | null> {
    requireSystem(ctx);
    if (!z.uuid().safeParse(id).success) return null;
    return ctx.db.referral.findUnique({
      where: { id },
      select: { id: true, serviceKind: true, senderOrganizationId: true, receiverOrganizationId: true, status: true },
    });
  }

  @Mutation(() => [ReferralFeedItem], {
    description:
      "Internal: events of referrals addressed to a consumer's services to deliver, oldest first: those after its acknowledged position of referrals with nothing parked, and parked ones sent back in line. New steps of a referral with one parked are kept behind it first (hence a mutation).",
  })
  @Directive("@inaccessible")
  async _referralFeed(@Ctx() ctx: NetworkContext, @Arg("consumer", () => String) consumer: string, @Arg("limit", () => Int, { defaultValue: 100 }) limit: number) {
    requireSystem(ctx);
    const name = validateInput(consumerSchema, consumer, "consumer");
    const events = await pullReferralFeed(ctx.db, name, SERVICE_KIND_OF[name], Math.min(Math.max(limit, 1), 500));
    return events.map((event) => ({ ...event, position: event.position.toString() }));
  }

  @Mutation(() => String, {
    description:
      "Internal: the consumer delivered these events. The acknowledged position moves to the last of them (never back); a parked one sent back in line is marked delivered. Answers the acknowledged position.",
  })
  @Directive("@inaccessible")
  async _ackReferralFeed(@Ctx() ctx: NetworkContext, @Arg("consumer", () => String) consumer: string, @Arg("positions", () => [String]) positions: string[]) {
    requireSystem(ctx);
    const name = validateInput(consumerSchema, consumer, "consumer");
    const valid = validateInput(positionsSchema, positions, "positions");
    return (
      await acknowledgeReferralFeed(
        ctx.db,
        name,
        SERVICE_KIND_OF[name],
        valid.map((p) => BigInt(p)),
      )
    ).toString();
  }

  @Mutation(() => Boolean, {
    description:
      "Internal: the consumer's destination refused this event for a reason retrying cannot change (or failed it again and again while it took others). It is parked with the reason, the referral's later events wait behind it, and the feed goes on with the others. Repeating it changes nothing.",
  })
  @Directive("@inaccessible")
  async _parkReferralFeed(
    @Ctx() ctx: NetworkContext,
    @Arg("consumer", () => String) consumer: string,
    @Arg("position", () => String) position: string,
    @Arg("code", () => String) code: string,
    @Arg("reason", () => String) reason: string,
  ) {
    return recordFailure(ctx, parkReferralFeedEvent, { consumer, position, code, reason });
  }

  @Mutation(() => Boolean, {
    description:
      "Internal: the consumer's destination failed this event (not an outage: it took others) and the relay tries it again later. It is kept aside in line (QUEUED) with the failure, the referral's later events wait behind it, and the feed goes on with the others. Repeating it changes nothing but the failure named.",
  })
  @Directive("@inaccessible")
  async _holdReferralFeed(
    @Ctx() ctx: NetworkContext,
    @Arg("consumer", () => String) consumer: string,
    @Arg("position", () => String) position: string,
    @Arg("code", () => String) code: string,
    @Arg("reason", () => String) reason: string,
  ) {
    return recordFailure(ctx, holdReferralFeedEvent, { consumer, position, code, reason });
  }

  @Mutation(() => IntakeAcceptanceResult, {
    description:
      "Internal: applies a partner intake's acceptance. Idempotent per intake: a repeat after success answers accepted again. Refused (accepted: false) when the referral moved on meanwhile; the relay then releases the intake.",
  })
  @Directive("@inaccessible")
  async _applyIntakeAcceptance(@Ctx() ctx: NetworkContext, @Arg("input", () => IntakeAcceptanceInput) input: IntakeAcceptanceInput): Promise<IntakeAcceptanceResult> {
    requireSystem(ctx);
    return applyIntakeAcceptance(ctx.db, validateInput(acceptanceSchema, { ...input }, "input"));
  }
}
