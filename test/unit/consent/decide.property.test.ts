/**
 * decide() against an ORACLE written here, independently of the module: a direct boolean
 * transcription of the rule in docs/design.md, "The consent rule"
 *
 *     release  ⇔  roleAllows(R, C)  ∧  ( P = O  ∨  ( agreement(O→P, C, U)  ∧  consent(S→P, C, U) ) )
 *
 * plus the organisation-category clause (no consent term), the emergency clause and fail-closed.
 * The oracle uses only plain predicates over the arrays; it calls nothing from policy/.
 * Small id pools make matches (and near-misses) frequent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide } from "../../../policy/decide.js";
import { ALL_DECISION_CODES, DECISION_MESSAGES } from "../../../policy/decisionCodes.js";
import type { Agreement, Caller, Consent, DecisionFacts, RecordRef } from "../../../policy/facts.js";
import type { DataCategory } from "../../../policy/categories.js";
import type { OrganizationKind } from "../../../vocabulary/organizations.js";
import type { Purpose, Role } from "../../../vocabulary/principal.js";

// ── vocabulary, restated here on purpose (not imported from the module under test) ───────────────

const CATEGORIES: DataCategory[] = ["IDENTITY", "CONTACT", "LOCATION", "HEALTH", "IMMIGRATION", "LAW_ENFORCEMENT", "CASE_NARRATIVE", "CONFIDENTIAL_SITE"];
const ROLE_LIST: Role[] = ["CASEWORKER", "ORG_ADMIN", "NETWORK_STEWARD", "LIAISON_OFFICER", "PARTNER_APP"];
const PURPOSE_LIST: Purpose[] = ["SERVICE_REFERRAL", "SAFETY_PLANNING", "LEGAL_REPRESENTATION", "CERTIFICATION", "CRIMINAL_INVESTIGATION", "EMERGENCY", "DIRECTORY"];
const KINDS: OrganizationKind[] = ["SHELTER", "LEGAL_AID", "LAW_ENFORCEMENT_LIAISON", "NETWORK_COORDINATOR"];
const STATUSES: Agreement["status"][] = ["ACTIVE", "SUSPENDED", "REVOKED", "PROPOSED"];

const ORGS = ["org-a", "org-b", "org-c"];
const SURVIVORS = ["sv-1", "sv-2"];
const NOW = new Date("2025-06-01T12:00:00.000Z");
const DAY = 86_400_000;

// ── generators ───────────────────────────────────────────────────────────────────────────────────

/** Instants around NOW, including NOW itself, so the period boundaries are hit often. */
const instant = fc.constantFrom(-2, -1, 0, 1, 2).map((d) => new Date(NOW.getTime() + d * DAY));
/** Period ends biased toward "valid now" (NOW itself stays frequent: the boundary). */
const startArb = mostlyValid(fc.constantFrom(-1, 0).map((d) => new Date(NOW.getTime() + d * DAY)));
const endArb = mostlyValid(
  fc.option(
    fc.constantFrom(0, 1).map((d) => new Date(NOW.getTime() + d * DAY)),
    { nil: null },
  ),
);
function mostlyValid<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<T | Date | null> {
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: fc.option(instant, { nil: null }) });
}
const someCategories = fc.subarray(CATEGORIES, { minLength: 0 });
const somePurposes = fc.subarray(PURPOSE_LIST, { minLength: 0 });
const org = fc.constantFrom(...ORGS);

const callerArb: fc.Arbitrary<Caller> = fc.record({
  organizationId: org,
  organizationKind: fc.constantFrom(...KINDS),
  roles: fc.subarray(ROLE_LIST),
  purpose: fc.option(fc.constantFrom(...PURPOSE_LIST), { nil: null, freq: 6 }),
  emergencyJustification: fc.constantFrom(null, "", "   ", "\t\u200B", "Survivor missing since last night", "x"),
});

