/**
 * THE CONSENT DECISION. This file is where the gateway decides whether one sensitive field of one
 * record leaves it. Pure: data in, decision out; no I/O, no clock (the caller passes `now`), no
 * framework types, no cache, and the inputs are never mutated.
 *
 * The rule (docs/design.md, "The consent rule"), for a field of category C on a
 * record about survivor S owned by organisation O, asked by a caller of organisation P with roles R
 * for purpose U:
 *
 *     release  ⇔  roleAllows(R, C)  ∧  ( P = O  ∨  ( agreement(O→P, C, U)  ∧  consent(S→P, C, U) ) )
 *
 * with two clauses on top:
 *  - organisation categories (CONFIDENTIAL_SITE) have no consent term:  roleAllows ∧ (P = O ∨ agreement);
 *  - emergency (U = EMERGENCY, written justification, emergency role): CONTACT and LOCATION are
 *    released without consent to an organisation holding SOME active agreement that shares O's
 *    records with it (from O to P, or two-way; any categories/purposes): a one-way agreement from
 *    P to O shares P's records, not O's, and opens nothing of O's even in an emergency; nothing
 *    else is released for that purpose.
 *
 * And it FAILS CLOSED: when the facts are missing the answer is a denial, never a guess.
 *
 * The checks run in a fixed precedence; the first failing one names the denial code. The order
 * matters only for WHICH code a denial carries, except for two points that change the outcome:
 *   - the fail-closed check comes before everything, so even the owner is denied when the facts
 *     could not be had (the facts being unavailable means we cannot trust the record either);
 *   - the owner check comes before the purpose check, so the owner sees its own records whatever
 *     the purpose (even none, even EMERGENCY without a justification).
 *
 *   1. FAIL CLOSED  facts null, owner missing, or subject missing on a survivor category
 *                   → POLICY_UNAVAILABLE
 *   2. ROLE         no role of the caller may ever see C                          → ROLE_FORBIDDEN
 *   3. OWNER        P = O                                                          → release OWNER
 *   4. PURPOSE      U null (a purpose is needed to see another organisation's data)
 *                                                                                  → PURPOSE_NOT_PERMITTED
 *   5. EMERGENCY    U = EMERGENCY: justification blank → EMERGENCY_JUSTIFICATION_REQUIRED;
 *                   no emergency role that may see C → ROLE_FORBIDDEN;
 *                   C not CONTACT/LOCATION → PURPOSE_NOT_PERMITTED;
 *                   no active agreement sharing O's records with P (O→P, or two-way)
 *                                                                                  → AGREEMENT_REQUIRED;
 *                   else release {emergency, agreementId}. Consent is not consulted.
 *   6. AGREEMENT    no usable agreement O→P covering C → AGREEMENT_REQUIRED;
 *                   usable ones cover C but none covers U → PURPOSE_NOT_PERMITTED
 *   7. ORG CATEGORY C is about an organisation: the agreement suffices → release {agreementId, consentId: null}
 *   8. CONSENT      no usable consent of S to P (or P's kind) covering C → CONSENT_REQUIRED;
 *                   usable ones cover C but none covers U → PURPOSE_NOT_PERMITTED;
 *                   else release {agreementId, consentId}
 *
 * Time ("in force", said once in policy/inForce.ts): every period is half-open, [validFrom,
 * validUntil): valid from its first instant, no longer valid AT validUntil. A withdrawal counts from
 * withdrawnAt inclusive. An invalid Date (NaN) in a period or a withdrawal makes the comparison
 * false, which makes the fact unusable: closed again.
 *
 * Determinism: when several agreements or consents would do, the basis names the one with the
 * lowest id (plain string order, `<`), so the same facts always give the same basis in the ledger.
 */
import type { Purpose } from "../vocabulary/principal.js";
import { anyRoleLists, EMERGENCY_CATEGORIES, EMERGENCY_ROLES, ROLE_CATEGORIES, isOrganizationCategory, roleAllows } from "./categories.js";
import type { DataCategory } from "./categories.js";
import { DECISION_CODES, DECISION_MESSAGES } from "./decisionCodes.js";
import type { DecisionCode } from "./decisionCodes.js";
import type { Agreement, Caller, Consent, DecisionFacts, RecordRef } from "./facts.js";
import { AGREEMENT_IN_FORCE, CONSENT_IN_FORCE, inForceAt } from "./inForce.js";

