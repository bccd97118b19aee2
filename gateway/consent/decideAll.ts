/**
 * Decide a batch of records for one caller against one set of facts, as the gateway does for one
 * response. Records with the same (owner, survivor, category) get the same decision, so it is
 * computed once per such key. The memo lives only for this call: no decision may outlive a request
 * (DESIGN.md), so nothing is kept between calls.
 */
import { decide } from "./decide.js";
import type { Decision } from "./decide.js";
import type { Caller, DecisionFacts, RecordRef } from "./facts.js";

/** One decision per record, in the order given. */
export function decideAll(caller: Caller, records: readonly RecordRef[], facts: DecisionFacts, now: Date): Decision[] {
  const memo = new Map<string, Decision>();
  return records.map((record) => {
    // JSON of a tuple: unambiguous whatever the ids contain, and null stays distinct from "null".
    const key = JSON.stringify([record.ownerOrganizationId, record.survivorId, record.category]);
    let decision = memo.get(key);
    if (decision === undefined) {
      decision = decide(caller, record, facts, now);
      memo.set(key, decision);
    }
    return decision;
  });
}
