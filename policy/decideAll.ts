/**
 * Decide many records for one caller against one set of facts, as the gateway does for one
 * response. Records with the same (owner, survivor, category) get the same decision, so it is
 * computed once per such key. The memo lives only as long as the function returned (one response):
 * no decision may outlive a request (docs/design.md, "The consent rule"), so nothing is kept
 * between calls.
 */
import { decide } from "./decide.js";
import type { Decision } from "./decide.js";
import type { Caller, DecisionFacts, RecordRef } from "./facts.js";

/** `decide` for this caller, facts and instant, computed once per (owner, survivor, category). */
export function memoizedDecide(caller: Caller, facts: DecisionFacts, now: Date): (record: RecordRef) => Decision {
  const memo = new Map<string, Decision>();
  return (record) => {
    // JSON of a tuple: unambiguous whatever the ids contain, and null stays distinct from "null".
    const key = JSON.stringify([record.ownerOrganizationId, record.survivorId, record.category]);
    let decision = memo.get(key);
    if (decision === undefined) {
      decision = decide(caller, record, facts, now);
      memo.set(key, decision);
    }
    return decision;
  };
}

/** One decision per record, in the order given. */
export function decideAll(caller: Caller, records: readonly RecordRef[], facts: DecisionFacts, now: Date): Decision[] {
  return records.map(memoizedDecide(caller, facts, now));
}
