import { Arg, Ctx, Directive, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { z } from "zod";
import { ReferralServiceKind, ReferralStatus } from "../../../prisma/network/generated/enums.js";
import { validateInput } from "../../kit/validation.js";
import type { NetworkContext } from "../context.js";
import { applyIntakeAcceptance } from "../referrals/applyIntakeAcceptance.js";
import { requireSystemPrincipal } from "../../kit/principal.js";

// The network's side of the steps that cross databases (docs/design.md, "Referrals across two
// databases"), for the gateway's relay only: @inaccessible, answered to the system principal
// alone, every call safe to repeat.

function requireSystem(ctx: NetworkContext): void {
  requireSystemPrincipal(ctx.principal);
}

/** Consumers the relay feeds; one acknowledged position each. */
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
const acceptanceSchema = z
  .object({ referralId: z.uuid(), intakeId: z.uuid(), expectedVersion: z.number().int().min(1), acceptedByMemberId: z.uuid(), organizationId: z.uuid() })
  .strict();

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

  @Query(() => [ReferralFeedItem], { description: "Internal: events of referrals addressed to a consumer's services, after its acknowledged position, oldest first." })
  @Directive("@inaccessible")
  async _referralFeed(@Ctx() ctx: NetworkContext, @Arg("consumer", () => String) consumer: string, @Arg("limit", () => Int, { defaultValue: 100 }) limit: number) {
    requireSystem(ctx);
    const name = validateInput(consumerSchema, consumer, "consumer");
    const take = Math.min(Math.max(limit, 1), 500);
    const cursor = await ctx.db.outboxConsumer.findUnique({ where: { name } });
    // Positions become visible in order (README, "Event feeds"): nothing below the acknowledged one can still appear.
    const events = await ctx.db.referralEvent.findMany({
      where: { position: { gt: cursor?.position ?? 0n }, referral: { serviceKind: SERVICE_KIND_OF[name] } },
      orderBy: { position: "asc" },
      take,
      include: { referral: true },
    });
    return events.map((event) => ({
      position: event.position.toString(),
      referralId: event.referralId,
      receiverOrganizationId: event.referral.receiverOrganizationId,
      serviceId: event.referral.serviceId,
      survivorId: event.referral.survivorId,
      status: event.toStatus,
      version: event.version,
      reason: event.reason,
    }));
  }

  @Mutation(() => String, { description: "Internal: the consumer has applied the feed up to this position (never moves back)." })
  @Directive("@inaccessible")
  async _ackReferralFeed(@Ctx() ctx: NetworkContext, @Arg("consumer", () => String) consumer: string, @Arg("position", () => String) position: string) {
    requireSystem(ctx);
    const name = validateInput(consumerSchema, consumer, "consumer");
    const to = BigInt(validateInput(z.string().regex(/^[0-9]{1,19}$/), position, "position"));
    await ctx.db.$executeRaw`
      INSERT INTO outbox_consumer (name, position, updated_at) VALUES (${name}, ${to}, now())
      ON CONFLICT (name) DO UPDATE SET position = GREATEST(outbox_consumer.position, EXCLUDED.position), updated_at = now()`;
    const cursor = await ctx.db.outboxConsumer.findUniqueOrThrow({ where: { name } });
    return cursor.position.toString();
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
