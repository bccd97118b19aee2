/**
 * Hand-written decision table for the consent rule (docs/design.md, "The consent rule"; precedence
 * in "Denial codes and their precedence" there and in policy/decide.ts). One row per
 * case; each row states the exact expected outcome. Fixtures are deliberately spelled out rather
 * than generated.
 */
import { describe, expect, it } from "vitest";
import { decide } from "../../../policy/decide.js";
import type { Decision } from "../../../policy/decide.js";
import { decideAll } from "../../../policy/decideAll.js";
import { ALL_DECISION_CODES, DECISION_CODES, DECISION_MESSAGES } from "../../../policy/decisionCodes.js";
import type { DecisionCode } from "../../../policy/decisionCodes.js";
import type { Agreement, Caller, Consent, DecisionFacts, RecordRef } from "../../../policy/facts.js";

const NOW = new Date("2025-06-01T12:00:00.000Z");
const BEFORE = new Date("2025-01-01T00:00:00.000Z");
const AFTER = new Date("2026-01-01T00:00:00.000Z");
const MS_BEFORE = new Date(NOW.getTime() - 1);
const MS_AFTER = new Date(NOW.getTime() + 1);

const SHELTER = "org-shelter"; // owner of the records
const LEGAL = "org-legal"; // the usual caller (LEGAL_AID)
const POLICE = "org-police"; // a third organisation (LAW_ENFORCEMENT_LIAISON)
const S1 = "survivor-1";
const S2 = "survivor-2";

// ── fixtures ─────────────────────────────────────────────────────────────────────────────────────

/** A caseworker of the legal-aid organisation asking for SERVICE_REFERRAL. */
function caller(over: Partial<Caller> = {}): Caller {
  return {
    organizationId: LEGAL,
    organizationKind: "LEGAL_AID",
    roles: ["CASEWORKER"],
    purpose: "SERVICE_REFERRAL",
    emergencyJustification: null,
    ...over,
  };
}
/** The shelter's own caseworker, no purpose. */
const ownerCaller = (over: Partial<Caller> = {}): Caller => caller({ organizationId: SHELTER, organizationKind: "SHELTER", purpose: null, ...over });
const emergencyCaller = (over: Partial<Caller> = {}): Caller => caller({ purpose: "EMERGENCY", emergencyJustification: "Survivor reported missing from shelter tonight", ...over });

/** A CONTACT field of survivor-1's record at the shelter. */
function record(over: Partial<RecordRef> = {}): RecordRef {
  return { category: "CONTACT", ownerOrganizationId: SHELTER, survivorId: S1, ...over };
}

/** survivor-1 consents to the legal-aid organisation: CONTACT, HEALTH, IDENTITY for SERVICE_REFERRAL. */
function consent(over: Partial<Consent> = {}): Consent {
  return {
    id: "c-1",
    survivorId: S1,
    grantee: { organizationId: LEGAL },
    categories: ["CONTACT", "HEALTH", "IDENTITY"],
    purposes: ["SERVICE_REFERRAL"],
    validFrom: BEFORE,
    validUntil: AFTER,
    withdrawnAt: null,
    ...over,
  };
}

/** Shelter → legal aid, one way, active: CONTACT, HEALTH, IDENTITY, CONFIDENTIAL_SITE for SERVICE_REFERRAL. */
function agreement(over: Partial<Agreement> = {}): Agreement {
  return {
    id: "a-1",
    fromOrganizationId: SHELTER,
    toOrganizationId: LEGAL,
    bothWays: false,
    categories: ["CONTACT", "HEALTH", "IDENTITY", "CONFIDENTIAL_SITE"],
    purposes: ["SERVICE_REFERRAL"],
    validFrom: BEFORE,
    validUntil: AFTER,
    status: "ACTIVE",
    ...over,
  };
}

const facts = (consents: Consent[], agreements: Agreement[]): DecisionFacts => ({ consents, agreements });
const FULL = facts([consent()], [agreement()]);
const NONE = facts([], []);

