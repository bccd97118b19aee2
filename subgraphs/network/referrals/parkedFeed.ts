import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import type { ParkedFeedEvent, Prisma } from "../../../prisma/network/generated/client.js";
import type { ReferralServiceKind } from "../../../prisma/network/generated/enums.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { encodeCursor, type Connection, type PageArgs } from "../../kit/pagination.js";
import {
  deliveryProblemsOf,
  noSuchParkedItem,
  OPEN_PARKED_STATES,
  parkedItemNotIn,
  type DeliveryProblem,
  type ParkedDeliveryState,
  type ParkingManager,
} from "../../kit/parking.js";
import type { NetworkDb, NetworkTransaction } from "../db.js";
import { OPEN_STATUSES, type ReferralStatusValue } from "./transitions.js";

/**
 * The network's referral feed to a consumer (the relay into one partner subgraph), with the
 * events it could not deliver in order kept aside (docs/design.md, "Referrals across two
 * databases"). The consumer's cursor (`outbox_consumer`) moves on past an event the destination
 * refused for good: `parked_feed_event` keeps that event (PARKED) and every later event of the
 * same referral (WAITING), so the cursor never has to stop for one referral, and nothing it
 * passes is lost. Those events come back only through here, in position order, once an admin
 * retries or discards what they wait behind.
 *
 * Every change here first locks the consumer's cursor row, so the relay's acknowledgements and
 * parks (any gateway replica's) and the admins' retries and discards take turns.
 */

const OPEN = [...OPEN_PARKED_STATES];

export interface FeedEvent {
  position: bigint;
  referralId: string;
  receiverOrganizationId: string;
  serviceId: string;
  survivorId: string;
  status: string;
  version: number;
  reason: string | null;
}

const TRANSACTION = { isolationLevel: "ReadCommitted", maxWait: 10_000, timeout: 15_000 } as const;

/** The consumer's cursor, locked until the transaction ends. */
async function lockCursor(tx: NetworkTransaction, consumer: string): Promise<bigint> {
  await tx.$executeRaw`INSERT INTO outbox_consumer (name, position, updated_at) VALUES (${consumer}, 0, now()) ON CONFLICT (name) DO NOTHING`;
  const [row] = await tx.$queryRaw<{ position: bigint }[]>`SELECT position FROM outbox_consumer WHERE name = ${consumer} FOR UPDATE`;
  return row!.position;
}

/**
 * Keeps every referral's held events consistent with what is parked ahead of them: kept back
 * (WAITING) exactly while a PARKED event of the same referral comes before them; otherwise in line
 * (QUEUED), since what they waited behind has arrived or been discarded.
 */
async function settle(tx: NetworkTransaction, consumer: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE parked_feed_event w SET state = 'QUEUED', updated_at = now()
    WHERE w.consumer = ${consumer} AND w.state = 'WAITING'
      AND NOT EXISTS (SELECT 1 FROM parked_feed_event p WHERE p.consumer = w.consumer AND p.referral_id = w.referral_id AND p.state = 'PARKED' AND p.position < w.position)`;
  await tx.$executeRaw`
    UPDATE parked_feed_event w SET state = 'WAITING', updated_at = now()
    WHERE w.consumer = ${consumer} AND w.state = 'QUEUED'
      AND EXISTS (SELECT 1 FROM parked_feed_event p WHERE p.consumer = w.consumer AND p.referral_id = w.referral_id AND p.state = 'PARKED' AND p.position < w.position)`;
}

/**
 * Keeps the steps of held referrals that came after their last kept one (a withdrawal after its
 * referral's first step was parked, say): they wait behind it, WAITING, and the feed leaves them out.
 */
async function keepNewHeldSteps(tx: NetworkTransaction, consumer: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO parked_feed_event (id, consumer, position, referral_id, state)
    SELECT gen_random_uuid(), ${consumer}, e.position, e.referral_id, 'WAITING'
    FROM (SELECT referral_id, max(position) AS last FROM parked_feed_event
          WHERE consumer = ${consumer} AND referral_id IN (SELECT referral_id FROM parked_feed_event WHERE consumer = ${consumer} AND state IN ('PARKED', 'WAITING', 'QUEUED'))
          GROUP BY referral_id) AS held
    JOIN referral_event e ON e.referral_id = held.referral_id AND e.position > held.last
    ON CONFLICT (consumer, position) DO NOTHING`;
}

/**
 * Up to `take` events to deliver, oldest first: those after the cursor of referrals with nothing
 * held, and the held ones back in line (QUEUED). A held referral's new steps are kept first, so
 * every one of them is listed and counted. Positions become visible in order (README, "Event
 * feeds"): nothing below the cursor can still appear.
 */
