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
 * Records what one gateway response released and withheld: one ledger entry for the whole
 * response, the index rows that find it per survivor, and a notice to every owner whose records
 * were released under the emergency override. All in one transaction with the entry, so the
 * ledger never holds a disclosure that its index or the owner's notice misses, nor the reverse.
 *
 * Idempotent per request id: the gateway may retry after a timeout that hid a commit, and the
 * ledger must hold exactly what left the gateway, once. The check runs under the ledger's lock,
 * so two concurrent appends of one request cannot both miss each other.
 */
export async function appendDisclosures(db: NetworkDb, input: DisclosureInputValue): Promise<DisclosureReceiptValue> {
  return db.$transaction(async (tx) => {
    await lockLedger(tx);
    const previous = await tx.disclosureRequest.findUnique({ where: { requestId: input.requestId }, include: { entry: true } });
    if (previous) return { seq: previous.entry.seq.toString(), hash: previous.entry.hash };

    const emergency = input.items.some(isEmergencyRelease);
    const { actorId, organizationId, ...rest } = input;
    const payload: DisclosurePayload = rest;
    const [entry] = await appendToLedger(tx, [
      {
        kind: emergency ? LEDGER_KINDS.EMERGENCY_OVERRIDE : LEDGER_KINDS.DISCLOSURE,
        actorId,
        organizationId,
        // An entry can concern many survivors; disclosure_subject finds it for each of them.
        survivorId: null,
        payload: payload,
      },
    ]);
    const seq = entry!.seq;
    await tx.disclosureRequest.create({ data: { requestId: input.requestId, ledgerSeq: seq } });

    const subjects = groupItems(
      input.items.filter((item) => item.survivorId !== null),
      (item) => ({ survivorId: item.survivorId!, ownerOrganizationId: item.ownerOrganizationId }),
      (key) => `${key.survivorId}/${key.ownerOrganizationId}`,
    );
    if (subjects.length > 0) {
      await tx.disclosureSubject.createMany({ data: subjects.map(({ key, items }) => ({ ledgerSeq: seq, ...key, released: items.some((item) => item.released) })) });
    }

    if (emergency) {
      const notices = groupItems(
        input.items.filter(isEmergencyRelease),
        (item) => ({ ownerOrganizationId: item.ownerOrganizationId!, survivorId: item.survivorId }),
        (key) => `${key.ownerOrganizationId}/${key.survivorId}`,
      );
      await tx.overrideNotice.createMany({
        data: notices.map(({ key, items }) => ({
          id: crypto.randomUUID(),
          ...key,
          ledgerSeq: seq,
          callerOrganizationId: organizationId,
          actorKind: input.actorKind,
          actorId,
          justification: input.emergencyJustification!,
          categories: [...new Set(items.map((item) => item.category))].sort(),
          createdAt: entry!.createdAt,
        })),
      });
    }
    return { seq: seq.toString(), hash: entry!.hash };
  });
}
