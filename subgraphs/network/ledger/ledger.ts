import { createHash } from "node:crypto";
import type { NetworkDb } from "../db.js";
import { canonicalJson } from "./canonicalJson.js";

/** Kinds of ledger entries. */
export const LEDGER_KINDS = {
  DISCLOSURE: "DISCLOSURE",
  CONSENT_RECORDED: "CONSENT_RECORDED",
  CONSENT_WITHDRAWN: "CONSENT_WITHDRAWN",
  AGREEMENT_CHANGED: "AGREEMENT_CHANGED",
  EMERGENCY_OVERRIDE: "EMERGENCY_OVERRIDE",
  /** An organisation onboarded, a member invited, re-roled or deactivated, a partner-app client created, rotated or revoked. */
  ADMINISTRATION: "ADMINISTRATION",
} as const;
export type LedgerKind = (typeof LEDGER_KINDS)[keyof typeof LEDGER_KINDS];

export const GENESIS_HASH = "0".repeat(64);

// Any constant works; it only has to be the same for every process appending to this ledger.
const LEDGER_LOCK_KEY = 72_707_370;

export interface LedgerInput {
  kind: LedgerKind;
  /** Member, client or "gateway". */
  actorId: string;
  organizationId: string | null;
  survivorId: string | null;
  payload: Record<string, unknown>;
}

export interface LedgerRecord extends LedgerInput {
  seq: bigint;
  createdAt: Date;
  prevHash: string;
  hash: string;
}

/** The hash of an entry covers everything in it, including its place and its predecessor. */
export function entryHash(entry: Omit<LedgerRecord, "hash">): string {
  const content = canonicalJson({
    seq: entry.seq.toString(),
    createdAt: entry.createdAt.toISOString(),
    kind: entry.kind,
    actorId: entry.actorId,
    organizationId: entry.organizationId,
    survivorId: entry.survivorId,
    payload: entry.payload,
    prevHash: entry.prevHash,
  });
  return createHash("sha256").update(content).digest("hex");
}

type Transaction = Parameters<Parameters<NetworkDb["$transaction"]>[0]>[0];

/**
 * Takes the appenders' lock for the rest of the caller's transaction. appendToLedger takes it
 * itself; a caller takes it earlier when what it decides before appending (has this request
 * been recorded already?) must not change until it has appended. Taking it twice is harmless.
 */
export async function lockLedger(tx: Transaction): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LEDGER_LOCK_KEY}::bigint)`;
}

/**
 * Appends entries inside the caller's transaction, so the ledger entry and the change it
 * records commit together or not at all. A transaction-scoped advisory lock serialises
 * appenders (every replica, one at a time) so the chain cannot fork; the head row is the
 * checkpoint that a truncated tail would no longer reach.
 */
export async function appendToLedger(tx: Transaction, inputs: readonly LedgerInput[]): Promise<LedgerRecord[]> {
  if (inputs.length === 0) return [];
  await lockLedger(tx);
  const [head] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM ledger_head WHERE id = 1`;
  let seq = head?.seq ?? 0n;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const createdAt = new Date();
  const written: LedgerRecord[] = [];
  for (const input of inputs) {
    seq += 1n;
    const entry = { ...input, seq, createdAt, prevHash };
    const hash = entryHash(entry);
    written.push({ ...entry, hash });
    prevHash = hash;
  }
  await insertEntries(tx, written);
  await tx.$executeRaw`
    INSERT INTO ledger_head (id, seq, hash, updated_at) VALUES (1, ${seq}, ${prevHash}, ${createdAt})
    ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, updated_at = EXCLUDED.updated_at`;
  return written;
}

/**
 * One INSERT for all the entries, their columns as arrays: the payloads go in as the JSON text
 * already made, rather than through the ORM's mapping of every value (which cost most of an append).
 */
async function insertEntries(tx: Transaction, entries: readonly LedgerRecord[]): Promise<void> {
  const column = <T>(pick: (entry: LedgerRecord) => T) => entries.map(pick);
  await tx.$executeRaw`
    INSERT INTO ledger_entry (seq, created_at, kind, actor_id, organization_id, survivor_id, payload, prev_hash, hash)
    SELECT seq::bigint, created_at::timestamptz, kind, actor_id, organization_id::uuid, survivor_id::uuid, payload::jsonb, prev_hash, hash
    FROM unnest(
      ${column((e) => e.seq.toString())}::text[], ${column((e) => e.createdAt.toISOString())}::text[], ${column((e) => e.kind)}::text[],
      ${column((e) => e.actorId)}::text[], ${column((e) => e.organizationId)}::text[], ${column((e) => e.survivorId)}::text[],
      ${column((e) => JSON.stringify(e.payload))}::text[], ${column((e) => e.prevHash)}::text[], ${column((e) => e.hash)}::text[]
    ) AS rows(seq, created_at, kind, actor_id, organization_id, survivor_id, payload, prev_hash, hash)`;
}

export type LedgerVerdict = { ok: true; entries: number; headSeq: bigint } | { ok: false; entries: number; firstBroken: bigint; reason: string };

/**
 * Walks the whole chain: every entry's hash must match its content, every entry must point at
 * its predecessor's hash, sequence numbers must run without gaps, and the last entry must be
 * the checkpointed head. Names the first entry where any of that fails.
 */
export async function verifyLedger(db: NetworkDb, pageSize = 1_000): Promise<LedgerVerdict> {
  const head = await db.ledgerHead.findUnique({ where: { id: 1 } });
  let expectedSeq = 1n;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const page = await db.ledgerEntry.findMany({ where: { seq: { gte: expectedSeq } }, orderBy: { seq: "asc" }, take: pageSize });
    for (const row of page) {
      const entry = { ...row, kind: row.kind as LedgerKind, payload: row.payload as Record<string, unknown> };
      if (row.seq !== expectedSeq) return { ok: false, entries: count, firstBroken: expectedSeq, reason: `entry ${expectedSeq} is missing` };
      if (row.prevHash !== prevHash) return { ok: false, entries: count, firstBroken: row.seq, reason: `entry ${row.seq} does not follow entry ${row.seq - 1n}` };
      if (entryHash(entry) !== row.hash) return { ok: false, entries: count, firstBroken: row.seq, reason: `entry ${row.seq} was altered` };
      prevHash = row.hash;
      expectedSeq += 1n;
      count++;
    }
    if (page.length < pageSize) break;
  }
  const lastSeq = expectedSeq - 1n;
  if (!head) {
    return count === 0 ? { ok: true, entries: 0, headSeq: 0n } : { ok: false, entries: count, firstBroken: 1n, reason: "the head checkpoint is missing" };
  }
  if (head.seq > lastSeq)
    return { ok: false, entries: count, firstBroken: lastSeq + 1n, reason: `entries ${lastSeq + 1n} to ${head.seq} were removed (the checkpoint says ${head.seq})` };
  if (head.seq < lastSeq) return { ok: false, entries: count, firstBroken: head.seq + 1n, reason: `entry ${head.seq + 1n} was added behind the ledger's back` };
  if (head.hash !== prevHash) return { ok: false, entries: count, firstBroken: lastSeq, reason: `entry ${lastSeq} does not match the checkpoint` };
  return { ok: true, entries: count, headSeq: head.seq };
}