const recordArb: fc.Arbitrary<RecordRef> = fc.record({
  category: fc.constantFrom(...CATEGORIES),
  ownerOrganizationId: fc.option(org, { nil: null, freq: 12 }),
  survivorId: fc.option(fc.constantFrom(...SURVIVORS), { nil: null, freq: 12 }),
});

/**
 * Facts for a given caller and record. Each field is "aligned" with the scenario (the record's
 * survivor, owner → caller, the caller's kind, lists holding the record's category and the caller's
 * purpose) most of the time and random otherwise, so hits, near-misses and boundaries are all common.
 */
interface Focus {
  owner: string;
  caller: string;
  kind: OrganizationKind;
  survivor: string;
  category: DataCategory;
  purpose: Purpose;
}

const focusOf = (caller: Caller, record: RecordRef): Focus => ({
  owner: record.ownerOrganizationId ?? "org-a",
  caller: caller.organizationId,
  kind: caller.organizationKind,
  survivor: record.survivorId ?? "sv-1",
  category: record.category,
  purpose: caller.purpose ?? "SERVICE_REFERRAL",
});

/** `aligned` 3 times in 4, `random` otherwise. */
const mostly = <T>(aligned: fc.Arbitrary<T>, random: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ weight: 3, arbitrary: aligned }, { weight: 1, arbitrary: random });

const withItem = <T>(item: T, pool: T[]) => fc.subarray(pool).map((xs) => (xs.includes(item) ? xs : [...xs, item]));

const consentArb = (id: string, f: Focus): fc.Arbitrary<Consent> =>
  fc.record({
    id: fc.constant(id),
    survivorId: mostly(fc.constant(f.survivor), fc.constantFrom(...SURVIVORS)),
    grantee: mostly(
      fc.constantFrom<Consent["grantee"]>({ organizationId: f.caller }, { organizationKind: f.kind }),
      fc.oneof(fc.record({ organizationId: org }), fc.record({ organizationKind: fc.constantFrom(...KINDS) })),
    ),
    categories: mostly(withItem(f.category, CATEGORIES), someCategories),
    purposes: mostly(withItem(f.purpose, PURPOSE_LIST), somePurposes),
    validFrom: startArb.map((d) => d ?? NOW),
    validUntil: endArb,
    withdrawnAt: fc.option(instant, { nil: null, freq: 2 }),
  });

const agreementArb = (id: string, f: Focus): fc.Arbitrary<Agreement> =>
  fc
    .tuple(
      mostly(fc.constantFrom<[string, string]>([f.owner, f.caller], [f.caller, f.owner]), fc.tuple(org, org)),
      fc.record({
        bothWays: fc.boolean(),
        categories: mostly(withItem(f.category, CATEGORIES), someCategories),
        purposes: mostly(withItem(f.purpose, PURPOSE_LIST), somePurposes),
        validFrom: startArb.map((d) => d ?? NOW),
        validUntil: endArb,
        status: fc.oneof({ weight: 3, arbitrary: fc.constant("ACTIVE" as const) }, { weight: 1, arbitrary: fc.constantFrom(...STATUSES) }),
      }),
    )
    .map(([[from, to], rest]): Agreement => ({ id, fromOrganizationId: from, toOrganizationId: to, ...rest }));

/** Ids are drawn from a small pool, so duplicates (and their tie-break) occur too. */
const idsArb = (prefix: string) => fc.array(fc.constantFrom(...[0, 1, 2, 3, 4].map((i) => `${prefix}${i}`)), { maxLength: 4 });

const factsFor = (f: Focus): fc.Arbitrary<NonNullable<DecisionFacts>> =>
  fc.record({
    consents: idsArb("c").chain((ids) => fc.tuple(...ids.map((id) => consentArb(id, f)))),
    agreements: idsArb("a").chain((ids) => fc.tuple(...ids.map((id) => agreementArb(id, f)))),
  });

