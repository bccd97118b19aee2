import type { OutboxMessage as OutboxRow } from "../../../prisma/shelters/generated/client.js";
import type { SheltersDb } from "../db.js";

/** Kinds of message the shelters subgraph sends the network through its outbox. */
export const OUTBOX_KINDS = {
  /** A shelter accepted a referral and holds a bed: the network should record the referral accepted. */
  INTAKE_ACCEPTED: "INTAKE_ACCEPTED",
} as const;

export interface PulledOutboxMessage {
  id: string;
  kind: string;
  referralId: string;
  /** JSON. */
  payload: string;
  createdAt: Date;
  attempts: number;
}

function toPulled(row: OutboxRow): PulledOutboxMessage {
  return { id: row.id.toString(), kind: row.kind, referralId: row.referralId, payload: JSON.stringify(row.payload), createdAt: row.createdAt, attempts: row.attempts };
}

/**
 * Up to `limit` messages to deliver, oldest first, each counted as one more delivery attempt: the
 * undelivered ones, and parked ones an admin sent back in line (QUEUED), but never a PARKED one nor
 * one of a referral with a PARKED one before it (WAITING behind it). Delivery is at least once: a
 * message stays here until acknowledged, however often it is pulled. Ids become visible in order
 * (README, "Event feeds"), so no older message can appear after a newer one.
 */
export async function pullOutbox(db: SheltersDb, limit: number): Promise<PulledOutboxMessage[]> {
  const next = await db.$queryRaw<{ id: bigint }[]>`
    SELECT m.id FROM outbox_message m
    WHERE m.delivered_at IS NULL AND (m.parked_state IS NULL OR m.parked_state = 'QUEUED')
      AND NOT EXISTS (SELECT 1 FROM outbox_message p WHERE p.referral_id = m.referral_id AND p.parked_state = 'PARKED' AND p.id < m.id)
    ORDER BY m.id LIMIT ${limit}`;
  if (next.length === 0) return [];
  const rows = await db.outboxMessage.updateManyAndReturn({
    where: { id: { in: next.map((m) => m.id) }, deliveredAt: null },
    data: { attempts: { increment: 1 } },
  });
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(toPulled);
}

/**
 * Marks messages delivered (a parked one sent back in line: DELIVERED). Idempotent: acknowledging
 * again changes nothing (the first time stands). Answers the ids among those given that are now
 * marked delivered; unknown ids are left out.
 */
export async function acknowledgeOutbox(db: SheltersDb, ids: bigint[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const now = new Date();
  await db.outboxMessage.updateMany({ where: { id: { in: ids }, deliveredAt: null, parkedState: { not: null } }, data: { deliveredAt: now, parkedState: "DELIVERED" } });
  await db.outboxMessage.updateMany({ where: { id: { in: ids }, deliveredAt: null }, data: { deliveredAt: now } });
  const delivered = await db.outboxMessage.findMany({ where: { id: { in: ids }, deliveredAt: { not: null } }, orderBy: { id: "asc" }, select: { id: true } });
  return delivered.map((m) => m.id.toString());
}

/**
 * The network refused this message for a reason retrying cannot change (or failed it again and
 * again while it took others): PARKED with its code and reason; the relay passes it by, and the referral's later messages wait behind it. Repeating it
 * (another replica) changes nothing but the reason. False when the message is not there or was
 * delivered or discarded meanwhile.
 */
export async function parkOutboxMessage(db: SheltersDb, id: bigint, refusal: { code: string; reason: string }): Promise<boolean> {
  const parked = await db.$executeRaw`
    UPDATE outbox_message SET
      refusals = refusals + CASE WHEN parked_state = 'PARKED' THEN 0 ELSE 1 END,
      parked_at = CASE WHEN parked_state = 'PARKED' THEN parked_at ELSE now() END,
      parked_state = 'PARKED', park_code = ${refusal.code}, park_reason = ${refusal.reason}
    WHERE id = ${id} AND delivered_at IS NULL AND (parked_state IS NULL OR parked_state IN ('PARKED', 'QUEUED'))`;
  return parked > 0;
}

/**
 * The network failed this message, perhaps for something about it rather than an outage, and the
 * relay tries it again later while it delivers the others: in line (QUEUED) with its last failure,
 * which both parties see on the referral. Repeating it changes nothing but the failure named. False
 * when it was delivered, parked or discarded meanwhile.
 */
export async function holdOutboxMessage(db: SheltersDb, id: bigint, failure: { code: string; reason: string }): Promise<boolean> {
  const held = await db.$executeRaw`
    UPDATE outbox_message SET parked_state = 'QUEUED', park_code = ${failure.code}, park_reason = ${failure.reason}, parked_at = COALESCE(parked_at, now())
    WHERE id = ${id} AND delivered_at IS NULL AND (parked_state IS NULL OR parked_state = 'QUEUED')`;
  return held > 0;
}
