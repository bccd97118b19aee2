import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { pageArgs, type Connection } from "../../kit/pagination.js";
import { discardReasonSchema, ParkedDeliveryState, wantedParkedStates, requireParkingManager, type ParkingManager } from "../../kit/parking.js";
import { parseId } from "../../kit/ids.js";
import { access } from "../../kit/principal.js";
import { validateInput } from "../../kit/validation.js";
import type { NetworkContext } from "../context.js";
import { ParkedReferralDelivery, ParkedReferralDeliveryConnection, ReferralDeliveryProblem } from "../entities/ParkedDelivery.js";
import { Referral } from "../entities/Referral.js";
import { discardParkedFeedEvent, listParkedFeedEvents, retryParkedFeedEvent, type ParkedFeedItem } from "../referrals/parkedFeed.js";

/** Never whose referral it is to a steward: the item is enough to retry or discard it. */
function toParked(row: Omit<ParkedFeedItem, "waitingBehind"> & { waitingBehind?: string | null }, manager: ParkingManager): ParkedReferralDelivery {
  const party = manager.organizationId !== null;
  return {
    id: row.id,
    destination: row.consumer,
    state: row.state,
    code: row.code,
    reason: row.reason,
    waitingBehind: row.waitingBehind ?? null,
    refusals: row.refusals,
    parkedAt: row.parkedAt,
    updatedAt: row.updatedAt,
    resolvedByMemberId: row.resolvedByMemberId,
    resolvedAt: row.resolvedAt,
    discardReason: row.discardReason,
    referralId: party ? row.referralId : null,
    senderOrganizationId: party ? row.event.referral.senderOrganizationId : null,
    receiverOrganizationId: party ? row.event.referral.receiverOrganizationId : null,
    eventPosition: row.position.toString(),
    toStatus: row.event.toStatus as ParkedReferralDelivery["toStatus"],
    version: row.event.version,
  };
}

/**
 * Referral steps the relay parked on their way to a partner subgraph (docs/design.md, "Referrals
 * across two databases"): an organisation admin sees, retries and discards those of referrals its
 * organisation is a party to, a network steward every one (without whose referral it is).
 */
@Resolver()
export class ParkedDeliveryResolver {
  @Query(() => ParkedReferralDeliveryConnection, {
    nullable: true,
    description: "Referral steps parked on their way to a partner subgraph, in the order they are delivered in; by default those still to be settled (PARKED, WAITING, QUEUED).",
  })
  @Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
  async parkedReferralDeliveries(
    @Ctx() ctx: NetworkContext,
    @Arg("states", () => [ParkedDeliveryState], { nullable: true }) states: ParkedDeliveryState[] | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<ParkedReferralDelivery>> {
    const manager = requireParkingManager(ctx.principal);
    const wanted = wantedParkedStates(states);
    const page = await listParkedFeedEvents(ctx.db, manager, wanted, pageArgs(first, after));
    return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toParked(edge.node, manager) })) };
  }

  @Mutation(() => ParkedReferralDelivery, {
    description: "Sends a PARKED step back in line, with the steps waiting behind it: the relay delivers them next, in order (parked again if refused again).",
  })
  @Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
  async retryParkedReferralDelivery(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string): Promise<ParkedReferralDelivery> {
    const manager = requireParkingManager(ctx.principal);
    return toParked(await retryParkedFeedEvent(ctx.db, manager, parseId(id)), manager);
  }

  @Mutation(() => ParkedReferralDelivery, {
    description:
      "Gives up a PARKED (or WAITING) step, with your reason: it is never delivered, and is kept, DISCARDED, with who did it and why. The steps that waited behind it go back in line. A step that ends the referral (DECLINED, WITHDRAWN, HANDED_BACK, COMPLETED, CLOSED) is never given up, since it frees the survivor's place at the shelter: INVALID_TRANSITION; retry it once the cause is mended.",
  })
  @Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
  async discardParkedReferralDelivery(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string): Promise<ParkedReferralDelivery> {
    const manager = requireParkingManager(ctx.principal);
    const why = validateInput(discardReasonSchema, reason, "reason");
    return toParked(await discardParkedFeedEvent(ctx.db, manager, parseId(id), why), manager);
  }
}

/** What both parties see on the referral while one of its steps is parked. */
@Resolver(() => Referral)
export class ReferralDeliveryResolver {
  @FieldResolver(() => ReferralDeliveryProblem, {
    nullable: true,
    description: "A step of this referral the receiving partner's subgraph refused and the relay parked, with the reason; null while every step has arrived.",
  })
  deliveryProblem(@Root() referral: Referral, @Ctx() ctx: NetworkContext): Promise<ReferralDeliveryProblem | null> {
    return ctx.loaders.deliveryProblem.load(referral.id);
  }
}