/** A caller, a record and facts about them (null now and then). */
const scenarioArb: fc.Arbitrary<[Caller, RecordRef, DecisionFacts]> = fc
  .tuple(callerArb, recordArb)
  .chain(([caller, record]) => fc.tuple(fc.constant(caller), fc.constant(record), fc.option(factsFor(focusOf(caller, record)), { nil: null, freq: 15 })));

/** Same, never null. */
const scenarioWithFactsArb: fc.Arbitrary<[Caller, RecordRef, NonNullable<DecisionFacts>]> = fc
  .tuple(callerArb, recordArb)
  .chain(([caller, record]) => fc.tuple(fc.constant(caller), fc.constant(record), factsFor(focusOf(caller, record))));

// ── the oracle ───────────────────────────────────────────────────────────────────────────────────

function oracle(caller: Caller, record: RecordRef, facts: DecisionFacts, now: Date): boolean {
  const C = record.category;
  const O = record.ownerOrganizationId;
  const S = record.survivorId;
  const P = caller.organizationId;
  const R = caller.roles;
  const U = caller.purpose;
  const t = now.getTime();
  const aboutOrganisation = C === "CONFIDENTIAL_SITE";

  // Fail closed.
  if (facts === null || O === null || O === "") return false;
  if (!aboutOrganisation && (S === null || S === "")) return false;

  // roleAllows(R, C)
  const roleAllows = R.includes("CASEWORKER") || (R.includes("LIAISON_OFFICER") && (C === "IDENTITY" || C === "CONTACT" || C === "LAW_ENFORCEMENT"));
  if (!roleAllows) return false;

  // P = O
  if (P === O) return true;
  if (U === null) return false;

  const activeNow = (a: Agreement) => a.status === "ACTIVE" && a.validFrom.getTime() <= t && (a.validUntil === null || t < a.validUntil.getTime());

  // Emergency clause.
  if (U === "EMERGENCY") {
    const justified = caller.emergencyJustification !== null && /[^\s\u200B]/.test(caller.emergencyJustification);
    const emergencyRole = R.includes("CASEWORKER") || (R.includes("LIAISON_OFFICER") && C === "CONTACT");
    const emergencyCategory = C === "CONTACT" || C === "LOCATION";
    // Some agreement sharing the owner's records with the caller: O → P, or two-way written P → O.
    const someAgreementWithOwner = facts.agreements.some(
      (a) => activeNow(a) && ((a.fromOrganizationId === O && a.toOrganizationId === P) || (a.bothWays && a.fromOrganizationId === P && a.toOrganizationId === O)),
    );
    return justified && emergencyRole && emergencyCategory && someAgreementWithOwner;
  }

  // agreement(O→P, C, U)
  const agreement = facts.agreements.some(
    (a) =>
      activeNow(a) &&
      ((a.fromOrganizationId === O && a.toOrganizationId === P) || (a.bothWays && a.fromOrganizationId === P && a.toOrganizationId === O)) &&
      a.categories.includes(C) &&
      a.purposes.includes(U),
  );
  if (aboutOrganisation) return agreement;

  // consent(S→P, C, U)
  const consent = facts.consents.some(
    (c) =>
      c.survivorId === S &&
      (c.withdrawnAt === null || c.withdrawnAt.getTime() > t) &&
      c.validFrom.getTime() <= t &&
      (c.validUntil === null || t < c.validUntil.getTime()) &&
      ("organizationId" in c.grantee ? c.grantee.organizationId === P : c.grantee.organizationKind === caller.organizationKind) &&
      c.categories.includes(C) &&
      c.purposes.includes(U),
  );
  return agreement && consent;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !(value instanceof Date) && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const RUNS = 4000;

describe("decide: property tests against an independent oracle", () => {
  it("releases exactly when the oracle does; denials carry an exported code and its message", () => {
    let releases = 0;
    let nonOwnerReleases = 0;
    fc.assert(
      fc.property(scenarioArb, ([caller, record, facts]) => {
        deepFreeze(caller);
        deepFreeze(record);
        deepFreeze(facts);
        const decision = decide(caller, record, facts, NOW);
        expect(decision.release).toBe(oracle(caller, record, facts, NOW));
        if (decision.release) {
          releases++;
          if (decision.basis === "OWNER") {
            expect(caller.organizationId).toBe(record.ownerOrganizationId);
          } else {
            nonOwnerReleases++;
            // The basis names facts that exist.
            expect(facts?.agreements.map((a) => a.id)).toContain(decision.basis.agreementId);
            if ("consentId" in decision.basis && decision.basis.consentId !== null) expect(facts?.consents.map((c) => c.id)).toContain(decision.basis.consentId);
            if ("consentId" in decision.basis) expect(decision.basis.consentId === null).toBe(record.category === "CONFIDENTIAL_SITE");
            if ("emergency" in decision.basis) expect(caller.purpose).toBe("EMERGENCY");
          }
        } else {
          expect(ALL_DECISION_CODES).toContain(decision.code);
          expect(decision.message).toBe(DECISION_MESSAGES[decision.code]);
        }
      }),
      { numRuns: RUNS },
    );
    // The generators must actually exercise the interesting paths, not deny everything.
    expect(releases).toBeGreaterThan(RUNS / 20);
    expect(nonOwnerReleases).toBeGreaterThan(RUNS / 80);
  });

  it("is deterministic and does not depend on the order of the facts", () => {
    fc.assert(
      fc.property(scenarioWithFactsArb, ([caller, record, facts]) => {
        const reversed = { consents: [...facts.consents].reverse(), agreements: [...facts.agreements].reverse() };
        expect(decide(caller, record, reversed, NOW)).toStrictEqual(decide(caller, record, facts, NOW));
      }),
      { numRuns: 1000 },
    );
  });

  it("adding a withdrawn consent or a non-active agreement changes nothing (so never turns a denial into a release)", () => {
    // The added facts are otherwise aligned with the scenario: only the withdrawal / status stops them.
    const extras = scenarioWithFactsArb.chain(([caller, record, facts]) => {
      const f = focusOf(caller, record);
      const withdrawn = fc.tuple(consentArb("c-0", f), fc.constantFrom(-2, -1, 0)).map(([c, d]): Consent => ({ ...c, withdrawnAt: new Date(NOW.getTime() + d * DAY) }));
      const inactive = fc
        .tuple(agreementArb("a-0", f), fc.constantFrom<Agreement["status"]>("REVOKED", "SUSPENDED", "PROPOSED"))
        .map(([a, status]): Agreement => ({ ...a, status }));
      return fc.tuple(fc.constant(caller), fc.constant(record), fc.constant(facts), withdrawn, inactive, fc.boolean());
    });
    fc.assert(
      fc.property(extras, ([caller, record, facts, c, a, first]) => {
        const before = decide(caller, record, facts, NOW);
        const withConsent = { ...facts, consents: first ? [c, ...facts.consents] : [...facts.consents, c] };
        const withAgreement = { ...facts, agreements: first ? [a, ...facts.agreements] : [...facts.agreements, a] };
        const both = { consents: withConsent.consents, agreements: withAgreement.agreements };
        for (const after of [withConsent, withAgreement, both].map((f) => decide(caller, record, f, NOW))) {
          if (!before.release) expect(after.release).toBe(false);
          expect(after).toStrictEqual(before);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("without facts (null) it always denies with POLICY_UNAVAILABLE", () => {
    fc.assert(
      fc.property(callerArb, recordArb, (caller, record) => {
        expect(decide(caller, record, null, NOW)).toStrictEqual({
          release: false,
          code: "POLICY_UNAVAILABLE",
          message: DECISION_MESSAGES.POLICY_UNAVAILABLE,
        });
      }),
      { numRuns: 2000 },
    );
  });
});