export async function pullReferralFeed(db: NetworkDb, consumer: string, kind: ReferralServiceKind, take: number): Promise<FeedEvent[]> {
  return db.$transaction(async (tx) => {
    const cursor = await lockCursor(tx, consumer);
    await keepNewHeldSteps(tx, consumer);
    await settle(tx, consumer);
    return tx.$queryRaw<FeedEvent[]>`
      SELECT * FROM (
        (SELECT e.position, e.referral_id AS "referralId", r.receiver_organization_id AS "receiverOrganizationId", r.service_id AS "serviceId",
                r.survivor_id AS "survivorId", e.to_status::text AS status, e.version, e.reason
         FROM referral_event e JOIN referral r ON r.id = e.referral_id
         WHERE e.position > ${cursor} AND r.service_kind = ${kind}::"ReferralServiceKind"
           AND NOT EXISTS (SELECT 1 FROM parked_feed_event p WHERE p.consumer = ${consumer} AND p.referral_id = e.referral_id AND p.state IN ('PARKED', 'WAITING', 'QUEUED'))
         ORDER BY e.position LIMIT ${take})
        UNION ALL
        (SELECT e.position, e.referral_id, r.receiver_organization_id, r.service_id, r.survivor_id, e.to_status::text, e.version, e.reason
         FROM parked_feed_event p JOIN referral_event e ON e.position = p.position JOIN referral r ON r.id = e.referral_id
         WHERE p.consumer = ${consumer} AND p.state = 'QUEUED'
         ORDER BY p.position LIMIT ${take})
      ) AS feed
      ORDER BY position LIMIT ${take}`;
  }, TRANSACTION);
}

/**
 * The consumer delivered these events. One back in line is marked DELIVERED; the others move the
 * cursor to the last of them (never back). Events of held referrals that the cursor passes are
 * kept here, behind what holds them (the pull and the park keep them already; this is for a
 * referral another replica parked meanwhile). Answers the cursor.
 */
export async function acknowledgeReferralFeed(db: NetworkDb, consumer: string, kind: ReferralServiceKind, positions: bigint[]): Promise<bigint> {
  return db.$transaction(async (tx) => {
    const cursor = await lockCursor(tx, consumer);
    const queued = new Set(
      (await tx.parkedFeedEvent.findMany({ where: { consumer, position: { in: positions }, state: "QUEUED" }, select: { position: true } })).map((row) => row.position),
    );
    const ahead = positions.filter((position) => !queued.has(position) && position > cursor);
    let to = cursor;
    if (ahead.length > 0) {
      to = ahead.reduce((a, b) => (a > b ? a : b));
      const delivered = positions.map(String);
      await tx.$executeRaw`
        INSERT INTO parked_feed_event (id, consumer, position, referral_id, state)
        SELECT gen_random_uuid(), ${consumer}, e.position, e.referral_id, 'WAITING'
        FROM referral_event e JOIN referral r ON r.id = e.referral_id
        WHERE e.position > ${cursor} AND e.position <= ${to} AND r.service_kind = ${kind}::"ReferralServiceKind"
          AND NOT (e.position = ANY(${delivered}::text[]::bigint[]))
          AND EXISTS (SELECT 1 FROM parked_feed_event p WHERE p.consumer = ${consumer} AND p.referral_id = e.referral_id AND p.state IN ('PARKED', 'WAITING', 'QUEUED'))
        ON CONFLICT (consumer, position) DO NOTHING`;
      await tx.outboxConsumer.update({ where: { name: consumer }, data: { position: to } });
    }
    if (queued.size > 0) {
      await tx.parkedFeedEvent.updateMany({ where: { consumer, position: { in: [...queued] }, state: "QUEUED" }, data: { state: "DELIVERED", updatedAt: new Date() } });
    }
    await settle(tx, consumer);
    return to;
  }, TRANSACTION);
}

/**
 * The destination refused this event for good (or failed it again and again while it took
 * others): parked with its code and reason, and the referral's later events held behind it. Repeating it (another replica) changes nothing but the
 * reason.
 */
export async function parkReferralFeedEvent(db: NetworkDb, consumer: string, position: bigint, refusal: { code: string; reason: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockCursor(tx, consumer);
    const event = await tx.referralEvent.findUnique({ where: { position }, select: { referralId: true } });
    if (!event) throw new GraphQLError("No referral event at this position", { extensions: { code: ERROR_CODES.NOT_FOUND, argumentName: "position" } });
    await tx.$executeRaw`
      INSERT INTO parked_feed_event (id, consumer, position, referral_id, state, code, reason, refusals)
      VALUES (${randomUUID()}::uuid, ${consumer}, ${position}, ${event.referralId}::uuid, 'PARKED', ${refusal.code}, ${refusal.reason}, 1)
      ON CONFLICT (consumer, position) DO UPDATE SET
        refusals = parked_feed_event.refusals + CASE WHEN parked_feed_event.state = 'PARKED' THEN 0 ELSE 1 END,
        parked_at = CASE WHEN parked_feed_event.state = 'PARKED' THEN parked_feed_event.parked_at ELSE now() END,
        state = 'PARKED', code = EXCLUDED.code, reason = EXCLUDED.reason, updated_at = now()
      WHERE parked_feed_event.state IN ('PARKED', 'WAITING', 'QUEUED')`;
    await keepNewHeldSteps(tx, consumer);
    await settle(tx, consumer);
  }, TRANSACTION);
}

