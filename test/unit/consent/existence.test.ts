/**
 * The existence rule (policy/existence.ts): whether a caller may know that a record about
 * a survivor exists at all. A table of the cases that matter, then a property: for generated
 * callers, records and facts, "shown" is exactly "a party of the record, or IDENTITY released, or
 * (in an emergency) CONTACT or LOCATION released by the emergency clause", and a refusal never
 * reveals more than a refusal of IDENTITY would.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide } from "../../../policy/decide.js";
import { decideExistence, type ExistenceRef } from "../../../policy/existence.js";
import type { Agreement, Caller, Consent, DecisionFacts } from "../../../policy/facts.js";
import type { DataCategory } from "../../../policy/categories.js";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const BEFORE = new Date("2026-01-01T00:00:00.000Z");
const AFTER = new Date("2027-01-01T00:00:00.000Z");
const SHELTER = "org-shelter";
const LEGAL = "org-legal";
const POLICE = "org-police";
const S1 = "survivor-1";

const caller = (over: Partial<Caller> = {}): Caller => ({
  organizationId: LEGAL,
  organizationKind: "LEGAL_AID",
  roles: ["CASEWORKER"],
  purpose: "SERVICE_REFERRAL",
  emergencyJustification: null,
  ...over,
});
const record = (over: Partial<ExistenceRef> = {}): ExistenceRef => ({ survivorId: S1, ownerOrganizationId: SHELTER, partyOrganizationIds: [], ...over });
const consent = (over: Partial<Consent> = {}): Consent => ({
  id: "c-1",
  survivorId: S1,
  grantee: { organizationId: LEGAL },
  categories: ["IDENTITY", "CONTACT"],
  purposes: ["SERVICE_REFERRAL"],
  validFrom: BEFORE,
  validUntil: AFTER,
  withdrawnAt: null,
  ...over,
});
const agreement = (over: Partial<Agreement> = {}): Agreement => ({
  id: "a-1",
  fromOrganizationId: SHELTER,
  toOrganizationId: LEGAL,
  bothWays: false,
  categories: ["IDENTITY", "CONTACT"],
  purposes: ["SERVICE_REFERRAL"],
  validFrom: BEFORE,
  validUntil: AFTER,
  status: "ACTIVE",
  ...over,
});
const facts = (consents: Consent[], agreements: Agreement[]): DecisionFacts => ({ consents, agreements });
const JUSTIFIED = { purpose: "EMERGENCY" as const, emergencyJustification: "Invented (demo): missed a safety check-in tonight." };

const shown = (c: Caller, r: ExistenceRef, f: DecisionFacts) => decideExistence(c, r, f, NOW);

describe("the existence rule, case by case", () => {
  it("shows the record to its owner and to the organisation it is addressed to, whatever the consents", () => {
    expect(shown(caller({ organizationId: SHELTER, organizationKind: "SHELTER", purpose: null }), record(), facts([], []))).toEqual({
      decision: { release: true, basis: "OWNER" },
      category: "IDENTITY",
    });
    expect(shown(caller({ organizationId: POLICE, organizationKind: "LAW_ENFORCEMENT_LIAISON" }), record({ partyOrganizationIds: [POLICE] }), facts([], []))).toMatchObject({
      decision: { release: true },
    });
  });

  it("shows another organisation's record only with an agreement and a consent both covering IDENTITY for the purpose", () => {
    expect(shown(caller(), record(), facts([consent()], [agreement()]))).toEqual({
      decision: { release: true, basis: { agreementId: "a-1", consentId: "c-1" } },
      category: "IDENTITY",
    });
    expect(shown(caller(), record(), facts([consent()], [])).decision).toMatchObject({ release: false, code: "AGREEMENT_REQUIRED" });
    expect(shown(caller(), record(), facts([], [agreement()])).decision).toMatchObject({ release: false, code: "CONSENT_REQUIRED" });
    // A consent to CONTACT only does not say who the survivor is.
    expect(shown(caller(), record(), facts([consent({ categories: ["CONTACT"] })], [agreement()])).decision).toMatchObject({ release: false });
    // Another purpose.
    expect(shown(caller({ purpose: "LEGAL_REPRESENTATION" }), record(), facts([consent()], [agreement()])).decision).toMatchObject({
      release: false,
      code: "PURPOSE_NOT_PERMITTED",
    });
    // A one-way agreement the other way shares the caller's records, not the owner's.
    expect(shown(caller(), record(), facts([consent()], [agreement({ fromOrganizationId: LEGAL, toOrganizationId: SHELTER })])).decision).toMatchObject({ release: false });
  });

  it("in an emergency shows the record, recorded as CONTACT, only with a justification and an agreement sharing the owner's records", () => {
    expect(shown(caller(JUSTIFIED), record(), facts([], [agreement({ categories: ["HEALTH"] })]))).toEqual({
      decision: { release: true, basis: { emergency: true, agreementId: "a-1" } },
      category: "CONTACT",
    });
    // No justification, a blank one: nothing, not even that it exists.
    for (const emergencyJustification of [null, "", " \t "]) {
      expect(shown(caller({ ...JUSTIFIED, emergencyJustification }), record(), facts([], [agreement()])).decision).toMatchObject({
        release: false,
        code: "EMERGENCY_JUSTIFICATION_REQUIRED",
      });
    }
    // A one-way agreement from the caller to the owner (police → shelter) opens nothing of the shelter's.
    const police = caller({ ...JUSTIFIED, organizationId: POLICE, organizationKind: "LAW_ENFORCEMENT_LIAISON", roles: ["LIAISON_OFFICER"] });
    expect(shown(police, record(), facts([], [agreement({ fromOrganizationId: POLICE, toOrganizationId: SHELTER })])).decision).toMatchObject({
      release: false,
      code: "AGREEMENT_REQUIRED",
    });
    expect(shown(police, record(), facts([], [agreement({ toOrganizationId: POLICE })])).decision).toMatchObject({ release: true });
  });

  it("fails closed: no facts, no owner or no subject shows nothing, to the owner neither", () => {
    const owner = caller({ organizationId: SHELTER, organizationKind: "SHELTER" });
    expect(shown(owner, record(), null).decision).toMatchObject({ release: false, code: "POLICY_UNAVAILABLE" });
    expect(shown(owner, record({ ownerOrganizationId: null }), facts([], [])).decision).toMatchObject({ release: false, code: "POLICY_UNAVAILABLE" });
    expect(shown(owner, record({ survivorId: "" }), facts([], [])).decision).toMatchObject({ release: false, code: "POLICY_UNAVAILABLE" });
  });
});

describe("the existence rule, generated", () => {
  const ORGS = [SHELTER, LEGAL, POLICE];
  const org = fc.constantFrom(...ORGS);
  const categories = fc.subarray<DataCategory>(["IDENTITY", "CONTACT", "LOCATION", "HEALTH"]);
  const purposes = fc.subarray(["SERVICE_REFERRAL", "LEGAL_REPRESENTATION", "EMERGENCY"] as const);
  const agreements = fc
    .array(fc.record({ from: org, to: org, bothWays: fc.boolean(), categories, purposes, status: fc.constantFrom("ACTIVE", "SUSPENDED") }), { maxLength: 3 })
    .map((list) =>
      list.map((a, i) =>
        agreement({
          id: `a-${i}`,
          fromOrganizationId: a.from,
          toOrganizationId: a.to,
          bothWays: a.bothWays,
          categories: a.categories,
          purposes: [...a.purposes],
          status: a.status as Agreement["status"],
        }),
      ),
    );
  const consents = fc
    .array(fc.record({ to: org, categories, purposes, withdrawn: fc.boolean() }), { maxLength: 3 })
    .map((list) =>
      list.map((c, i) =>
        consent({ id: `c-${i}`, grantee: { organizationId: c.to }, categories: c.categories, purposes: [...c.purposes], withdrawnAt: c.withdrawn ? BEFORE : null }),
      ),
    );
  const callers = fc.record({
    organizationId: org,
    roles: fc.subarray(["CASEWORKER", "LIAISON_OFFICER", "ORG_ADMIN", "PARTNER_APP"] as const, { minLength: 1 }),
    purpose: fc.constantFrom(null, "SERVICE_REFERRAL", "LEGAL_REPRESENTATION", "EMERGENCY"),
    emergencyJustification: fc.constantFrom(null, " ", "Invented (demo): urgent."),
  });
  const records = fc.record({ owner: org, parties: fc.subarray(ORGS) });

  it("shown ⇔ party ∨ IDENTITY released ∨ (emergency ∧ CONTACT or LOCATION released)", () => {
    fc.assert(
      fc.property(callers, records, consents, agreements, (c, r, cs, as) => {
        const asking: Caller = { ...c, roles: [...c.roles], organizationKind: "LEGAL_AID" };
        const ref = record({ ownerOrganizationId: r.owner, partyOrganizationIds: r.parties });
        const f = facts(cs, as);
        const result = shown(asking, ref, f);
        const party = asking.organizationId === r.owner || r.parties.includes(asking.organizationId);
        const released = (category: DataCategory) => decide(asking, { category, survivorId: S1, ownerOrganizationId: r.owner }, f, NOW).release;
        const emergency = asking.purpose === "EMERGENCY" && (released("CONTACT") || released("LOCATION"));
        expect(result.decision.release).toBe(party || released("IDENTITY") || emergency);
        // What the ledger records it under: IDENTITY, unless the emergency clause alone showed it.
        if (result.decision.release && !party && !released("IDENTITY")) expect(["CONTACT", "LOCATION"]).toContain(result.category);
        else if (result.decision.release) expect(result.category).toBe("IDENTITY");
      }),
      { numRuns: 2_000 },
    );
  });
});
