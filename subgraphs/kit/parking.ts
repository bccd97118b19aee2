import { GraphQLError } from "graphql";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { z } from "zod";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { hasAnyRole, type Principal } from "../../vocabulary/principal.js";
import { validateInput } from "./validation.js";

/**
 * What the subgraphs that own an outbox share about the messages a relay could not deliver
 * (docs/design.md, "Referrals across two databases"): the states, who may manage them, and the
 * fields every parked item shows. Each owner keeps its parked items in its own database.
 */
export const ParkedDeliveryState = {
  PARKED: "PARKED",
  WAITING: "WAITING",
  QUEUED: "QUEUED",
  DELIVERED: "DELIVERED",
  DISCARDED: "DISCARDED",
} as const;
export type ParkedDeliveryState = (typeof ParkedDeliveryState)[keyof typeof ParkedDeliveryState];

registerEnumType(ParkedDeliveryState, {
  name: "ParkedDeliveryState",
  description: "Where a message that a relay could not deliver in order stands.",
  valuesConfig: {
    PARKED: { description: "The destination refused it for a reason retrying cannot change; it waits for an admin to retry or discard it." },
    WAITING: { description: "A later step of the same referral, kept back behind a parked one so that the referral's steps arrive in order." },
    QUEUED: {
      description:
        "In line: retried by an admin, what it waited behind is settled, or the relay is trying it again after failures that may be its own (code and reason are the last failure); delivered next, in order.",
    },
    DELIVERED: { description: "It arrived after it was parked or kept back." },
    DISCARDED: { description: "An admin gave it up, with a reason; it is never delivered." },
  },
});

/** The states of an item still to be settled: its referral's later steps wait behind it. */
export const OPEN_PARKED_STATES = [ParkedDeliveryState.PARKED, ParkedDeliveryState.WAITING, ParkedDeliveryState.QUEUED] as const;

/** Who manages parked items: an organisation admin, for its own referrals; a network steward, for all. */
export interface ParkingManager {
  memberId: string;
  /** The admin's organisation; null for a network steward, who is no party and is not told whose referral an item is. */
  organizationId: string | null;
}

export function requireParkingManager(principal: Principal): ParkingManager {
  if (principal.kind !== "member" || !principal.organizationId) throw forbidden();
  if (hasAnyRole(principal, ["NETWORK_STEWARD"])) return { memberId: principal.id, organizationId: null };
  if (hasAnyRole(principal, ["ORG_ADMIN"])) return { memberId: principal.id, organizationId: principal.organizationId };
  throw forbidden();
}

const forbidden = () => new GraphQLError("Only an organisation admin or a network steward may manage parked deliveries", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });

/** One that is not there, or not the caller's to see: the same answer. */
export const noSuchParkedItem = () => new GraphQLError("No such parked item of your organisation", { extensions: { code: ERROR_CODES.NOT_FOUND, argumentName: "id" } });

/** A step that the item's state does not allow; nothing changed. */
export function parkedItemNotIn(allowed: readonly ParkedDeliveryState[], state: string): GraphQLError {
  return new GraphQLError(`Only an item that is ${allowed.join(" or ")} can be changed so; this one is ${state}`, { extensions: { code: ERROR_CODES.INVALID_TRANSITION } });
}

/** What a referral shows while one of its steps is held on its way: the first held, and how many wait behind it. */
export interface DeliveryProblem {
  destination: string;
  state: ParkedDeliveryState;
  code: string | null;
  reason: string | null;
  since: Date;
  waiting: number;
}

/** For each referral, its delivery problem from its held items (oldest first), or null when it has none. */
export function deliveryProblemsOf<T extends { referralId: string; state: ParkedDeliveryState; code: string | null; reason: string | null; parkedAt: Date }>(
  referralIds: readonly string[],
  held: readonly T[],
  destinationOf: (item: T) => string,
): (DeliveryProblem | null)[] {
  return referralIds.map((referralId) => {
    const own = held.filter((item) => item.referralId === referralId);
    const head = own[0];
    return head ? { destination: destinationOf(head), state: head.state, code: head.code, reason: head.reason, since: head.parkedAt, waiting: own.length - 1 } : null;
  });
}

export const discardReasonSchema = z.string().trim().min(3, "say why (at least 3 characters)").max(500);
const parkedStatesSchema = z.array(z.enum(ParkedDeliveryState)).max(5);

/** The states a list of parked items asks for: those named (checked), or by default the unsettled ones. */
export function wantedParkedStates(states: readonly string[] | null): ParkedDeliveryState[] {
  return states?.length ? validateInput(parkedStatesSchema, states, "states") : [...OPEN_PARKED_STATES];
}

/** The fields every parked item shows, whatever its owner. */
@ObjectType({ description: "Not in any schema: the fields its subclasses share." })
export abstract class ParkedItemFields {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "The subgraph it is addressed to." })
  destination!: string;

  @Field(() => ParkedDeliveryState)
  state!: ParkedDeliveryState;

  @Field(() => String, { nullable: true, description: "The destination's code at its last refusal (e.g. BAD_USER_INPUT); null for a step kept back that was never tried." })
  code!: string | null;

  @Field(() => String, { nullable: true, description: "What the destination said at its last refusal." })
  reason!: string | null;

  @Field(() => ID, { nullable: true, description: "For a WAITING item: the parked item it waits behind." })
  waitingBehind!: string | null;

  @Field(() => Int, { description: "How often the destination refused it." })
  refusals!: number;

  @Field(() => Date, { description: "When it was parked (last), or kept back." })
  parkedAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => ID, { nullable: true, description: "The admin who last retried or discarded it." })
  resolvedByMemberId!: string | null;

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "Why it was discarded." })
  discardReason!: string | null;
}

/** What a referral shows both its parties while a step of it is not delivered. */
@ObjectType({ description: "Not in any schema: the fields its subclasses share." })
export abstract class DeliveryProblemFields {
  @Field(() => String, { description: "The subgraph the step is addressed to." })
  destination!: string;

  @Field(() => ParkedDeliveryState, {
    description: "PARKED until an admin retries or discards it; QUEUED while it is in line (back from an admin, or being tried again by the relay).",
  })
  state!: ParkedDeliveryState;

  @Field(() => String, { nullable: true, description: "The destination's code at its last refusal." })
  code!: string | null;

  @Field(() => String, { nullable: true, description: "What the destination said." })
  reason!: string | null;

  @Field(() => Date, { description: "Since when the step has been held." })
  since!: Date;

  @Field(() => Int, { description: "How many later steps of the referral wait behind it." })
  waiting!: number;
}
