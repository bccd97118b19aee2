import type { NetworkDb } from "../db.js";
import type { DisclosureInputValue, DisclosureItemValue } from "../disclosureInput.js";
import { appendToLedger, LEDGER_KINDS, lockLedger, type LedgerKind } from "./ledger.js";

export interface DisclosureReceiptValue {
  /** The ledger entry's sequence number, as a decimal string (it is a bigint). */
  seq: string;
  hash: string;
}

/** What a ledger payload of kind DISCLOSURE or EMERGENCY_OVERRIDE holds. */
export type DisclosurePayload = Omit<DisclosureInputValue, "actorId" | "organizationId">;

export const DISCLOSURE_KINDS: readonly LedgerKind[] = [LEDGER_KINDS.DISCLOSURE, LEDGER_KINDS.EMERGENCY_OVERRIDE];

const isEmergencyRelease = (item: DisclosureItemValue) => item.released && item.basis === "EMERGENCY";

/** Distinct values of `keyOf` over `items`, each with the items that share it, in first-seen order. */
function groupItems<K>(items: readonly DisclosureItemValue[], keyOf: (item: DisclosureItemValue) => K, keyString: (key: K) => string) {
  const groups = new Map<string, { key: K; items: DisclosureItemValue[] }>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(keyString(key)) ?? { key, items: [] };
    group.items.push(item);
    groups.set(keyString(key), group);
  }
  return [...groups.values()];
}

/**
 * Records what gateway responses released and withheld: one ledger entry per response, the index
 * rows that find it per survivor, and a notice to every owner whose records were released under
 * the emergency override. All in one transaction with the entries, so the ledger never holds a
 * disclosure that its index or the owner's notice misses, nor the reverse.
 *
 * Idempotent per request id: the gateway may retry after a timeout that hid a commit, and the
 * ledger must hold exactly what left the gateway, once. The check runs under the ledger's lock,
 * so two concurrent appends of one request cannot both miss each other; the same request twice in
 * one batch is written once. Each statement covers the whole batch: the cost of an append is a
 * handful of statements whatever the number of responses or survivors in it.
 */
export async function appendDisclosureBatch(db: NetworkDb, inputs: readonly DisclosureInputValue[]): Promise<DisclosureReceiptValue[]> {
  if (inputs.length === 0) return [];
  return db.$transaction(async (tx) => {
    await lockLedger(tx);
    const requestIds = [...new Set(inputs.map((input) => input.requestId))];
    const previous = await tx.$queryRaw<{ request_id: string; seq: bigint; hash: string }[]>`
      SELECT r.request_id, e.seq, e.hash FROM disclosure_request r JOIN ledger_entry e ON e.seq = r.ledger_seq
      WHERE r.request_id = ANY(${requestIds}::text[])`;
    const receipts = new Map<string, DisclosureReceiptValue>(previous.map((row) => [row.request_id, { seq: row.seq.toString(), hash: row.hash }]));

    const fresh: DisclosureInputValue[] = [];
    const taken = new Set(receipts.keys());
    for (const input of inputs) {
      if (taken.has(input.requestId)) continue;
      taken.add(input.requestId);
      fresh.push(input);
    }
    const entries = await appendToLedger(tx, fresh.map(ledgerInputOf));
    const written = fresh.map((input, index) => ({ input, entry: entries[index]! }));
    for (const { input, entry } of written) receipts.set(input.requestId, { seq: entry.seq.toString(), hash: entry.hash });

    if (written.length > 0) await tx.disclosureRequest.createMany({ data: written.map(({ input, entry }) => ({ requestId: input.requestId, ledgerSeq: entry.seq })) });
    const subjects = written.flatMap(({ input, entry }) => subjectRows(input, entry.seq));
    if (subjects.length > 0) {
      // One INSERT of column arrays: the ORM's createMany spent most of a large batch building its rows.
      await tx.$executeRaw`
        INSERT INTO disclosure_subject (ledger_seq, survivor_id, owner_organization_id, released)
        SELECT * FROM unnest(${subjects.map((row) => row.ledgerSeq.toString())}::bigint[], ${subjects.map((row) => row.survivorId)}::uuid[],
          ${subjects.map((row) => row.ownerOrganizationId)}::uuid[], ${subjects.map((row) => row.released)}::boolean[])`;
    }
    const notices = written.flatMap(({ input, entry }) => noticeRows(input, entry.seq, entry.createdAt));
    if (notices.length > 0) await tx.overrideNotice.createMany({ data: notices });

    return inputs.map((input) => receipts.get(input.requestId)!);
  });
}

function ledgerInputOf(input: DisclosureInputValue) {
  const { actorId, organizationId, ...payload } = input;
  return {
    kind: input.items.some(isEmergencyRelease) ? LEDGER_KINDS.EMERGENCY_OVERRIDE : LEDGER_KINDS.DISCLOSURE,
    actorId,
    organizationId,
    // An entry can concern many survivors; disclosure_subject finds it for each of them.
    survivorId: null,
    payload: payload satisfies DisclosurePayload,
  };
}

/** One index row per (survivor, owner) the entry names, marked whether anything of it was released. */
function subjectRows(input: DisclosureInputValue, ledgerSeq: bigint) {
  const subjects = groupItems(
    input.items.filter((item) => item.survivorId !== null),
    (item) => ({ survivorId: item.survivorId!, ownerOrganizationId: item.ownerOrganizationId }),
    (key) => `${key.survivorId}/${key.ownerOrganizationId}`,
  );
  return subjects.map(({ key, items }) => ({ ledgerSeq, ...key, released: items.some((item) => item.released) }));
}

/** One notice per (owner, survivor) whose records an emergency released. */
function noticeRows(input: DisclosureInputValue, ledgerSeq: bigint, createdAt: Date) {
  const notices = groupItems(
    input.items.filter(isEmergencyRelease),
    (item) => ({ ownerOrganizationId: item.ownerOrganizationId!, survivorId: item.survivorId }),
    (key) => `${key.ownerOrganizationId}/${key.survivorId}`,
  );
  return notices.map(({ key, items }) => ({
    id: crypto.randomUUID(),
    ...key,
    ledgerSeq,
    callerOrganizationId: input.organizationId,
    actorKind: input.actorKind,
    actorId: input.actorId,
    justification: input.emergencyJustification!,
    categories: [...new Set(items.map((item) => item.category))].sort(),
    createdAt,
  }));
}