type Expected =
  { release: true; basis: "OWNER" | { agreementId: string; consentId: string | null } | { emergency: true; agreementId: string } } | { release: false; code: DecisionCode };

interface Row {
  name: string;
  caller: Caller;
  record: RecordRef;
  facts: DecisionFacts;
  now?: Date;
  expect: Expected;
}

const OWNER = { release: true, basis: "OWNER" } as const;
const deny = (code: DecisionCode): Expected => ({ release: false, code });
const via = (agreementId: string, consentId: string | null): Expected => ({ release: true, basis: { agreementId, consentId } });
const emergency = (agreementId: string): Expected => ({ release: true, basis: { emergency: true, agreementId } });

// ── the table ────────────────────────────────────────────────────────────────────────────────────

const ROWS: Row[] = [
  // 1. Fail closed
  { name: "null facts, even for the owner", caller: ownerCaller(), record: record(), facts: null, expect: deny("POLICY_UNAVAILABLE") },
  { name: "null facts beats a forbidden role", caller: ownerCaller({ roles: ["ORG_ADMIN"] }), record: record(), facts: null, expect: deny("POLICY_UNAVAILABLE") },
  { name: "null facts for a confidential site", caller: caller(), record: record({ category: "CONFIDENTIAL_SITE" }), facts: null, expect: deny("POLICY_UNAVAILABLE") },
  { name: "missing owner", caller: caller(), record: record({ ownerOrganizationId: null }), facts: FULL, expect: deny("POLICY_UNAVAILABLE") },
  { name: "empty owner counts as missing", caller: caller(), record: record({ ownerOrganizationId: "" }), facts: FULL, expect: deny("POLICY_UNAVAILABLE") },
  {
    name: "missing owner on a confidential site",
    caller: caller(),
    record: record({ category: "CONFIDENTIAL_SITE", ownerOrganizationId: null }),
    facts: FULL,
    expect: deny("POLICY_UNAVAILABLE"),
  },
  { name: "missing subject, even for the owner", caller: ownerCaller(), record: record({ survivorId: null }), facts: FULL, expect: deny("POLICY_UNAVAILABLE") },
  { name: "missing subject on HEALTH", caller: caller(), record: record({ category: "HEALTH", survivorId: null }), facts: FULL, expect: deny("POLICY_UNAVAILABLE") },
  { name: "empty subject counts as missing", caller: caller(), record: record({ survivorId: "" }), facts: FULL, expect: deny("POLICY_UNAVAILABLE") },
  { name: "missing subject in an emergency", caller: emergencyCaller(), record: record({ survivorId: null }), facts: FULL, expect: deny("POLICY_UNAVAILABLE") },
  {
    name: "confidential site needs no subject",
    caller: caller(),
    record: record({ category: "CONFIDENTIAL_SITE", survivorId: null }),
    facts: facts([], [agreement()]),
    expect: via("a-1", null),
  },

  // 2. Roles (the owner is bound by them too)
  { name: "ORG_ADMIN of the owner", caller: ownerCaller({ roles: ["ORG_ADMIN"] }), record: record(), facts: FULL, expect: deny("ROLE_FORBIDDEN") },
  {
    name: "NETWORK_STEWARD of the owner",
    caller: ownerCaller({ roles: ["NETWORK_STEWARD"] }),
    record: record({ category: "IDENTITY" }),
    facts: FULL,
    expect: deny("ROLE_FORBIDDEN"),
  },
  { name: "PARTNER_APP with agreement and consent", caller: caller({ roles: ["PARTNER_APP"] }), record: record(), facts: FULL, expect: deny("ROLE_FORBIDDEN") },
  { name: "no roles at all", caller: ownerCaller({ roles: [] }), record: record(), facts: FULL, expect: deny("ROLE_FORBIDDEN") },
  {
    name: "ORG_ADMIN + NETWORK_STEWARD + PARTNER_APP together",
    caller: caller({ roles: ["ORG_ADMIN", "NETWORK_STEWARD", "PARTNER_APP"] }),
    record: record(),
    facts: FULL,
    expect: deny("ROLE_FORBIDDEN"),
  },
  {
    name: "LIAISON_OFFICER on HEALTH, even as owner",
    caller: ownerCaller({ roles: ["LIAISON_OFFICER"] }),
    record: record({ category: "HEALTH" }),
    facts: FULL,
    expect: deny("ROLE_FORBIDDEN"),
  },
  {
    name: "LIAISON_OFFICER on LOCATION",
    caller: ownerCaller({ roles: ["LIAISON_OFFICER"] }),
    record: record({ category: "LOCATION" }),
    facts: FULL,
    expect: deny("ROLE_FORBIDDEN"),
  },
  {
    name: "LIAISON_OFFICER on CONFIDENTIAL_SITE",
    caller: caller({ roles: ["LIAISON_OFFICER"] }),
    record: record({ category: "CONFIDENTIAL_SITE" }),
    facts: FULL,
    expect: deny("ROLE_FORBIDDEN"),
  },
  {
    name: "LIAISON_OFFICER on LAW_ENFORCEMENT as owner",
    caller: ownerCaller({ roles: ["LIAISON_OFFICER"] }),
    record: record({ category: "LAW_ENFORCEMENT" }),
    facts: NONE,
    expect: OWNER,
  },
  {
    name: "LIAISON_OFFICER + ORG_ADMIN on CONTACT, with agreement and consent",
    caller: caller({ roles: ["ORG_ADMIN", "LIAISON_OFFICER"] }),
    record: record(),
    facts: FULL,
    expect: via("a-1", "c-1"),
  },
  { name: "CASEWORKER on CASE_NARRATIVE as owner", caller: ownerCaller(), record: record({ category: "CASE_NARRATIVE" }), facts: NONE, expect: OWNER },

  // 3. Owner
  { name: "owner, no purpose, no facts", caller: ownerCaller(), record: record(), facts: NONE, expect: OWNER },
  { name: "owner, IMMIGRATION, purpose DIRECTORY", caller: ownerCaller({ purpose: "DIRECTORY" }), record: record({ category: "IMMIGRATION" }), facts: NONE, expect: OWNER },
  { name: "owner, EMERGENCY without justification", caller: ownerCaller({ purpose: "EMERGENCY" }), record: record({ category: "HEALTH" }), facts: NONE, expect: OWNER },
  { name: "owner, confidential site, no agreement", caller: ownerCaller(), record: record({ category: "CONFIDENTIAL_SITE" }), facts: NONE, expect: OWNER },

  // 4. Purpose required
  { name: "non-owner without purpose, everything else in place", caller: caller({ purpose: null }), record: record(), facts: FULL, expect: deny("PURPOSE_NOT_PERMITTED") },
  { name: "non-owner without purpose and no facts", caller: caller({ purpose: null }), record: record(), facts: NONE, expect: deny("PURPOSE_NOT_PERMITTED") },

  // 6 + 8. Agreement and consent: the happy path and its variants
  { name: "agreement and organisation consent", caller: caller(), record: record(), facts: FULL, expect: via("a-1", "c-1") },
  {
    name: "consent to the caller's partner kind",
    caller: caller(),
    record: record(),
    facts: facts([consent({ grantee: { organizationKind: "LEGAL_AID" } })], [agreement()]),
    expect: via("a-1", "c-1"),
  },
  {
    name: "consent to another partner kind",
    caller: caller(),
    record: record(),
    facts: facts([consent({ grantee: { organizationKind: "SHELTER" } })], [agreement()]),
    expect: deny("CONSENT_REQUIRED"),
  },
  {
    name: "consent to another organisation",
    caller: caller(),
    record: record(),
    facts: facts([consent({ grantee: { organizationId: POLICE } })], [agreement()]),
    expect: deny("CONSENT_REQUIRED"),
  },
  { name: "consent of another survivor", caller: caller(), record: record(), facts: facts([consent({ survivorId: S2 })], [agreement()]), expect: deny("CONSENT_REQUIRED") },
  { name: "consent expired", caller: caller(), record: record(), facts: facts([consent({ validUntil: MS_BEFORE })], [agreement()]), expect: deny("CONSENT_REQUIRED") },
  { name: "consent ends exactly now", caller: caller(), record: record(), facts: facts([consent({ validUntil: NOW })], [agreement()]), expect: deny("CONSENT_REQUIRED") },
  { name: "consent ends 1 ms after now", caller: caller(), record: record(), facts: facts([consent({ validUntil: MS_AFTER })], [agreement()]), expect: via("a-1", "c-1") },
  { name: "consent not yet valid", caller: caller(), record: record(), facts: facts([consent({ validFrom: MS_AFTER })], [agreement()]), expect: deny("CONSENT_REQUIRED") },
  { name: "consent starts exactly now", caller: caller(), record: record(), facts: facts([consent({ validFrom: NOW })], [agreement()]), expect: via("a-1", "c-1") },
  { name: "consent open-ended", caller: caller(), record: record(), facts: facts([consent({ validUntil: null })], [agreement()]), expect: via("a-1", "c-1") },
  {
    name: "consent withdrawn in the past",
    caller: caller(),
    record: record(),
    facts: facts([consent({ withdrawnAt: MS_BEFORE })], [agreement()]),
    expect: deny("CONSENT_REQUIRED"),
  },
  { name: "consent withdrawn exactly now", caller: caller(), record: record(), facts: facts([consent({ withdrawnAt: NOW })], [agreement()]), expect: deny("CONSENT_REQUIRED") },
  {
    name: "consent withdrawal scheduled in the future",
    caller: caller(),
    record: record(),
    facts: facts([consent({ withdrawnAt: MS_AFTER })], [agreement()]),
    expect: via("a-1", "c-1"),
  },
  {
    name: "consent with an invalid date fails closed",
    caller: caller(),
    record: record(),
    facts: facts([consent({ validUntil: new Date(Number.NaN) })], [agreement()]),
    expect: deny("CONSENT_REQUIRED"),
  },
  {
    name: "consent covers the category, not the purpose",
    caller: caller({ purpose: "SAFETY_PLANNING" }),
    record: record(),
    facts: facts([consent()], [agreement({ purposes: ["SAFETY_PLANNING"] })]),
    expect: deny("PURPOSE_NOT_PERMITTED"),
  },
  {
    name: "consent covers the purpose, not the category",
    caller: caller(),
    record: record({ category: "IMMIGRATION" }),
    facts: facts([consent()], [agreement({ categories: ["IMMIGRATION"] })]),
    expect: deny("CONSENT_REQUIRED"),
  },
  { name: "no consent at all", caller: caller(), record: record(), facts: facts([], [agreement()]), expect: deny("CONSENT_REQUIRED") },
  {
    name: "withdrawn consent alongside a good one",
    caller: caller(),
    record: record(),
    facts: facts([consent({ id: "c-0", withdrawnAt: BEFORE }), consent({ id: "c-9" })], [agreement()]),
    expect: via("a-1", "c-9"),
  },
  {
    name: "one consent for the category, another for the purpose: not enough",
    caller: caller(),
    record: record(),
    facts: facts([consent({ id: "c-1", purposes: ["CERTIFICATION"] }), consent({ id: "c-2", categories: ["HEALTH"] })], [agreement()]),
    expect: deny("PURPOSE_NOT_PERMITTED"),
  },
  {
    name: "lowest ids are chosen",
    caller: caller(),
    record: record(),
    facts: facts(
      [consent({ id: "c-2" }), consent({ id: "c-1", grantee: { organizationKind: "LEGAL_AID" } })],
      [agreement({ id: "a-b" }), agreement({ id: "a-a", bothWays: true })],
    ),
    expect: via("a-a", "c-1"),
  },

  // 6. Agreement variants
  { name: "no agreement, consent present", caller: caller(), record: record(), facts: facts([consent()], []), expect: deny("AGREEMENT_REQUIRED") },
  {
    name: "agreement in the wrong direction",
    caller: caller(),
    record: record(),
    facts: facts([consent()], [agreement({ fromOrganizationId: LEGAL, toOrganizationId: SHELTER })]),
    expect: deny("AGREEMENT_REQUIRED"),
  },
  {
    name: "two-way agreement written the other way round",
    caller: caller(),
    record: record(),
    facts: facts([consent()], [agreement({ fromOrganizationId: LEGAL, toOrganizationId: SHELTER, bothWays: true })]),
    expect: via("a-1", "c-1"),
  },
  {
    name: "agreement between the owner and a third organisation",
    caller: caller(),
    record: record(),
    facts: facts([consent()], [agreement({ toOrganizationId: POLICE, bothWays: true })]),
    expect: deny("AGREEMENT_REQUIRED"),
  },
  { name: "agreement SUSPENDED", caller: caller(), record: record(), facts: facts([consent()], [agreement({ status: "SUSPENDED" })]), expect: deny("AGREEMENT_REQUIRED") },
  { name: "agreement REVOKED", caller: caller(), record: record(), facts: facts([consent()], [agreement({ status: "REVOKED" })]), expect: deny("AGREEMENT_REQUIRED") },
  { name: "agreement PROPOSED", caller: caller(), record: record(), facts: facts([consent()], [agreement({ status: "PROPOSED" })]), expect: deny("AGREEMENT_REQUIRED") },
  { name: "agreement ends exactly now", caller: caller(), record: record(), facts: facts([consent()], [agreement({ validUntil: NOW })]), expect: deny("AGREEMENT_REQUIRED") },
  { name: "agreement starts exactly now", caller: caller(), record: record(), facts: facts([consent()], [agreement({ validFrom: NOW })]), expect: via("a-1", "c-1") },
  { name: "agreement not yet valid", caller: caller(), record: record(), facts: facts([consent()], [agreement({ validFrom: MS_AFTER })]), expect: deny("AGREEMENT_REQUIRED") },
  { name: "agreement open-ended", caller: caller(), record: record(), facts: facts([consent()], [agreement({ validUntil: null })]), expect: via("a-1", "c-1") },
  {
    name: "agreement does not cover the category",
    caller: caller(),
    record: record({ category: "LOCATION" }),
    facts: facts([consent({ categories: ["LOCATION"] })], [agreement()]),
    expect: deny("AGREEMENT_REQUIRED"),
  },
  {
    name: "agreement covers the category, not the purpose (consent fine)",
    caller: caller({ purpose: "SAFETY_PLANNING" }),
    record: record(),
    facts: facts([consent({ purposes: ["SAFETY_PLANNING"] })], [agreement()]),
    expect: deny("PURPOSE_NOT_PERMITTED"),
  },
  {
    name: "agreement purpose mismatch is reported before a missing consent",
    caller: caller({ purpose: "CERTIFICATION" }),
    record: record(),
    facts: facts([], [agreement()]),
    expect: deny("PURPOSE_NOT_PERMITTED"),
  },
  {
    name: "one agreement for the category only, another for both",
    caller: caller({ purpose: "SAFETY_PLANNING" }),
    record: record(),
    facts: facts([consent({ purposes: ["SAFETY_PLANNING"] })], [agreement({ id: "a-1" }), agreement({ id: "a-2", purposes: ["SAFETY_PLANNING"] })]),
    expect: via("a-2", "c-1"),
  },
  {
    name: "suspended agreement covering the purpose does not rescue",
    caller: caller({ purpose: "SAFETY_PLANNING" }),
    record: record(),
    facts: facts([consent({ purposes: ["SAFETY_PLANNING"] })], [agreement({ id: "a-1" }), agreement({ id: "a-2", purposes: ["SAFETY_PLANNING"], status: "SUSPENDED" })]),
    expect: deny("PURPOSE_NOT_PERMITTED"),
  },
  {
    name: "EMERGENCY listed on agreement and consent does not bypass the emergency rule",
    caller: caller({ purpose: "EMERGENCY" }),
    record: record(),
    facts: facts([consent({ purposes: ["EMERGENCY"] })], [agreement({ purposes: ["EMERGENCY"] })]),
    expect: deny("EMERGENCY_JUSTIFICATION_REQUIRED"),
  },

  // 7. Organisation categories
  {
    name: "confidential site with agreement, no consent",
    caller: caller(),
    record: record({ category: "CONFIDENTIAL_SITE" }),
    facts: facts([], [agreement()]),
    expect: via("a-1", null),
  },
  {
    name: "confidential site without agreement",
    caller: caller(),
    record: record({ category: "CONFIDENTIAL_SITE" }),
    facts: facts([consent({ categories: ["CONFIDENTIAL_SITE"] })], []),
    expect: deny("AGREEMENT_REQUIRED"),
  },
  {
    name: "confidential site, agreement for another purpose",
    caller: caller({ purpose: "LEGAL_REPRESENTATION" }),
    record: record({ category: "CONFIDENTIAL_SITE" }),
    facts: facts([], [agreement()]),
    expect: deny("PURPOSE_NOT_PERMITTED"),
  },

  // 5. Emergency
  {
    name: "emergency CONTACT with an agreement owner → caller, no consent",
    caller: emergencyCaller(),
    record: record(),
    facts: facts([], [agreement()]),
    expect: emergency("a-1"),
  },
  {
    name: "emergency: agreement caller → owner (one way) shares the caller's records, not the owner's",
    caller: emergencyCaller(),
    record: record(),
    facts: facts([], [agreement({ fromOrganizationId: LEGAL, toOrganizationId: SHELTER })]),
    expect: deny("AGREEMENT_REQUIRED"),
  },
  {
    name: "emergency: a two-way agreement written caller → owner counts",
    caller: emergencyCaller(),
    record: record(),
    facts: facts([], [agreement({ fromOrganizationId: LEGAL, toOrganizationId: SHELTER, bothWays: true })]),
    expect: emergency("a-1"),
  },
  {
    name: "emergency LOCATION: agreement with unrelated categories and purposes counts",
    caller: emergencyCaller(),
    record: record({ category: "LOCATION" }),
    facts: facts([], [agreement({ categories: ["IMMIGRATION"], purposes: ["CERTIFICATION"] })]),
    expect: emergency("a-1"),
  },
  {
    name: "emergency by a LIAISON_OFFICER on CONTACT",
    caller: emergencyCaller({ roles: ["LIAISON_OFFICER"] }),
    record: record(),
    facts: facts([], [agreement()]),
    expect: emergency("a-1"),
  },
  {
    name: "emergency without justification",
    caller: emergencyCaller({ emergencyJustification: null }),
    record: record(),
    facts: FULL,
    expect: deny("EMERGENCY_JUSTIFICATION_REQUIRED"),
  },
  {
    name: "emergency with an empty justification",
    caller: emergencyCaller({ emergencyJustification: "" }),
    record: record(),
    facts: FULL,
    expect: deny("EMERGENCY_JUSTIFICATION_REQUIRED"),
  },
  {
    name: "emergency with a blank justification",
    caller: emergencyCaller({ emergencyJustification: " \t\n " }),
    record: record(),
    facts: FULL,
    expect: deny("EMERGENCY_JUSTIFICATION_REQUIRED"),
  },
  {
    name: "emergency with only invisible characters",
    caller: emergencyCaller({ emergencyJustification: "\u200B\u00A0\uFEFF" }),
    record: record(),
    facts: FULL,
    expect: deny("EMERGENCY_JUSTIFICATION_REQUIRED"),
  },
  { name: "emergency by ORG_ADMIN", caller: emergencyCaller({ roles: ["ORG_ADMIN"] }), record: record(), facts: FULL, expect: deny("ROLE_FORBIDDEN") },
  { name: "emergency by PARTNER_APP", caller: emergencyCaller({ roles: ["PARTNER_APP"] }), record: record({ category: "LOCATION" }), facts: FULL, expect: deny("ROLE_FORBIDDEN") },
  {
    name: "emergency LOCATION by a LIAISON_OFFICER",
    caller: emergencyCaller({ roles: ["LIAISON_OFFICER"] }),
    record: record({ category: "LOCATION" }),
    facts: FULL,
    expect: deny("ROLE_FORBIDDEN"),
  },
  {
    name: "emergency HEALTH, even with agreement and consent",
    caller: emergencyCaller(),
    record: record({ category: "HEALTH" }),
    facts: facts([consent({ purposes: ["EMERGENCY"] })], [agreement({ purposes: ["EMERGENCY"] })]),
    expect: deny("PURPOSE_NOT_PERMITTED"),
  },
  { name: "emergency CONFIDENTIAL_SITE", caller: emergencyCaller(), record: record({ category: "CONFIDENTIAL_SITE" }), facts: FULL, expect: deny("PURPOSE_NOT_PERMITTED") },
  { name: "emergency without any agreement", caller: emergencyCaller(), record: record(), facts: facts([consent()], []), expect: deny("AGREEMENT_REQUIRED") },
  {
    name: "emergency with a SUSPENDED agreement",
    caller: emergencyCaller(),
    record: record(),
    facts: facts([], [agreement({ status: "SUSPENDED" })]),
    expect: deny("AGREEMENT_REQUIRED"),
  },
  {
    name: "emergency with a PROPOSED agreement",
    caller: emergencyCaller(),
    record: record(),
    facts: facts([], [agreement({ status: "PROPOSED" })]),
    expect: deny("AGREEMENT_REQUIRED"),
  },
  {
    name: "emergency with an agreement that ended exactly now",
    caller: emergencyCaller(),
    record: record(),
    facts: facts([], [agreement({ validUntil: NOW })]),
    expect: deny("AGREEMENT_REQUIRED"),
  },
  {
    name: "emergency with an agreement between the caller and a third organisation",
    caller: emergencyCaller(),
    record: record(),
    facts: facts([], [agreement({ fromOrganizationId: POLICE, toOrganizationId: LEGAL, bothWays: true })]),
    expect: deny("AGREEMENT_REQUIRED"),
  },
  {
    name: "emergency picks the lowest agreement id",
    caller: emergencyCaller(),
    record: record(),
    facts: facts(
      [],
      [
        agreement({ id: "a-7" }),
        agreement({ id: "a-3", fromOrganizationId: LEGAL, toOrganizationId: SHELTER, bothWays: true }),
        agreement({ id: "a-1", fromOrganizationId: LEGAL, toOrganizationId: SHELTER }),
        agreement({ id: "a-0", status: "REVOKED" }),
      ],
    ),
    expect: emergency("a-3"),
  },
];

