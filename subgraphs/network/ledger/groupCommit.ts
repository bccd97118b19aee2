import type { NetworkDb } from "../db.js";
import type { DisclosureInputValue } from "../disclosureInput.js";
import { appendDisclosureBatch, type DisclosureReceiptValue } from "./disclosures.js";

/** Most responses one transaction records; more wait for the next. */
const MAX_BATCH = 256;

interface Waiting {
  input: DisclosureInputValue;
  resolve(receipt: DisclosureReceiptValue): void;
  reject(error: unknown): void;
}

/**
 * Group commit of the gateway's disclosure reports. Every append takes the ledger's one lock, so
 * appends written one transaction each queue behind one another (and each holds a pooled
 * connection while it waits). Instead, one batch at a time is written per process: the reports
 * that arrive while a batch is being written wait, and the next transaction takes them all, one
 * chain link per response. Each caller is answered only once its batch has committed, so the
 * gateway still releases nothing that the ledger does not durably hold.
 *
 * A batch that fails is tried again one report at a time, so that one report the database
 * refuses fails alone and the others are recorded.
 */
export class DisclosureGroupCommit {
  private readonly waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: NetworkDb) {}

  append(input: DisclosureInputValue): Promise<DisclosureReceiptValue> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.writeNext();
    });
  }

  private writeNext(): void {
    if (this.writing || this.waiting.length === 0) return;
    this.writing = true;
    const batch = this.waiting.splice(0, MAX_BATCH);
    void this.write(batch).finally(() => {
      this.writing = false;
      this.writeNext();
    });
  }

  private async write(batch: readonly Waiting[]): Promise<void> {
    try {
      const receipts = await appendDisclosureBatch(
        this.db,
        batch.map((waiting) => waiting.input),
      );
      batch.forEach((waiting, index) => waiting.resolve(receipts[index]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const waiting of batch) {
        try {
          const [receipt] = await appendDisclosureBatch(this.db, [waiting.input]);
          waiting.resolve(receipt!);
        } catch (alone) {
          waiting.reject(alone);
        }
      }
    }
  }
}

const byDatabase = new WeakMap<NetworkDb, DisclosureGroupCommit>();

/** The one group commit of this process for this database. */
export function disclosureGroupCommit(db: NetworkDb): DisclosureGroupCommit {
  let groupCommit = byDatabase.get(db);
  if (!groupCommit) byDatabase.set(db, (groupCommit = new DisclosureGroupCommit(db)));
  return groupCommit;
}