/**
 * The destination failed this event, perhaps for something about it rather than an outage, and
 * the relay tries it again later while it delivers the others: kept aside in line (QUEUED) with its
 * last failure, so that the cursor can move past it without losing it, and the referral's later
 * events wait behind it. One already held, parked or settled is left as it is but for the failure
 * named; one the cursor has passed without keeping it was delivered (by another replica), so it is
 * not kept again.
 */
export async function holdReferralFeedEvent(db: NetworkDb, consumer: string, position: bigint, failure: { code: string; reason: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const cursor = await lockCursor(tx, consumer);
    await tx.$executeRaw`
      UPDATE parked_feed_event SET code = ${failure.code}, reason = ${failure.reason}, updated_at = now()
      WHERE consumer = ${consumer} AND position = ${position} AND state = 'QUEUED'`;
    await tx.$executeRaw`
      INSERT INTO parked_feed_event (id, consumer, position, referral_id, state, code, reason, refusals)
      SELECT ${randomUUID()}::uuid, ${consumer}, e.position, e.referral_id, 'QUEUED', ${failure.code}, ${failure.reason}, 0
      FROM referral_event e WHERE e.position = ${position} AND e.position > ${cursor}
      ON CONFLICT (consumer, position) DO NOTHING`;
    await keepNewHeldSteps(tx, consumer);
    await settle(tx, consumer);
  }, TRANSACTION);
}

type ParkedWithParties = ParkedFeedEvent & { event: { toStatus: string; version: number; referral: { senderOrganizationId: string; receiverOrganizationId: string } } };

const WITH_PARTIES = { event: { select: { toStatus: true, version: true, referral: { select: { senderOrganizationId: true, receiverOrganizationId: true } } } } } as const;

/** An organisation admin manages the items of referrals its organisation is a party to; a steward, all. */
function managedBy(manager: ParkingManager): Prisma.ParkedFeedEventWhereInput {
  if (manager.organizationId === null) return {};
  const organizationId = manager.organizationId;
  return { event: { referral: { OR: [{ senderOrganizationId: organizationId }, { receiverOrganizationId: organizationId }] } } };
}

/**
 * Retries or discards one item: moves it from one of `from` to `to`, then settles its referral's
 * others. `refuse` answers why this item may not be moved so, once its state allows the move.
 */
async function resolve(
  db: NetworkDb,
  manager: ParkingManager,
  id: string,
  from: readonly ParkedDeliveryState[],
  data: Prisma.ParkedFeedEventUpdateManyMutationInput,
  refuse: (toStatus: ReferralStatusValue) => GraphQLError | null = () => null,
): Promise<ParkedWithParties> {
  return db.$transaction(async (tx) => {
    const found = await tx.parkedFeedEvent.findFirst({ where: { id, ...managedBy(manager) }, select: { consumer: true, event: { select: { toStatus: true } } } });
    if (!found) throw noSuchParkedItem();
    await lockCursor(tx, found.consumer);
    // Every change to the consumer's items holds this lock: the state read now stays until we commit.
    const current = await tx.parkedFeedEvent.findUniqueOrThrow({ where: { id }, select: { state: true } });
    if (!from.includes(current.state)) throw parkedItemNotIn(from, current.state);
    const refusal = refuse(found.event.toStatus);
    if (refusal) throw refusal;
    const now = new Date();
    const moved = await tx.parkedFeedEvent.updateMany({
      where: { id, state: { in: [...from] } },
      data: { ...data, resolvedByMemberId: manager.memberId, resolvedAt: now, updatedAt: now },
    });
    if (moved.count === 0) throw parkedItemNotIn(from, current.state);
    await settle(tx, found.consumer);
    return tx.parkedFeedEvent.findUniqueOrThrow({ where: { id }, include: WITH_PARTIES });
  }, TRANSACTION);
}

/** Sends a parked event back in line, with the ones waiting behind it: the relay delivers them next, in order. */
export function retryParkedFeedEvent(db: NetworkDb, manager: ParkingManager, id: string): Promise<ParkedWithParties> {
  return resolve(db, manager, id, ["PARKED"], { state: "QUEUED" });
}