function summary(decision: Decision): Expected {
  return decision.release ? { release: true, basis: decision.basis } : { release: false, code: decision.code };
}

describe("decide: hand-written table", () => {
  it("has at least 40 rows with distinct names", () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(ROWS.map((r) => r.name)).size).toBe(ROWS.length);
  });

  it.each(ROWS.map((row) => [row.name, row] as const))("%s", (_name, row) => {
    const decision = decide(row.caller, row.record, row.facts, row.now ?? NOW);
    expect(summary(decision)).toStrictEqual(row.expect);
    if (!decision.release) expect(decision.message).toBe(DECISION_MESSAGES[decision.code]);
  });

  it("covers every denial code and every kind of basis", () => {
    const codes = new Set(ROWS.flatMap((r) => (r.expect.release ? [] : [r.expect.code])));
    expect([...codes].sort()).toStrictEqual([...ALL_DECISION_CODES].sort());
    const bases = new Set(
      ROWS.flatMap((r) => {
        if (!r.expect.release) return [];
        const b = r.expect.basis;
        return [b === "OWNER" ? "OWNER" : "emergency" in b ? "EMERGENCY" : b.consentId === null ? "AGREEMENT" : "CONSENT"];
      }),
    );
    expect([...bases].sort()).toStrictEqual(["AGREEMENT", "CONSENT", "EMERGENCY", "OWNER"]);
  });
});

