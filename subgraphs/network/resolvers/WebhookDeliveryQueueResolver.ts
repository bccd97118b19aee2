import { Arg, Ctx, Directive, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from "type-graphql";
import { z } from "zod";
import { requireSystemPrincipal } from "../../kit/principal.js";
import { validateInput } from "../../kit/validation.js";
import type { NetworkContext } from "../context.js";
import { claimWebhookDelivery, enqueueWebhookEvents, recordWebhookAttempt, type WebhookAttempt } from "../webhooks/deliveryQueue.js";

// The network's webhook delivery queue (`webhooks/deliveryQueue.ts`), for the workers process
// only: @inaccessible, answered to the system principal alone, every call safe to repeat.

@ObjectType({ description: "Internal: a webhook delivery leased to a worker, signed, ready to send." })
@Directive("@inaccessible")
export class WebhookDeliveryClaim {
  @Field(() => ID) id!: string;
  @Field(() => String) url!: string;
  @Field(() => ID) eventId!: string;
  @Field(() => String, { description: "The JSON body, exactly as signed." }) body!: string;
  @Field(() => String) signature!: string;
  @Field(() => Int, { description: "Failed attempts before this one." }) attempts!: number;
  @Field(() => String, { description: "Until when the delivery is the caller's (ISO 8601); a failure recorded later is not taken." }) leaseUntil!: string;
  @Field(() => String) position!: string;
  @Field(() => ID) referralId!: string;
}

@InputType({ description: "Internal: what became of a worker's attempt at a webhook delivery." })
@Directive("@inaccessible")
export class WebhookAttemptInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: "DELIVERED, RETRY (at nextAttemptAt) or PARK (with reason)." }) outcome!: string;
  @Field(() => Int, { description: "Attempts so far, this one included." }) attempts!: number;
  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status; null when it did not answer." }) status!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => String, { nullable: true, description: "RETRY: when the next attempt is due (ISO 8601)." }) nextAttemptAt!: string | null;
  @Field(() => String, { nullable: true, description: "PARK: why, for the organisation's admin." }) reason!: string | null;
  @Field(() => String, { nullable: true, description: "RETRY and PARK: the claim's leaseUntil, as it was handed out." }) leaseUntil!: string | null;
}

const attemptSchema = z.discriminatedUnion("outcome", [
  z.object({ id: z.uuid(), outcome: z.literal("DELIVERED"), attempts: z.number().int().min(1), status: z.number().int().min(100).max(599) }),
  z.object({
    id: z.uuid(),
    outcome: z.literal("RETRY"),
    attempts: z.number().int().min(1),
    status: z.number().int().min(100).max(599).nullable(),
    error: z.string().min(1).max(2000),
    nextAttemptAt: z.iso.datetime(),
    leaseUntil: z.iso.datetime(),
  }),
  z.object({
    id: z.uuid(),
    outcome: z.literal("PARK"),
    attempts: z.number().int().min(1),
    status: z.number().int().min(100).max(599).nullable(),
    error: z.string().min(1).max(2000),
    reason: z.string().min(1).max(2000),
    leaseUntil: z.iso.datetime(),
  }),
]);

@Resolver()
export class WebhookDeliveryQueueResolver {
  @Mutation(() => [ID], { description: "Internal: enqueues every active webhook's new events; answers the active webhooks' ids." })
  @Directive("@inaccessible")
  async _enqueueWebhookEvents(@Ctx() ctx: NetworkContext): Promise<string[]> {
    requireSystemPrincipal(ctx.principal);
    return enqueueWebhookEvents(ctx.db);
  }

  @Mutation(() => WebhookDeliveryClaim, {
    nullable: true,
    description: "Internal: the webhook's next delivery in position order, if it is due, leased to the caller for leaseMs; null when none is due (or another worker holds it).",
  })
  @Directive("@inaccessible")
  async _claimWebhookDelivery(
    @Ctx() ctx: NetworkContext,
    @Arg("subscriptionId", () => ID) subscriptionId: string,
    @Arg("leaseMs", () => Int) leaseMs: number,
    @Arg("holder", () => ID, { description: "The workers process asking (a random id per process): it may lease its own head again." }) holder: string,
  ): Promise<WebhookDeliveryClaim | null> {
    requireSystemPrincipal(ctx.principal);
    const valid = validateInput(
      z.object({ subscriptionId: z.uuid(), leaseMs: z.number().int().min(1_000).max(600_000), holder: z.uuid() }),
      { subscriptionId, leaseMs, holder },
      "input",
    );
    const claim = await claimWebhookDelivery(ctx.db, valid.subscriptionId, valid.leaseMs, valid.holder);
    return claim && { ...claim, leaseUntil: claim.leaseUntil.toISOString() };
  }

  @Mutation(() => Boolean, {
    description:
      "Internal: records a worker's attempt at a delivery (delivered, to retry, or parked); false when it was not taken (no such delivery, or a failure after the claim's lease ran out).",
  })
  @Directive("@inaccessible")
  async _recordWebhookAttempt(@Ctx() ctx: NetworkContext, @Arg("input", () => WebhookAttemptInput) input: WebhookAttemptInput): Promise<boolean> {
    requireSystemPrincipal(ctx.principal);
    // Fields an outcome does not use are dropped (null or not).
    const valid = validateInput(attemptSchema, { ...input }, "input");
    const attempt: WebhookAttempt =
      valid.outcome === "RETRY"
        ? { ...valid, nextAttemptAt: new Date(valid.nextAttemptAt), leaseUntil: new Date(valid.leaseUntil) }
        : valid.outcome === "PARK"
          ? { ...valid, leaseUntil: new Date(valid.leaseUntil) }
          : valid;
    return recordWebhookAttempt(ctx.db, valid.id, attempt);
  }
}