/** Does this step end its referral (DECLINED, WITHDRAWN, HANDED_BACK, COMPLETED, CLOSED)? */
export const endsReferral = (toStatus: ReferralStatusValue): boolean => !OPEN_STATUSES.includes(toStatus);

/**
 * A step that ends its referral is what frees the survivor's place at the shelter: delivered, the
 * relay releases the shelter's intake with it. Given up, the shelter would never learn that the
 * referral ended, and its intake would keep the bed while the network says the referral is over:
 * acceptance and bed would part ways. The network cannot tell that no intake holds a bed there
 * (an acceptance may be on its way to it), so such a step is never discarded, whether PARKED or
 * WAITING behind another (it would be lost the same way once what it waits behind is settled): it
 * can only be retried, once the cause is mended. A step that ends nothing may be given up: the
 * referral's later steps carry its status on.
 */
function endStepNotDiscardable(toStatus: ReferralStatusValue): GraphQLError | null {
  if (!endsReferral(toStatus)) return null;
  return new GraphQLError(`This step ends the referral (${toStatus}) and frees the survivor's place at the shelter, so it cannot be discarded: retry it once the cause is mended`, {
    extensions: { code: ERROR_CODES.INVALID_TRANSITION, argumentName: "id" },
  });
}

/**
 * Gives a parked (or kept back) event up, with the admin's reason: it is never delivered. What
 * waited behind it goes back in line. Never a step that ends its referral (above).
 */
export function discardParkedFeedEvent(db: NetworkDb, manager: ParkingManager, id: string, reason: string): Promise<ParkedWithParties> {
  return resolve(db, manager, id, ["PARKED", "WAITING"], { state: "DISCARDED", discardReason: reason }, endStepNotDiscardable);
}

export interface ParkedFeedItem extends ParkedWithParties {
  waitingBehind: string | null;
}

/** The items the manager may see in the given states, by position (the order they are delivered in). */
export async function listParkedFeedEvents(db: NetworkDb, manager: ParkingManager, states: readonly ParkedDeliveryState[], page: PageArgs): Promise<Connection<ParkedFeedItem>> {
  let after: Prisma.ParkedFeedEventWhereInput = {};
  if (page.after) {
    if (!/^[0-9]{1,19}$/.test(page.after.k))
      throw new GraphQLError("The `after` cursor is not one this API issued", { extensions: { code: ERROR_CODES.BAD_USER_INPUT, argumentName: "after" } });
    const position = BigInt(page.after.k);
    after = { OR: [{ position: { gt: position } }, { position, id: { gt: page.after.id } }] };
  }
  const where: Prisma.ParkedFeedEventWhereInput = { state: { in: [...states] }, ...managedBy(manager) };
  const [rows, totalCount] = await Promise.all([
    db.parkedFeedEvent.findMany({ where: { AND: [where, after] }, orderBy: [{ position: "asc" }, { id: "asc" }], take: page.first + 1, include: WITH_PARTIES }),
    db.parkedFeedEvent.count({ where }),
  ]);
  const nodes = rows.slice(0, page.first);
  const ahead = await parkedAhead(
    db,
    nodes.filter((row) => row.state === "WAITING"),
  );
  const edges = nodes.map((row) => ({ cursor: encodeCursor(row.position.toString(), row.id), node: { ...row, waitingBehind: ahead.get(row.id) ?? null } }));
  return { edges, pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}

/** For each WAITING item, the PARKED one of its referral nearest ahead of it. */
async function parkedAhead(db: NetworkDb, waiting: ParkedFeedEvent[]): Promise<Map<string, string>> {
  if (waiting.length === 0) return new Map();
  const parked = await db.parkedFeedEvent.findMany({
    where: { state: "PARKED", referralId: { in: [...new Set(waiting.map((row) => row.referralId))] } },
    orderBy: { position: "desc" },
    select: { id: true, consumer: true, referralId: true, position: true },
  });
  const result = new Map<string, string>();
  for (const row of waiting) {
    const head = parked.find((p) => p.consumer === row.consumer && p.referralId === row.referralId && p.position < row.position);
    if (head) result.set(row.id, head.id);
  }
  return result;
}

/** Per referral: its first step not yet delivered to a partner subgraph, and how many wait behind it; null when none. */
export async function deliveryProblems(db: NetworkDb, referralIds: readonly string[]): Promise<(DeliveryProblem | null)[]> {
  const rows = await db.parkedFeedEvent.findMany({ where: { referralId: { in: [...referralIds] }, state: { in: OPEN } }, orderBy: { position: "asc" } });
  return deliveryProblemsOf(referralIds, rows, (row) => row.consumer);
}