/** Why a field was released; written to the ledger with the release. */
export type ReleaseBasis = "OWNER" | { readonly agreementId: string; readonly consentId: string | null } | { readonly emergency: true; readonly agreementId: string };

export type Decision = { readonly release: true; readonly basis: ReleaseBasis } | { readonly release: false; readonly code: DecisionCode; readonly message: string };

/** What decided a decision, flat, as the ledger and the admins' dry run name it. */
export interface DecisionGrounds {
  basis: "OWNER" | "AGREEMENT" | "EMERGENCY" | null;
  agreementId: string | null;
  consentId: string | null;
}

export function groundsOf(decision: Decision): DecisionGrounds {
  if (!decision.release) return { basis: null, agreementId: null, consentId: null };
  const basis = decision.basis;
  if (basis === "OWNER") return { basis: "OWNER", agreementId: null, consentId: null };
  if ("emergency" in basis) return { basis: "EMERGENCY", agreementId: basis.agreementId, consentId: null };
  return { basis: "AGREEMENT", agreementId: basis.agreementId, consentId: basis.consentId };
}

// Decisions are frozen: decideAll hands the same object to every record sharing a key.
function deny(code: DecisionCode): Decision {
  return Object.freeze({ release: false, code, message: DECISION_MESSAGES[code] });
}

function release(basis: ReleaseBasis): Decision {
  return Object.freeze({ release: true, basis: typeof basis === "string" ? basis : Object.freeze(basis) });
}

/** An agreement is in force now (policy/inForce.ts): ACTIVE and within its period. Direction and coverage aside. */
function inForce(agreement: Agreement, now: Date): boolean {
  return inForceAt(AGREEMENT_IN_FORCE, agreement, now);
}

/**
 * The agreement shares the owner's records WITH the caller: from owner to caller, or a two-way
 * agreement written the other way round. A one-way agreement from the caller to the owner does not
 * (it shares the caller's records with the owner).
 */
function sharesOwnerToCaller(agreement: Agreement, owner: string, caller: string): boolean {
  if (agreement.fromOrganizationId === owner && agreement.toOrganizationId === caller) return true;
  return agreement.bothWays && agreement.fromOrganizationId === caller && agreement.toOrganizationId === owner;
}

/** A consent usable by this caller for this survivor now (coverage aside). */
function consentUsable(consent: Consent, survivorId: string, caller: Caller, now: Date): boolean {
  if (consent.survivorId !== survivorId) return false;
  // In its period and not withdrawn (policy/inForce.ts): a withdrawal scheduled in the future does not count yet.
  if (!inForceAt(CONSENT_IN_FORCE, consent, now)) return false;
  const grantee = consent.grantee;
  if ("organizationId" in grantee) return grantee.organizationId === caller.organizationId;
  if ("organizationKind" in grantee) return grantee.organizationKind === caller.organizationKind;
  return false; // a grantee of neither shape names nobody
}

/** "Missing" means null or empty: an empty key identifies nothing, so it must not match anything. */
function present(key: string | null): key is string {
  return typeof key === "string" && key.length > 0;
}

/**
 * A justification is blank when it has no character other than whitespace, control or format
 * characters (so "   ", "\t\n" and a lone zero-width space are all blank).
 */
export function hasJustification(text: string | null): boolean {
  return typeof text === "string" && /[^\p{White_Space}\p{Cc}\p{Cf}]/u.test(text);
}

function lowestId<T extends { readonly id: string }>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || item.id < best.id) best = item;
  return best;
}

function covers(fact: { readonly categories: readonly DataCategory[] }, category: DataCategory): boolean {
  return fact.categories.includes(category);
}

function coversPurpose(fact: { readonly purposes: readonly Purpose[] }, purpose: Purpose): boolean {
  return fact.purposes.includes(purpose);
}

/**
 * Decide whether the field of category `record.category` on `record` is released to `caller`,
 * given the facts fetched for this response and the instant of the request.
 */
