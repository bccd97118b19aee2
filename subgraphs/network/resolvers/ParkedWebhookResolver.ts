import { Arg, Ctx, Directive, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { parseId } from "../../kit/ids.js";
import { pageArgs, type Connection } from "../../kit/pagination.js";
import { discardReasonSchema, ParkedDeliveryState, wantedParkedStates } from "../../kit/parking.js";
import { access } from "../../kit/principal.js";
import { validateInput } from "../../kit/validation.js";
import { requireOrganizationAdmin } from "../administration/callers.js";
import type { NetworkContext } from "../context.js";
import { ParkedWebhookDelivery, ParkedWebhookDeliveryConnection } from "../entities/ParkedDelivery.js";
import { discardWebhookDelivery, listParkedWebhookDeliveries, retryWebhookDelivery, type ParkedWebhookRow } from "../webhooks/parkedDeliveries.js";

function toParked(row: ParkedWebhookRow): ParkedWebhookDelivery {
  const failed = row.attempts - (row.delivered ? 1 : 0);
  return {
    ...row,
    destination: "webhook",
    eventPosition: row.eventPosition.toString(),
    code: row.state === "WAITING" || failed === 0 ? null : row.lastStatus !== null ? `HTTP_${row.lastStatus}` : "NO_ANSWER",
    refusals: failed,
  };
}

/** An organisation admin sees, retries and discards the parked deliveries of the organisation's webhooks (another's: NOT_FOUND). */
@Resolver()
export class ParkedWebhookResolver {
  @Query(() => ParkedWebhookDeliveryConnection, {
    nullable: true,
    description: "Parked deliveries of your organisation's webhooks (of one, with `subscriptionId`), by position; by default those still to be settled (PARKED, WAITING, QUEUED).",
  })
  @Directive(access("ORG_ADMIN"))
  async parkedWebhookDeliveries(
    @Ctx() ctx: NetworkContext,
    @Arg("subscriptionId", () => ID, { nullable: true }) subscriptionId: string | null,
    @Arg("states", () => [ParkedDeliveryState], { nullable: true }) states: ParkedDeliveryState[] | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<ParkedWebhookDelivery>> {
    const admin = requireOrganizationAdmin(ctx);
    const wanted = wantedParkedStates(states);
    const page = await listParkedWebhookDeliveries(ctx.db, admin.organizationId, subscriptionId ? parseId(subscriptionId, "subscriptionId") : null, wanted, pageArgs(first, after));
    return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toParked(edge.node) })) };
  }

  @Mutation(() => ParkedWebhookDelivery, { description: "Sends a PARKED webhook delivery back in line with a fresh count of attempts: sent next, then what waited behind it." })
  @Directive(access("ORG_ADMIN"))
  async retryWebhookDelivery(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string): Promise<ParkedWebhookDelivery> {
    const admin = requireOrganizationAdmin(ctx);
    return toParked(await retryWebhookDelivery(ctx.db, admin, parseId(id)));
  }

  @Mutation(() => ParkedWebhookDelivery, {
    description: "Gives up a PARKED (or WAITING) webhook delivery, with your reason: it is never sent, and is kept, DISCARDED. What waited behind it goes on.",
  })
  @Directive(access("ORG_ADMIN"))
  async discardWebhookDelivery(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string): Promise<ParkedWebhookDelivery> {
    const admin = requireOrganizationAdmin(ctx);
    return toParked(await discardWebhookDelivery(ctx.db, admin, parseId(id), validateInput(discardReasonSchema, reason, "reason")));
  }
}
