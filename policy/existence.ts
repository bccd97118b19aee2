/**
 * WHETHER A RECORD EXISTS, for the caller. Pure, like `decide`: data in, decision out.
 *
 * A record about survivor S (a survivor's own network record, a profile, a referral, a
 * certification request) tells three things before any of its fields: that it exists, its id,
 * and whom it is about. Those are IDENTITY, and the rule decides them as it decides any IDENTITY
 * field of the record (docs/design.md, "The existence rule"):
 *
 *     shown  ⇔  P ∈ parties(record)  ∨  release(IDENTITY, record)
 *                ∨  ( U = EMERGENCY  ∧  release(CONTACT or LOCATION, record) by its emergency clause )
 *
 * - `parties` are the owner O and, for records addressed from one organisation to another (a
 *   referral's receiver, a certification request's liaison unit), the addressee: both hold the
 *   record, whatever the survivor's consents say about the survivor's other records.
 * - The emergency clause: an emergency releases CONTACT and LOCATION without consent, so the record
 *   that holds them must be shown for the clause to apply at all; nothing else of it is released
 *   (its IDENTITY fields stay withheld by `decide`). Such a release is recorded as an emergency.
 * - Fails closed: facts unavailable, owner or subject missing → POLICY_UNAVAILABLE, not shown.
 *
 * A record that is not shown is left out of the answer without an error, exactly as a record
 * that does not exist: an error would itself say that something is there.
 */
import { decide, type Decision } from "./decide.js";
import type { DataCategory } from "./categories.js";
import { DECISION_CODES, DECISION_MESSAGES } from "./decisionCodes.js";
import type { Caller, DecisionFacts } from "./facts.js";

/** A survivor-linked record as the existence rule reads it. */
export interface ExistenceRef {
  /** The survivor the record is about; null when unknown (fails closed). */
  readonly survivorId: string | null;
  /** The organisation that owns the record; null when unknown (fails closed). */
  readonly ownerOrganizationId: string | null;
  /** Other organisations the record is addressed to (never null entries; unknown ones are left out). */
  readonly partyOrganizationIds: readonly string[];
}

/** The category an existence decision is recorded under: what a shown record discloses. */
export const EXISTENCE_CATEGORY: DataCategory = "IDENTITY";

/** The categories whose emergency release shows the record that holds them. */
const EMERGENCY_EXISTENCE_CATEGORIES: readonly DataCategory[] = Object.freeze(["CONTACT", "LOCATION"] as const);

const UNAVAILABLE: Decision = Object.freeze({ release: false, code: DECISION_CODES.POLICY_UNAVAILABLE, message: DECISION_MESSAGES.POLICY_UNAVAILABLE });
const PARTY: Decision = Object.freeze({ release: true, basis: "OWNER" });

function present(key: string | null): key is string {
  return typeof key === "string" && key.length > 0;
}

/** An existence decision and the category it was decided on (what the ledger records it under). */
export interface ExistenceDecision {
  readonly decision: Decision;
  readonly category: DataCategory;
}

/** Whether the caller is shown the record at all, on what basis, and under which category that is recorded. */
export function decideExistence(caller: Caller, record: ExistenceRef, facts: DecisionFacts, now: Date): ExistenceDecision {
  const decided = (decision: Decision, category: DataCategory = EXISTENCE_CATEGORY): ExistenceDecision => Object.freeze({ decision, category });
  if (facts === null || !present(record.ownerOrganizationId) || !present(record.survivorId)) return decided(UNAVAILABLE);
  if (caller.organizationId === record.ownerOrganizationId || record.partyOrganizationIds.includes(caller.organizationId)) return decided(PARTY);
  const keys = { survivorId: record.survivorId, ownerOrganizationId: record.ownerOrganizationId };
  const identity = decide(caller, { ...keys, category: EXISTENCE_CATEGORY }, facts, now);
  if (identity.release || caller.purpose !== "EMERGENCY") return decided(identity);
  // The emergency's own reason (no justification, no agreement) says more than "purpose not
  // permitted": a refusal is the first category's.
  let refusal: ExistenceDecision | undefined;
  for (const category of EMERGENCY_EXISTENCE_CATEGORIES) {
    const emergency = decide(caller, { ...keys, category }, facts, now);
    if (emergency.release) return decided(emergency, category);
    refusal ??= decided(emergency, category);
  }
  return refusal!;
}