export function decide(caller: Caller, record: RecordRef, facts: DecisionFacts, now: Date): Decision {
  const category = record.category;
  const orgCategory = isOrganizationCategory(category);

  // ── 1. Fail closed ────────────────────────────────────────────────────────────────────────────
  // Without the facts, the owner or (for survivor data) the subject, nothing can be decided, not
  // even ownership: deny with its own code. This precedes the owner check on purpose.
  if (facts === null || !present(record.ownerOrganizationId)) return deny(DECISION_CODES.POLICY_UNAVAILABLE);
  if (!orgCategory && !present(record.survivorId)) return deny(DECISION_CODES.POLICY_UNAVAILABLE);
  const owner = record.ownerOrganizationId;

  // ── 2. Role: roleAllows(R, C) ─────────────────────────────────────────────────────────────────
  // A conjunct of the whole formula, so it binds the owner too: an ORG_ADMIN of the owning
  // organisation does not see survivor data.
  if (!roleAllows(caller.roles, category)) return deny(DECISION_CODES.ROLE_FORBIDDEN);

  // ── 3. Owner: P = O ───────────────────────────────────────────────────────────────────────────
  // The owning organisation sees its own records whatever the purpose (even none).
  if (caller.organizationId === owner) return release("OWNER");

  // ── 4. A purpose is required from here on ─────────────────────────────────────────────────────
  // Agreements and consents are bound to purposes; without one nothing can cover the request.
  const purpose = caller.purpose;
  if (purpose === null) return deny(DECISION_CODES.PURPOSE_NOT_PERMITTED);

  // ── 5. Emergency ──────────────────────────────────────────────────────────────────────────────
  // U = EMERGENCY is decided here and only here: it never falls through to the agreement/consent
  // path, even when an agreement or a consent happened to list EMERGENCY among its purposes.
  if (purpose === "EMERGENCY") {
    if (!hasJustification(caller.emergencyJustification)) return deny(DECISION_CODES.EMERGENCY_JUSTIFICATION_REQUIRED);
    // The emergency power must come from a role that is both an emergency role and allowed C
    // (stricter than "some emergency role and some role allowing C"; with today's tables the two
    // coincide, and step 2 already denies any role set that could fail here).
    const emergencyRole = anyRoleLists(
      ROLE_CATEGORIES,
      caller.roles.filter((role) => EMERGENCY_ROLES.includes(role)),
      category,
    );
    if (!emergencyRole) return deny(DECISION_CODES.ROLE_FORBIDDEN);
    // Only CONTACT and LOCATION: "nothing else is released" in an emergency.
    if (!EMERGENCY_CATEGORIES.includes(category)) return deny(DECISION_CODES.PURPOSE_NOT_PERMITTED);
    // The caller's organisation must hold SOME agreement in force now that shares the owner's
    // records with it (the same direction as step 6), any categories, any purposes. No consent needed.
    const linking = facts.agreements.filter((a) => inForce(a, now) && sharesOwnerToCaller(a, owner, caller.organizationId));
    const chosen = lowestId(linking);
    if (chosen === undefined) return deny(DECISION_CODES.AGREEMENT_REQUIRED);
    return release({ emergency: true, agreementId: chosen.id });
  }

  // ── 6. Agreement: agreement(O→P, C, U) ────────────────────────────────────────────────────────
  // Usable: ACTIVE, in its period, and sharing the owner's records with the caller.
  const usableAgreements = facts.agreements.filter((a) => inForce(a, now) && sharesOwnerToCaller(a, owner, caller.organizationId));
  const agreementsForCategory = usableAgreements.filter((a) => covers(a, category));
  if (agreementsForCategory.length === 0) return deny(DECISION_CODES.AGREEMENT_REQUIRED);
  const agreement = lowestId(agreementsForCategory.filter((a) => coversPurpose(a, purpose)));
  if (agreement === undefined) return deny(DECISION_CODES.PURPOSE_NOT_PERMITTED);

  // ── 7. Organisation categories: no consent term ───────────────────────────────────────────────
  // A confidential site's address is the organisation's, not a survivor's; the agreement suffices.
  if (orgCategory) return release({ agreementId: agreement.id, consentId: null });

  // ── 8. Consent: consent(S→P, C, U) ────────────────────────────────────────────────────────────
  // Usable: this survivor's, not withdrawn (a future withdrawal does not count yet), in its period,
  // naming the caller's organisation or the caller's organisation kind.
  const survivorId = record.survivorId as string; // present() was checked in step 1 for survivor categories
  const usableConsents = facts.consents.filter((c) => consentUsable(c, survivorId, caller, now));
  const consentsForCategory = usableConsents.filter((c) => covers(c, category));
  if (consentsForCategory.length === 0) return deny(DECISION_CODES.CONSENT_REQUIRED);
  const consent = lowestId(consentsForCategory.filter((c) => coversPurpose(c, purpose)));
  if (consent === undefined) return deny(DECISION_CODES.PURPOSE_NOT_PERMITTED);

  return release({ agreementId: agreement.id, consentId: consent.id });
}