describe("decision codes", () => {
  it("are their own names, with a fixed message each", () => {
    expect(DECISION_CODES).toStrictEqual({
      CONSENT_REQUIRED: "CONSENT_REQUIRED",
      AGREEMENT_REQUIRED: "AGREEMENT_REQUIRED",
      PURPOSE_NOT_PERMITTED: "PURPOSE_NOT_PERMITTED",
      ROLE_FORBIDDEN: "ROLE_FORBIDDEN",
      POLICY_UNAVAILABLE: "POLICY_UNAVAILABLE",
      EMERGENCY_JUSTIFICATION_REQUIRED: "EMERGENCY_JUSTIFICATION_REQUIRED",
    });
    expect(Object.keys(DECISION_MESSAGES).sort()).toStrictEqual([...ALL_DECISION_CODES].sort());
    for (const message of Object.values(DECISION_MESSAGES)) expect(message).toMatch(/^Withheld: [A-Za-z' ,;.-]+$/);
  });

  it("denial messages carry no value from the inputs", () => {
    const secretCaller = caller({ organizationId: "org-SECRET-P", emergencyJustification: "SECRET-J", purpose: "EMERGENCY" });
    const secretRecord = record({ ownerOrganizationId: "org-SECRET-O", survivorId: "SECRET-S" });
    const decision = decide(secretCaller, secretRecord, facts([consent({ id: "SECRET-C" })], [agreement({ id: "SECRET-A" })]), NOW);
    expect(decision).toStrictEqual({ release: false, code: "AGREEMENT_REQUIRED", message: DECISION_MESSAGES.AGREEMENT_REQUIRED });
    expect(JSON.stringify(decision)).not.toContain("SECRET");
  });

  it("decisions are frozen", () => {
    const released = decide(caller(), record(), FULL, NOW);
    expect(Object.isFrozen(released)).toBe(true);
    if (released.release && typeof released.basis !== "string") expect(Object.isFrozen(released.basis)).toBe(true);
    expect(Object.isFrozen(decide(caller(), record(), null, NOW))).toBe(true);
  });
});

describe("decideAll", () => {
  it("gives each record, in order, what decide gives it", () => {
    const records: RecordRef[] = [
      record(),
      record({ category: "HEALTH" }),
      record({ survivorId: S2 }),
      record(),
      record({ category: "CONFIDENTIAL_SITE", survivorId: null }),
      record({ ownerOrganizationId: null }),
      record({ category: "LOCATION" }),
    ];
    const f = facts([consent()], [agreement()]);
    expect(decideAll(caller(), records, f, NOW).map(summary)).toStrictEqual([
      via("a-1", "c-1"),
      via("a-1", "c-1"),
      deny("CONSENT_REQUIRED"),
      via("a-1", "c-1"),
      via("a-1", null),
      deny("POLICY_UNAVAILABLE"),
      deny("AGREEMENT_REQUIRED"),
    ]);
    expect(decideAll(caller(), records, null, NOW).map(summary)).toStrictEqual(records.map(() => deny("POLICY_UNAVAILABLE")));
    expect(decideAll(caller(), [], f, NOW)).toStrictEqual([]);
  });

  it('does not confuse a null key with the string "null"', () => {
    const records: RecordRef[] = [record({ survivorId: null }), record({ survivorId: "null" })];
    const f = facts([consent({ survivorId: "null" })], [agreement()]);
    expect(decideAll(caller(), records, f, NOW).map(summary)).toStrictEqual([deny("POLICY_UNAVAILABLE"), via("a-1", "c-1")]);
  });
});
