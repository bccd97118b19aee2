import type { OutboxMessage as OutboxRow } from "../../../prisma/shelters/generated/client.js";
import type { SheltersDb } from "../context.js";

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
 * Up to `limit` undelivered messages, oldest first, each counted as one more delivery attempt.
 * Delivery is at least once: a message stays here until acknowledged, however often it is pulled.
 * Ids become visible in order (README, "Event feeds"), so no older message can appear after a newer one.
 */
export async function pullOutbox(db: SheltersDb, limit: number): Promise<PulledOutboxMessage[]> {
  const next = await db.outboxMessage.findMany({ where: { deliveredAt: null }, orderBy: { id: "asc" }, take: limit, select: { id: true } });
  if (next.length === 0) return [];
  const rows = await db.outboxMessage.updateManyAndReturn({
    where: { id: { in: next.map((m) => m.id) }, deliveredAt: null },
    data: { attempts: { increment: 1 } },
  });
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(toPulled);
}

/**
 * Marks messages delivered. Idempotent: acknowledging again changes nothing (the first time
 * stands). Answers the ids among those given that are now marked delivered; unknown ids are left out.
 */
export async function acknowledgeOutbox(db: SheltersDb, ids: bigint[]): Promise<string[]> {
  if (ids.length === 0) return [];
  await db.outboxMessage.updateMany({ where: { id: { in: ids }, deliveredAt: null }, data: { deliveredAt: new Date() } });
  const delivered = await db.outboxMessage.findMany({ where: { id: { in: ids }, deliveredAt: { not: null } }, orderBy: { id: "asc" }, select: { id: true } });
  return delivered.map((m) => m.id.toString());
}
