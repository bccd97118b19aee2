import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { pageArgs, type Connection } from "../../kit/pagination.js";
import { discardReasonSchema, ParkedDeliveryState, wantedParkedStates, requireParkingManager, type ParkingManager } from "../../kit/parking.js";
import { access } from "../../kit/principal.js";
import { validateInput } from "../../kit/validation.js";
import type { SheltersContext } from "../context.js";
import { IntakeDeliveryProblem, ParkedIntakeMessage, ParkedIntakeMessageConnection } from "../entities/ParkedIntakeMessage.js";
import { ReferralRef } from "../entities/stubs.js";
import { outboxIdSchema } from "../intake/intakeInput.js";
import { discardParkedOutbox, listParkedOutbox, retryParkedOutbox, type ParkedMessageRow } from "../intake/parkedOutbox.js";

/** Never which referral to a steward: the item is enough to retry or discard it. */
function toParked(row: ParkedMessageRow, manager: ParkingManager): ParkedIntakeMessage {
  return {
    ...row,
    id: row.id.toString(),
    destination: "network",
    waitingBehind: row.waitingBehind?.toString() ?? null,
    referralId: manager.organizationId === null ? null : row.referralId,
  };
}

/**
 * A shelter's intake messages the relay parked on their way to the network (docs/design.md,
 * "Referrals across two databases"): the shelter's admins see, retry and discard their own, a
 * network steward every one (without which referral it is about).
 */
@Resolver()
export class ParkedIntakeResolver {
  @Query(() => ParkedIntakeMessageConnection, {
    nullable: true,
    description:
      "Your shelter's intake messages parked on their way to the network, in the order they are delivered in; by default those still to be settled (PARKED, WAITING, QUEUED).",
  })
  @Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
  async parkedIntakeMessages(
    @Ctx() ctx: SheltersContext,
    @Arg("states", () => [ParkedDeliveryState], { nullable: true }) states: ParkedDeliveryState[] | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<ParkedIntakeMessage>> {
    const manager = requireParkingManager(ctx.principal);
    const wanted = wantedParkedStates(states);
    const page = await listParkedOutbox(ctx.db, manager, wanted, pageArgs(first, after));
    return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toParked(edge.node, manager) })) };
  }

  @Mutation(() => ParkedIntakeMessage, {
    description: "Sends a PARKED message back in line, with those waiting behind it: the relay delivers them next, in order (parked again if refused again).",
  })
  @Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
  async retryParkedIntakeMessage(@Ctx() ctx: SheltersContext, @Arg("id", () => ID) id: string): Promise<ParkedIntakeMessage> {
    const manager = requireParkingManager(ctx.principal);
    return toParked(await retryParkedOutbox(ctx.db, manager, validateInput(outboxIdSchema, id, "id")), manager);
  }

  @Mutation(() => ParkedIntakeMessage, {
    description:
      "Gives up a PARKED (or WAITING) message, with your reason: it is never delivered, and is kept, DISCARDED, with who did it and why; those that waited behind it go back in line. A discarded acceptance gives its place back at once: its intake, still pending, is released in the same transaction, since the network will never learn of it (the referral stays as the network has it: decline it, or the sender withdraws it).",
  })
  @Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
  async discardParkedIntakeMessage(@Ctx() ctx: SheltersContext, @Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string): Promise<ParkedIntakeMessage> {
    const manager = requireParkingManager(ctx.principal);
    const why = validateInput(discardReasonSchema, reason, "reason");
    return toParked(await discardParkedOutbox(ctx.db, manager, validateInput(outboxIdSchema, id, "id"), why), manager);
  }
}

/** What both parties see on the referral while the shelter's acceptance of it is parked. */
@Resolver(() => ReferralRef)
export class ReferralIntakeDeliveryResolver {
  @FieldResolver(() => IntakeDeliveryProblem, {
    nullable: true,
    description: "The shelter's acceptance of this referral, refused by the network and parked by the relay, with the reason; null while nothing of the shelter's is held.",
  })
  intakeDeliveryProblem(@Root() referral: ReferralRef, @Ctx() ctx: SheltersContext): Promise<IntakeDeliveryProblem | null> {
    return ctx.loaders.intakeDeliveryProblem.load(referral.id);
  }
}
