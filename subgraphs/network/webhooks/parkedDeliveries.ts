import { Prisma } from "../../../prisma/network/generated/client.js";
import { encodeCursor, pageOfRows, type Connection, type PageArgs } from "../../kit/pagination.js";
import { noSuchParkedItem, parkedItemNotIn, type ParkedDeliveryState } from "../../kit/parking.js";
import type { NetworkDb, NetworkTransaction } from "../db.js";
import { cursorPosition } from "./positionCursor.js";

/**
 * Webhook deliveries the workers parked (`workers/webhooks/deliveryWorker.ts`, over `deliveryQueue.ts`): the receiver refused them for good,
 * or they failed every attempt. Stored on the delivery (`parked_state`: PARKED, QUEUED, DELIVERED,
 * DISCARDED); WAITING is read from the order — an undelivered delivery to the same webhook of a
 * referral with a PARKED one before it. The webhook's organisation's admins manage them.
 */

export interface ParkedWebhookRow {
  id: string;
  subscriptionId: string;
  eventPosition: bigint;
  referralId: string;
  state: ParkedDeliveryState;
  lastStatus: number | null;
  reason: string | null;
  waitingBehind: string | null;
  attempts: number;
  delivered: boolean;
  parkedAt: Date;
  updatedAt: Date;
  resolvedByMemberId: string | null;
  resolvedAt: Date | null;
  discardReason: string | null;
}

/** Another's delivery ahead of `d` in the same webhook and referral, PARKED (SQL over `d`). */
const parkedAheadOf = Prisma.sql`FROM webhook_delivery p WHERE p.subscription_id = d.subscription_id AND p.referral_id = d.referral_id AND p.parked_state = 'PARKED' AND p.event_position < d.event_position`;

function deliveries(organizationId: string, where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT * FROM (
      SELECT d.id, d.subscription_id AS "subscriptionId", d.event_position AS "eventPosition", d.referral_id AS "referralId",
             CASE
               WHEN d.parked_state IN ('PARKED', 'DELIVERED', 'DISCARDED') THEN d.parked_state::text
               WHEN d.delivered_at IS NULL AND EXISTS (SELECT 1 ${parkedAheadOf}) THEN 'WAITING'
               ELSE d.parked_state::text
             END AS state,
             d.last_status AS "lastStatus", d.park_reason AS reason, d.attempts, d.delivered_at IS NOT NULL AS delivered,
             (SELECT p.id ${parkedAheadOf} ORDER BY p.event_position DESC LIMIT 1) AS "waitingBehind",
             COALESCE(d.parked_at, d.created_at) AS "parkedAt", COALESCE(d.resolved_at, d.parked_at, d.created_at) AS "updatedAt",
             d.resolved_by_member_id AS "resolvedByMemberId", d.resolved_at AS "resolvedAt", d.discard_reason AS "discardReason"
      FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
      WHERE s.organization_id = ${organizationId}::uuid
    ) AS item
    WHERE item.state IS NOT NULL AND ${where}`;
}

async function findDelivery(db: NetworkDb | NetworkTransaction, organizationId: string, id: string): Promise<ParkedWebhookRow> {
  const [row] = await db.$queryRaw<ParkedWebhookRow[]>(deliveries(organizationId, Prisma.sql`item.id = ${id}::uuid`));
  if (!row) throw noSuchParkedItem();
  return row;
}

/** The organisation's parked webhook deliveries (of one webhook, or all) in the given states, by position. */
export async function listParkedWebhookDeliveries(
  db: NetworkDb,
  organizationId: string,
  subscriptionId: string | null,
  states: readonly ParkedDeliveryState[],
  page: PageArgs,
): Promise<Connection<ParkedWebhookRow>> {
  let after = Prisma.sql`TRUE`;
  if (page.after) after = Prisma.sql`(item."eventPosition", item.id) > (${cursorPosition(page.after)}, ${page.after.id}::uuid)`;
  const filter = Prisma.sql`item.state = ANY(${[...states]}::text[]) AND (${subscriptionId}::uuid IS NULL OR item."subscriptionId" = ${subscriptionId}::uuid)`;
  const [rows, [count]] = await Promise.all([
    db.$queryRaw<ParkedWebhookRow[]>(Prisma.sql`${deliveries(organizationId, Prisma.sql`${filter} AND ${after}`)} ORDER BY item."eventPosition", item.id LIMIT ${page.first + 1}`),
    db.$queryRaw<{ n: bigint }[]>(Prisma.sql`SELECT count(*) AS n FROM (${deliveries(organizationId, filter)}) AS counted`),
  ]);
  return pageOfRows(page, rows, (row) => encodeCursor(row.eventPosition.toString(), row.id), Number(count?.n ?? 0));
}

/** The referral's later deliveries to the webhook that were never held go back in line with it, so that their story is kept too. */
async function queueFollowers(tx: NetworkTransaction, head: ParkedWebhookRow): Promise<void> {
  await tx.$executeRaw`
    UPDATE webhook_delivery d SET parked_state = 'QUEUED'
    WHERE d.subscription_id = ${head.subscriptionId}::uuid AND d.referral_id = ${head.referralId}::uuid AND d.event_position > ${head.eventPosition}
      AND d.delivered_at IS NULL AND d.parked_state IS NULL AND NOT EXISTS (SELECT 1 ${parkedAheadOf} AND p.id <> ${head.id}::uuid)`;
}

/** Sends a PARKED delivery back in line, with a fresh count of attempts: the worker sends it next, then what waited behind it. */
export async function retryWebhookDelivery(db: NetworkDb, admin: { organizationId: string; memberId: string }, id: string): Promise<ParkedWebhookRow> {
  return db.$transaction(async (tx) => {
    const item = await findDelivery(tx, admin.organizationId, id);
    const moved = await tx.webhookDelivery.updateMany({
      where: { id, parkedState: "PARKED", deliveredAt: null },
      data: { parkedState: "QUEUED", attempts: 0, nextAttemptAt: new Date(), resolvedByMemberId: admin.memberId, resolvedAt: new Date() },
    });
    if (moved.count === 0) throw parkedItemNotIn(["PARKED"], item.state);
    await queueFollowers(tx, item);
    return findDelivery(tx, admin.organizationId, id);
  });
}

/** Gives up a PARKED or WAITING delivery, with the admin's reason: it is never sent. What waited behind it goes on. */
export async function discardWebhookDelivery(db: NetworkDb, admin: { organizationId: string; memberId: string }, id: string, reason: string): Promise<ParkedWebhookRow> {
  return db.$transaction(async (tx) => {
    const item = await findDelivery(tx, admin.organizationId, id);
    if (item.state !== "PARKED" && item.state !== "WAITING") throw parkedItemNotIn(["PARKED", "WAITING"], item.state);
    const moved = await tx.webhookDelivery.updateMany({
      where: { id, deliveredAt: null, OR: [{ parkedState: null }, { parkedState: { in: ["PARKED", "QUEUED"] } }] },
      data: { parkedState: "DISCARDED", discardReason: reason, resolvedByMemberId: admin.memberId, resolvedAt: new Date() },
    });
    if (moved.count === 0) throw parkedItemNotIn(["PARKED", "WAITING"], (await findDelivery(tx, admin.organizationId, id)).state);
    await queueFollowers(tx, item);
    return findDelivery(tx, admin.organizationId, id);
  });
}
