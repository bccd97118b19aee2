/**
 * The agreements lifecycle through the real gateway and subgraphs, with what it changes for real
 * survivor data: Harbor Light (a shelter; admin "harbor-admin") and Example Justice Clinic (legal
 * aid; "clinic-admin", who is also a caseworker and so the viewer) agree, step by step, on what the
 * clinic may see of Harbor Light's resident profile of Demo Survivor Aster, who consented to the
 * clinic. Each step checks what the clinic's next request releases and withholds, that the
 * sharing dry run says the same, who may take the step and who is refused, and that refusals
 * write nothing. At the end: the whole history, the lists, expiry with a gateway whose clock is
 * moved (no sleep), races, and one ledger entry per change.
 */
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../subgraphs/kit/database.js";
import { DEMO_AGREEMENTS, DEMO_MEMBERS, DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import type { Principal } from "../../vocabulary/principal.js";
import { createNetworkClient } from "../../subgraphs/network/db.js";
import { verifyLedger } from "../../subgraphs/network/ledger/ledger.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type GraphQLResponse, type RequestOptions, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const survivorId = DEMO_SURVIVORS.aster;
const harbor = { as: "harbor-admin" } as const;
const clinic = { as: "clinic-admin" } as const;
const steward = { as: "steward" } as const;
const caseworker = { as: "harbor-caseworker" } as const;
/** The clinic's admin, who is also its caseworker, asking for Harbor Light's record of Aster. */
const viewer = { as: "clinic-admin", purpose: "SERVICE_REFERRAL" } as const;

const SEEDED = {
  legalName: "Invented Person Aster (demo)",
  phone: "+1-555-0150",
  currentLocation: "Harbor Light Emergency Beds (demo), room 3",
  healthNeeds: "Invented: needs a follow-up clinic appointment.",
};
const FIELD_CATEGORY = { legalName: "IDENTITY", phone: "CONTACT", currentLocation: "LOCATION", healthNeeds: "HEALTH" } as const;
type Field = keyof typeof FIELD_CATEGORY;
type Fields = Record<Field, string | { denied: string }>;
/** What the clinic gets: the profile's fields, or nothing at all (the survivor is not even found). */
type Seen = Fields | "hidden";
const denied = (code: string) => ({ denied: code });
/**
 * No agreement in force: the consent alone does not let the clinic know the survivor exists (the
 * rule releases IDENTITY only with both), so the survivor is not found, as one who does not exist.
 */
const NOTHING: Seen = "hidden";
const WITHHELD: Fields = {
  legalName: denied("AGREEMENT_REQUIRED"),
  phone: denied("AGREEMENT_REQUIRED"),
  currentLocation: denied("AGREEMENT_REQUIRED"),
  healthNeeds: denied("AGREEMENT_REQUIRED"),
};
const IDENTITY_AND_CONTACT: Seen = { ...WITHHELD, legalName: SEEDED.legalName, phone: SEEDED.phone };
const WITH_LOCATION: Seen = { ...IDENTITY_AND_CONTACT, currentLocation: SEEDED.currentLocation };

const FIELDS = `id lineageId version supersedesId status effectiveStatus fromOrganizationId toOrganizationId bothWays categories purposes validFrom validUntil statusReason countersignedByMemberId proposedByOrganization { id }`;
const PROPOSE = `mutation($input: ProposeAgreementInput!) { proposeAgreement(input: $input) { ${FIELDS} } }`;
const COUNTERSIGN = `mutation($id: ID!) { countersignAgreement(id: $id) { ${FIELDS} } }`;
const DECLINE = `mutation($id: ID!, $reason: String!) { declineAgreement(id: $id, reason: $reason) { ${FIELDS} } }`;
const SUSPEND = `mutation($id: ID!, $reason: String!) { suspendAgreement(id: $id, reason: $reason) { ${FIELDS} } }`;
const REINSTATE = `mutation($id: ID!) { reinstateAgreement(id: $id) { ${FIELDS} } }`;
const REVOKE = `mutation($id: ID!, $reason: String!) { revokeAgreement(id: $id, reason: $reason) { ${FIELDS} } }`;
const AMEND = `mutation($id: ID!, $input: AmendAgreementInput!) { amendAgreement(id: $id, input: $input) { ${FIELDS} } }`;
const ONE = `query($id: ID!) { agreement(id: $id) { ${FIELDS} pendingAmendment { id version } versions { id version status } } }`;
const COUNT = `{ agreements { totalCount } }`;
const PROFILE = `query($id: ID!) { survivor(id: $id) { residentProfiles { legalName phone currentLocation healthNeeds } } }`;
const DRY_RUN = `query($survivorId: ID!, $viewer: ID!, $purpose: String!) {
  sharingDryRun(survivorId: $survivorId, viewerOrganizationId: $viewer, purpose: $purpose) { survivorVisible decisions { category released code basis agreementId consentId } }
}`;

interface AgreementView {
  id: string;
  lineageId: string;
  version: number;
  supersedesId: string | null;
  status: string;
  effectiveStatus: string;
  fromOrganizationId: string;
  toOrganizationId: string;
  bothWays: boolean;
  categories: string[];
  purposes: string[];
  statusReason: string | null;
  countersignedByMemberId: string | null;
  proposedByOrganization: { id: string };
  pendingAmendment?: { id: string; version: number } | null;
  versions?: { id: string; version: number; status: string }[];
}

function terms(extra: Record<string, unknown> = {}) {
  return {
    counterpartOrganizationId: DEMO_ORGS.exampleJusticeClinic,
    direction: "PROPOSER_SHARES",
    categories: ["IDENTITY", "CONTACT"],
    purposes: ["SERVICE_REFERRAL"],
    validFrom: new Date(Date.now() - HOUR).toISOString(),
    validUntil: new Date(Date.now() + 365 * DAY).toISOString(),
    summary: "Invented demo agreement: the shelter shares identity and contact of consenting residents with the clinic for referrals.",
    ...extra,
  };
}

/** A successful mutation or query: 200, no errors; its one root field. */
async function ok<T = AgreementView>(query: string, variables: Record<string, unknown>, options: RequestOptions): Promise<T> {
  const response = await network.query<Record<string, T>>(query, variables, options);
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  expect(response.status).toBe(200);
  return Object.values(response.body.data!)[0]!;
}

/** A refusal by the network subgraph: 200, no data (the root field null), one error with this code; returns its message. */
async function refused(query: string, variables: Record<string, unknown>, options: RequestOptions, code: string): Promise<string> {
  const response = await network.query(query, variables, options);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  // A refused mutation answers `data: null`; a refused query root field (nullable) answers it null.
  expect(Object.values(response.body.data ?? {}).every((value) => value === null)).toBe(true);
  expect(response.body.errors).toHaveLength(1);
  expect(response.body.errors![0]!.extensions!.code, JSON.stringify(response.body.errors)).toBe(code);
  return response.body.errors![0]!.message;
}

/** A mutation refused whole by the gateway before it runs: the caller's role may not call it. */
async function refusedByRole(query: string, variables: Record<string, unknown>, options: RequestOptions): Promise<void> {
  const response = await network.query(query, variables, options);
  expect(response.status).toBe(403);
  expect(response.body.data ?? null).toBeNull();
  expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
}

async function agreementCount(): Promise<number> {
  return (await ok<{ totalCount: number }>(COUNT, {}, steward)).totalCount;
}

const one = (id: string, options: RequestOptions = harbor) => ok<AgreementView>(ONE, { id }, options);

/** What the clinic's viewer gets of Aster's resident profile on its next request. */
async function seen(query: (q: string, v: Record<string, unknown>, o: RequestOptions) => Promise<GraphQLResponse> = network.query): Promise<Seen> {
  const response = await query(PROFILE, { id: survivorId }, viewer);
  expect(response.status).toBe(200);
  const survivor = (response.body.data as { survivor: { residentProfiles: Record<Field, string | null>[] } | null }).survivor;
  if (survivor === null) {
    expect(response.body.errors).toBeUndefined();
    return "hidden";
  }
  const profile = survivor.residentProfiles[0]!;
  const errors = new Map((response.body.errors ?? []).map((e) => [JSON.stringify(e.path), String(e.extensions?.code)]));
  const result = {} as Fields;
  for (const field of Object.keys(FIELD_CATEGORY) as Field[]) {
    const code = errors.get(JSON.stringify(["survivor", "residentProfiles", 0, field]));
    if (code) expect(profile[field]).toBeNull();
    result[field] = code ? denied(code) : profile[field]!;
  }
  return result;
}

/** The clinic's next request shows `expected`, and Harbor Light's dry run for the clinic says the same. */
async function expectClinicSees(expected: Seen): Promise<void> {
  expect(await seen()).toEqual(expected);
  const run = await ok<{ survivorVisible: boolean; decisions: { category: string; released: boolean; code: string | null }[] }>(
    DRY_RUN,
    { survivorId, viewer: DEMO_ORGS.exampleJusticeClinic, purpose: "SERVICE_REFERRAL" },
    harbor,
  );
  expect(run.survivorVisible).toBe(expected !== "hidden");
  if (expected === "hidden") {
    expect(run.decisions.find((d) => d.category === "IDENTITY")!.released).toBe(false);
    return;
  }
  for (const field of Object.keys(FIELD_CATEGORY) as Field[]) {
    const decision = run.decisions.find((d) => d.category === FIELD_CATEGORY[field])!;
    const value = expected[field];
    expect(decision.released, field).toBe(typeof value === "string");
    expect(decision.code, field).toBe(typeof value === "string" ? null : value.denied);
  }
}

beforeAll(async () => {
  network = await startTestNetwork({ persistent: ["network"] });
  // Aster consents to the clinic seeing identity, contact and location for referrals: only an
  // agreement between Harbor Light and the clinic is missing.
  const consent = await network.query(
    `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
    {
      input: {
        survivorId,
        granteeOrganizationId: DEMO_ORGS.exampleJusticeClinic,
        categories: ["IDENTITY", "CONTACT", "LOCATION"],
        purposes: ["SERVICE_REFERRAL"],
        method: "WRITTEN",
        language: "en",
        // Given yesterday: in force at every instant the moved clocks below look at.
        validFrom: new Date(Date.now() - DAY).toISOString(),
      },
    },
    { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" },
  );
  expect(consent.body.errors).toBeUndefined();
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

describe(`agreements, through the gateway (${databaseMode})`, () => {
  const ids = { v1: "", v2: "", v3: "", v4: "", reverse: "", northstar: "", dated: "" };

  it("before any agreement the clinic does not find the survivor, although the survivor consented to it", async () => {
    await expectClinicSees(NOTHING);
  });

  it("refuses every invalid proposal with an error naming the field, and writes nothing", async () => {
    const before = await agreementCount();
    const now = Date.now();
    const cases: [Record<string, unknown>, string][] = [
      [{ validFrom: new Date(now + 10 * DAY).toISOString(), validUntil: new Date(now + 5 * DAY).toISOString() }, "Invalid input: input.validUntil: must be after validFrom"],
      [{ validFrom: new Date(now + DAY).toISOString(), validUntil: new Date(now + DAY).toISOString() }, "Invalid input: input.validUntil: must be after validFrom"],
      [{ validFrom: new Date(now - 10 * DAY).toISOString(), validUntil: new Date(now - DAY).toISOString() }, "Invalid input: input.validUntil: must be in the future"],
      [
        { categories: ["WEATHER"] },
        "Invalid input: input.categories.0: must be one of IDENTITY, CONTACT, LOCATION, HEALTH, IMMIGRATION, LAW_ENFORCEMENT, CASE_NARRATIVE, CONFIDENTIAL_SITE",
      ],
      [{ categories: [] }, "Invalid input: input.categories: name at least one category"],
      [{ categories: ["CONTACT", "CONTACT"] }, "Invalid input: input.categories: must not repeat a category"],
      [{ purposes: [] }, "Invalid input: input.purposes: name at least one purpose"],
      [{ purposes: ["GOSSIP"] }, "Invalid input: input.purposes.0: must be one of SERVICE_REFERRAL, SAFETY_PLANNING, LEGAL_REPRESENTATION, CERTIFICATION, CRIMINAL_INVESTIGATION"],
      [
        { purposes: ["EMERGENCY"] },
        "Invalid input: input.purposes.0: must be one of SERVICE_REFERRAL, SAFETY_PLANNING, LEGAL_REPRESENTATION, CERTIFICATION, CRIMINAL_INVESTIGATION",
      ],
      [{ purposes: ["SERVICE_REFERRAL", "SERVICE_REFERRAL"] }, "Invalid input: input.purposes: must not repeat a purpose"],
      [{ counterpartOrganizationId: DEMO_ORGS.harborLight }, "Invalid input: input.counterpartOrganizationId: must be another organisation than your own"],
      [{ counterpartOrganizationId: "00000000-0000-4000-8000-999999999999" }, "Invalid input: input.counterpartOrganizationId: no such organisation"],
      [{ summary: "   " }, "Invalid input: input.summary: write a plain-language summary"],
      [{ summary: "x".repeat(2_001) }, "Invalid input: input.summary: at most 2000 characters"],
    ];
    for (const [extra, message] of cases) {
      expect(await refused(PROPOSE, { input: terms(extra) }, harbor, ERROR_CODES.BAD_USER_INPUT), JSON.stringify(extra).slice(0, 80)).toBe(message);
    }
    // A counterpart that is no id at all is named too.
    expect(await refused(PROPOSE, { input: terms({ counterpartOrganizationId: "the clinic" }) }, harbor, ERROR_CODES.BAD_USER_INPUT)).toMatch(
      /^Invalid input: input\.counterpartOrganizationId: /,
    );
    expect(await agreementCount()).toBe(before);
  });

  it("only an organisation admin may propose: a caseworker and the network steward are refused whole, nothing written", async () => {
    const before = await agreementCount();
    await refusedByRole(PROPOSE, { input: terms() }, caseworker);
    await refusedByRole(PROPOSE, { input: terms() }, steward);
    expect(await agreementCount()).toBe(before);
  });

  it("a proposal is PROPOSED, version 1 of its own lineage, and shares nothing yet", async () => {
    const proposed = await ok(PROPOSE, { input: terms() }, harbor);
    ids.v1 = proposed.id;
    expect(proposed).toMatchObject({
      lineageId: proposed.id,
      version: 1,
      supersedesId: null,
      status: "PROPOSED",
      effectiveStatus: "PROPOSED",
      fromOrganizationId: DEMO_ORGS.harborLight,
      toOrganizationId: DEMO_ORGS.exampleJusticeClinic,
      bothWays: false,
      categories: ["IDENTITY", "CONTACT"],
      purposes: ["SERVICE_REFERRAL"],
      countersignedByMemberId: null,
      proposedByOrganization: { id: DEMO_ORGS.harborLight },
    });
    // The counterpart sees the proposal it is asked to sign.
    expect((await one(ids.v1, clinic)).status).toBe("PROPOSED");
    await expectClinicSees(NOTHING);
  });

  it("refuses a duplicate for the same pair and direction (or two-way), from either side, naming the field; the other direction is another agreement", async () => {
    const before = await agreementCount();
    const duplicate = `Invalid input: input.direction: an agreement between these organisations that shares this way is already proposed, signed or suspended (${ids.v1}); amend or end that one instead`;
    expect(await refused(PROPOSE, { input: terms() }, harbor, ERROR_CODES.BAD_USER_INPUT)).toBe(duplicate);
    expect(await refused(PROPOSE, { input: terms({ direction: "BOTH_WAYS" }) }, harbor, ERROR_CODES.BAD_USER_INPUT)).toBe(duplicate);
    // The clinic asking Harbor Light to share with it is the same direction.
    const fromClinic = { input: terms({ counterpartOrganizationId: DEMO_ORGS.harborLight, direction: "COUNTERPART_SHARES" }) };
    expect(await refused(PROPOSE, fromClinic, clinic, ERROR_CODES.BAD_USER_INPUT)).toBe(duplicate);
    expect(await agreementCount()).toBe(before);

    // The clinic sharing ITS records with Harbor Light is a different agreement; Harbor Light declines it.
    const reverse = await ok(PROPOSE, { input: terms({ counterpartOrganizationId: DEMO_ORGS.harborLight, direction: "PROPOSER_SHARES" }) }, clinic);
    ids.reverse = reverse.id;
    expect(reverse).toMatchObject({ fromOrganizationId: DEMO_ORGS.exampleJusticeClinic, toOrganizationId: DEMO_ORGS.harborLight, status: "PROPOSED" });
    await refused(DECLINE, { id: reverse.id, reason: "" }, harbor, ERROR_CODES.BAD_USER_INPUT);
    const declined = await ok(DECLINE, { id: reverse.id, reason: "Invented reason (demo): we do not need the clinic's records." }, harbor);
    expect(declined).toMatchObject({ status: "DECLINED", effectiveStatus: "DECLINED", statusReason: "Invented reason (demo): we do not need the clinic's records." });
    await refused(COUNTERSIGN, { id: reverse.id }, harbor, ERROR_CODES.INVALID_TRANSITION);
  });

  it("two identical proposals at the same instant: exactly one is written", async () => {
    const before = await agreementCount();
    const input = terms({ counterpartOrganizationId: DEMO_ORGS.northstar });
    const answers = await Promise.all([network.query(PROPOSE, { input }, harbor), network.query(PROPOSE, { input }, harbor)]);
    const written = answers.filter((a) => !a.body.errors);
    expect(written).toHaveLength(1);
    const loser = answers.find((a) => a.body.errors)!;
    expect(loser.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.BAD_USER_INPUT);
    expect(loser.body.errors![0]!.message).toMatch(/^Invalid input: input\.direction: /);
    ids.northstar = (written[0]!.body.data as { proposeAgreement: AgreementView }).proposeAgreement.id;
    expect(await agreementCount()).toBe(before + 1);
  });

  it("an admin of a third organisation can neither see, sign nor change agreements it is no party to", async () => {
    // Harbor Light → Northstar: the clinic's admin is no party.
    expect(await one(ids.northstar, clinic)).toBeNull();
    expect(await refused(COUNTERSIGN, { id: ids.northstar }, clinic, ERROR_CODES.NOT_FOUND)).toBe("No agreement of your organisation with this id");
    await refused(DECLINE, { id: ids.northstar, reason: "Invented (demo)" }, clinic, ERROR_CODES.NOT_FOUND);
    // The seeded Harbor Light ⇄ Fictional Legal Aid agreement.
    const seeded = DEMO_AGREEMENTS.harborToLegalAid;
    expect(await one(seeded, clinic)).toBeNull();
    for (const [query, variables] of [
      [SUSPEND, { id: seeded, reason: "Invented (demo)" }],
      [REVOKE, { id: seeded, reason: "Invented (demo)" }],
      [AMEND, { id: seeded, input: { categories: ["CONTACT"] } }],
      [COUNTERSIGN, { id: seeded }],
    ] as const) {
      await refused(query, variables, clinic, ERROR_CODES.NOT_FOUND);
    }
    const listed = await ok<{ edges: { node: { id: string } }[] }>(`{ agreements(first: 100) { edges { node { id } } } }`, {}, clinic);
    expect(listed.edges.map((e) => e.node.id)).not.toContain(seeded);
    expect((await one(seeded, harbor)).status).toBe("ACTIVE");
    // Harbor Light withdraws its proposal to Northstar.
    expect(await ok(DECLINE, { id: ids.northstar, reason: "Invented reason (demo): sent by mistake." }, harbor)).toMatchObject({ status: "DECLINED" });
  });

  it("countersignature: never by the proposer, a caseworker or the steward; by the counterpart's admin it is ACTIVE and shares on the very next request", async () => {
    expect(await refused(COUNTERSIGN, { id: ids.v1 }, harbor, ERROR_CODES.OTHER_PARTY_REQUIRED)).toBe(
      "Your organisation proposed this version; only an admin of the other party can countersign it",
    );
    await refusedByRole(COUNTERSIGN, { id: ids.v1 }, caseworker);
    await refusedByRole(COUNTERSIGN, { id: ids.v1 }, steward);
    expect((await one(ids.v1)).status).toBe("PROPOSED");
    await expectClinicSees(NOTHING);

    const signed = await ok(COUNTERSIGN, { id: ids.v1 }, clinic);
    expect(signed).toMatchObject({ status: "ACTIVE", effectiveStatus: "ACTIVE", countersignedByMemberId: DEMO_MEMBERS.clinicAdmin });
    await expectClinicSees(IDENTITY_AND_CONTACT);
    expect(await refused(COUNTERSIGN, { id: ids.v1 }, clinic, ERROR_CODES.INVALID_TRANSITION)).toBe(
      "This agreement version is ACTIVE: it cannot be countersigned; only a proposed version can be",
    );
  });

  it("suspension (either party, with a reason) withholds on the next request; only the party that suspended may reinstate", async () => {
    expect(await refused(SUSPEND, { id: ids.v1, reason: "  " }, clinic, ERROR_CODES.BAD_USER_INPUT)).toBe("Invalid input: input.reason: give a reason");
    await refusedByRole(SUSPEND, { id: ids.v1, reason: "Invented (demo)" }, steward);
    expect((await one(ids.v1)).status).toBe("ACTIVE");

    const suspended = await ok(SUSPEND, { id: ids.v1, reason: "Invented reason (demo): reviewing our intake protocol." }, clinic);
    expect(suspended).toMatchObject({ status: "SUSPENDED", effectiveStatus: "SUSPENDED", statusReason: "Invented reason (demo): reviewing our intake protocol." });
    await expectClinicSees(NOTHING);

    expect(await refused(REINSTATE, { id: ids.v1 }, harbor, ERROR_CODES.OTHER_PARTY_REQUIRED)).toBe("The other party suspended this agreement; only its admin can reinstate it");
    await refused(AMEND, { id: ids.v1, input: { categories: ["CONTACT"] } }, harbor, ERROR_CODES.INVALID_TRANSITION);
    await refused(SUSPEND, { id: ids.v1, reason: "Invented (demo)" }, harbor, ERROR_CODES.INVALID_TRANSITION);
    await expectClinicSees(NOTHING);

    expect(await ok(REINSTATE, { id: ids.v1 }, clinic)).toMatchObject({ status: "ACTIVE", effectiveStatus: "ACTIVE" });
    await expectClinicSees(IDENTITY_AND_CONTACT);
  });

  it("an amendment is a new version: the old one stays in force until the other party countersigns, then is SUPERSEDED", async () => {
    const before = await agreementCount();
    expect(await refused(AMEND, { id: ids.v1, input: { categories: ["CONTACT", "IDENTITY"] } }, harbor, ERROR_CODES.BAD_USER_INPUT)).toBe(
      "Invalid input: input: the amendment changes nothing",
    );
    expect(await refused(AMEND, { id: ids.v1, input: { validFrom: new Date(Date.now() + DAY).toISOString() } }, harbor, ERROR_CODES.BAD_USER_INPUT)).toBe(
      "Invalid input: input.validFrom: an amendment takes over as soon as it is countersigned, so it may not start later than now or than the version it amends",
    );
    expect(await refused(AMEND, { id: ids.v1, input: { categories: [] } }, harbor, ERROR_CODES.BAD_USER_INPUT)).toBe("Invalid input: input.categories: name at least one category");
    await refusedByRole(AMEND, { id: ids.v1, input: { categories: ["CONTACT"] } }, steward);
    expect(await agreementCount()).toBe(before);

    const amendment = await ok(AMEND, { id: ids.v1, input: { categories: ["IDENTITY", "CONTACT", "LOCATION"] } }, harbor);
    ids.v2 = amendment.id;
    expect(amendment).toMatchObject({
      lineageId: ids.v1,
      version: 2,
      supersedesId: ids.v1,
      status: "PROPOSED",
      categories: ["IDENTITY", "CONTACT", "LOCATION"],
      purposes: ["SERVICE_REFERRAL"],
    });
    expect(await one(ids.v1)).toMatchObject({ status: "ACTIVE", pendingAmendment: { id: ids.v2, version: 2 } });
    // The old version is what counts: location still withheld.
    await expectClinicSees(IDENTITY_AND_CONTACT);

    expect(await refused(AMEND, { id: ids.v1, input: { purposes: ["SAFETY_PLANNING"] } }, harbor, ERROR_CODES.INVALID_TRANSITION)).toBe(
      `This agreement version is ACTIVE: it cannot be amended again; version 2 (${ids.v2}) is waiting for countersignature: countersign or decline it first`,
    );
    await refused(COUNTERSIGN, { id: ids.v2 }, harbor, ERROR_CODES.OTHER_PARTY_REQUIRED);
    await expectClinicSees(IDENTITY_AND_CONTACT);

    expect(await ok(COUNTERSIGN, { id: ids.v2 }, clinic)).toMatchObject({ status: "ACTIVE", effectiveStatus: "ACTIVE" });
    expect(await one(ids.v1)).toMatchObject({ status: "SUPERSEDED", effectiveStatus: "SUPERSEDED", pendingAmendment: null });
    await expectClinicSees(WITH_LOCATION);
    // A superseded version takes no further steps.
    await refused(SUSPEND, { id: ids.v1, reason: "Invented (demo)" }, clinic, ERROR_CODES.INVALID_TRANSITION);
    await refused(REVOKE, { id: ids.v1, reason: "Invented (demo)" }, clinic, ERROR_CODES.INVALID_TRANSITION);
  });

  it("an amendment proposed by the counterpart cannot be countersigned by it; declined, the signed version stays as it was", async () => {
    const proposed = await ok(AMEND, { id: ids.v2, input: { purposes: ["SERVICE_REFERRAL", "SAFETY_PLANNING"] } }, clinic);
    ids.v3 = proposed.id;
    expect(proposed).toMatchObject({ version: 3, supersedesId: ids.v2, proposedByOrganization: { id: DEMO_ORGS.exampleJusticeClinic } });
    await refused(COUNTERSIGN, { id: ids.v3 }, clinic, ERROR_CODES.OTHER_PARTY_REQUIRED);

    const declined = await ok(DECLINE, { id: ids.v3, reason: "Invented reason (demo): safety planning is out of scope." }, harbor);
    expect(declined).toMatchObject({ status: "DECLINED", supersedesId: null });
    expect(await one(ids.v2)).toMatchObject({ status: "ACTIVE", pendingAmendment: null, purposes: ["SERVICE_REFERRAL"] });
    await expectClinicSees(WITH_LOCATION);

    // Declined, it no longer holds the version: that can be amended again (left waiting here).
    const again = await ok(AMEND, { id: ids.v2, input: { summary: "Invented demo agreement, amended wording." } }, harbor);
    ids.v4 = again.id;
    expect(again).toMatchObject({ version: 4, supersedesId: ids.v2, status: "PROPOSED" });
  });

  it("revocation (either party, with a reason, final) withholds on the very next request and declines the waiting amendment", async () => {
    await refusedByRole(REVOKE, { id: ids.v2, reason: "Invented (demo)" }, caseworker);
    await refusedByRole(REVOKE, { id: ids.v2, reason: "Invented (demo)" }, steward);
    expect(await refused(REVOKE, { id: ids.v4, reason: "Invented (demo)" }, clinic, ERROR_CODES.INVALID_TRANSITION)).toBe(
      "This agreement version is PROPOSED: it cannot be revoked; decline it instead",
    );
    await expectClinicSees(WITH_LOCATION);

    const revoked = await ok(REVOKE, { id: ids.v2, reason: "Invented reason (demo): the partnership ended." }, harbor);
    expect(revoked).toMatchObject({ status: "REVOKED", effectiveStatus: "REVOKED", statusReason: "Invented reason (demo): the partnership ended." });
    await expectClinicSees(NOTHING);
    expect(await one(ids.v4)).toMatchObject({ status: "DECLINED", statusReason: "The agreement it amends was revoked.", supersedesId: null });

    for (const [query, variables] of [
      [REVOKE, { id: ids.v2, reason: "Invented (demo)" }],
      [REINSTATE, { id: ids.v2 }],
      [SUSPEND, { id: ids.v2, reason: "Invented (demo)" }],
      [AMEND, { id: ids.v2, input: { categories: ["CONTACT"] } }],
      [COUNTERSIGN, { id: ids.v4 }],
    ] as const) {
      await refused(query, variables, clinic, ERROR_CODES.INVALID_TRANSITION);
    }
    await expectClinicSees(NOTHING);
  });

  it("keeps every change of every version as history, oldest first, with actor, organisation, time, reason and its ledger entry", async () => {
    const HISTORY = `query($id: ID!) { agreement(id: $id) { history { agreementId version kind actorMemberId actorOrganization { id } actor { displayName } reason at ledgerSeq } versions { id version status } } }`;
    type Event = {
      agreementId: string;
      version: number;
      kind: string;
      actorMemberId: string;
      actorOrganization: { id: string };
      actor: { displayName: string } | null;
      reason: string | null;
      at: string;
      ledgerSeq: string;
    };
    const view = await ok<{ history: Event[]; versions: { id: string; version: number; status: string }[] }>(HISTORY, { id: ids.v1 }, harbor);
    const H = { member: DEMO_MEMBERS.harborAdmin, org: DEMO_ORGS.harborLight };
    const C = { member: DEMO_MEMBERS.clinicAdmin, org: DEMO_ORGS.exampleJusticeClinic };
    const expected: [string, number, string, typeof H, string | null][] = [
      [ids.v1, 1, "PROPOSED", H, null],
      [ids.v1, 1, "COUNTERSIGNED", C, null],
      [ids.v1, 1, "SUSPENDED", C, "Invented reason (demo): reviewing our intake protocol."],
      [ids.v1, 1, "REINSTATED", C, null],
      [ids.v2, 2, "AMENDMENT_PROPOSED", H, null],
      [ids.v2, 2, "COUNTERSIGNED", C, null],
      [ids.v1, 1, "SUPERSEDED", C, null],
      [ids.v3, 3, "AMENDMENT_PROPOSED", C, null],
      [ids.v3, 3, "DECLINED", H, "Invented reason (demo): safety planning is out of scope."],
      [ids.v4, 4, "AMENDMENT_PROPOSED", H, null],
      [ids.v2, 2, "REVOKED", H, "Invented reason (demo): the partnership ended."],
      [ids.v4, 4, "DECLINED", H, "The agreement it amends was revoked."],
    ];
    expect(view.history.map((e) => [e.agreementId, e.version, e.kind, { member: e.actorMemberId, org: e.actorOrganization.id }, e.reason])).toEqual(expected);
    // Harbor Light's admin sees who acted for Harbor Light; for the clinic, the member id only.
    for (const event of view.history) expect(event.actor).toEqual(event.actorOrganization.id === DEMO_ORGS.harborLight ? { displayName: "Alex Admin (demo)" } : null);
    const times = view.history.map((e) => Date.parse(e.at));
    expect(times.every((t, i) => Number.isFinite(t) && (i === 0 || t >= times[i - 1]!))).toBe(true);
    const seqs = view.history.map((e) => BigInt(e.ledgerSeq));
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    expect(view.versions).toEqual([
      { id: ids.v1, version: 1, status: "SUPERSEDED" },
      { id: ids.v2, version: 2, status: "REVOKED" },
      { id: ids.v3, version: 3, status: "DECLINED" },
      { id: ids.v4, version: 4, status: "DECLINED" },
    ]);
    // The same history from any version, for the other party and for the steward.
    expect((await ok<{ history: Event[] }>(HISTORY, { id: ids.v3 }, clinic)).history.map((e) => e.kind)).toEqual(expected.map((e) => e[2]));
    expect((await ok<{ history: Event[] }>(HISTORY, { id: ids.v4 }, steward)).history.map((e) => e.ledgerSeq)).toEqual(view.history.map((e) => e.ledgerSeq));
  });

  it("lists the agreements of the caller's organisation by status and counterpart (all of them for the steward), page by page", async () => {
    const LIST = `query($status: [AgreementEffectiveStatus!], $counterpart: ID, $first: Int, $after: String) {
      agreements(status: $status, counterpartOrganizationId: $counterpart, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } }
    }`;
    type Page = { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const list = (variables: Record<string, unknown>, options: RequestOptions) => ok<Page>(LIST, { first: 100, ...variables }, options);
    const idsOf = (page: Page) => page.edges.map((e) => e.node.id);

    // Newest proposal first.
    expect(idsOf(await list({ counterpart: DEMO_ORGS.exampleJusticeClinic }, harbor))).toEqual([ids.v4, ids.v3, ids.v2, ids.reverse, ids.v1]);
    expect(idsOf(await list({ status: ["REVOKED"], counterpart: DEMO_ORGS.exampleJusticeClinic }, harbor))).toEqual([ids.v2]);
    expect(idsOf(await list({ status: ["DECLINED"] }, harbor))).toEqual([ids.v4, ids.v3, ids.northstar, ids.reverse]);
    expect(idsOf(await list({ status: ["SUPERSEDED", "REVOKED"] }, clinic))).toEqual([ids.v2, ids.v1]);
    expect(new Set(idsOf(await list({ status: ["ACTIVE"] }, harbor)))).toEqual(new Set([DEMO_AGREEMENTS.harborToLegalAid, DEMO_AGREEMENTS.cityLiaisonToHarbor]));
    expect(idsOf(await list({ status: ["ACTIVE"] }, clinic))).toEqual([]);
    expect(idsOf(await list({ counterpart: DEMO_ORGS.fictionalLegalAid }, clinic))).toEqual([]);
    // The steward: every agreement; "counterpart" names either party.
    expect(new Set(idsOf(await list({ counterpart: DEMO_ORGS.northstar }, steward)))).toEqual(new Set([ids.northstar]));
    const all = await list({}, steward);
    expect(all.totalCount).toBe(2 + 6);

    // Pages of two cover the same list, in the same order, once each.
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await list({ first: 2, after }, steward);
      expect(page.totalCount).toBe(all.totalCount);
      paged.push(...idsOf(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(idsOf(all));
    expect(await refused(LIST, { after: "not-a-cursor" }, steward, ERROR_CODES.BAD_USER_INPUT)).toBe("The `after` cursor is not one this API issued");
    // A caseworker sees no agreements at all.
    const asCaseworker = await network.query(LIST, {}, caseworker);
    expect(asCaseworker.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
  });

  it("starts on its start date and expires at its end date without anyone acting (a gateway whose clock is moved, no sleep)", async () => {
    // Signed ahead of its start: SCHEDULED, and nothing is shared yet.
    const later = Date.now() + HOUR;
    const scheduled = await ok(PROPOSE, { input: terms({ validFrom: new Date(later).toISOString(), validUntil: new Date(later + HOUR).toISOString() }) }, harbor);
    expect(await ok(COUNTERSIGN, { id: scheduled.id }, clinic)).toMatchObject({ status: "ACTIVE", effectiveStatus: "SCHEDULED" });
    const listed = await ok<{ edges: { node: { id: string } }[] }>(`{ agreements(status: [SCHEDULED]) { edges { node { id } } } }`, {}, harbor);
    expect(listed.edges.map((e) => e.node.id)).toEqual([scheduled.id]);
    await expectClinicSees(NOTHING); // not started yet
    await ok(REVOKE, { id: scheduled.id, reason: "Invented (demo): replaced by the one below." }, harbor);

    // One in force now for an hour, read by gateways whose clocks stand before, at and after its
    // period. (The subgraphs keep the real clock, by which it is in force: what the moved gateway
    // decides is what is tested.)
    const start = Date.now() - HOUR;
    const end = Date.now() + HOUR;
    const dated = await ok(PROPOSE, { input: terms({ validFrom: new Date(start).toISOString(), validUntil: new Date(end).toISOString() }) }, harbor);
    ids.dated = dated.id;
    expect(await ok(COUNTERSIGN, { id: dated.id }, clinic)).toMatchObject({ status: "ACTIVE", effectiveStatus: "ACTIVE" });
    const at = async (instant: number) => seen((await network.startAnotherGateway({ now: () => new Date(instant) })).query);
    expect(await at(start - 1)).toEqual(NOTHING);
    expect(await at(start)).toEqual(IDENTITY_AND_CONTACT);
    expect(await at(end - 1)).toEqual(IDENTITY_AND_CONTACT);
    expect(await at(end)).toEqual(NOTHING);
    expect(await at(end + DAY)).toEqual(NOTHING);
  });

  it("two revocations at the same instant: one succeeds, the other is refused, and the history holds one", async () => {
    const answers = await Promise.all([
      network.query(REVOKE, { id: ids.dated, reason: "Invented (demo): first." }, harbor),
      network.query(REVOKE, { id: ids.dated, reason: "Invented (demo): second." }, clinic),
    ]);
    expect(answers.filter((a) => !a.body.errors)).toHaveLength(1);
    const loser = answers.find((a) => a.body.errors)!;
    expect([ERROR_CODES.INVALID_TRANSITION, ERROR_CODES.CONFLICT]).toContain(loser.body.errors![0]!.extensions!.code);
    const history = await ok<{ history: { kind: string }[] }>(`query($id: ID!) { agreement(id: $id) { history { kind } } }`, { id: ids.dated }, harbor);
    expect(history.history.map((e) => e.kind)).toEqual(["PROPOSED", "COUNTERSIGNED", "REVOKED"]);
  });

  it("the network subgraph itself refuses a steward, a caseworker and a partner app, whatever reaches it", async () => {
    // Straight to the subgraph with a gateway-signed assertion: the gateway's @access check is not
    // the only one.
    const principals: Principal[] = [
      {
        kind: "member",
        id: DEMO_MEMBERS.networkSteward,
        organizationId: DEMO_ORGS.networkCoordination,
        organizationKind: "NETWORK_COORDINATOR",
        roles: ["NETWORK_STEWARD", "ORG_ADMIN"],
        purpose: null,
      },
      { kind: "member", id: DEMO_MEMBERS.harborCaseworker, organizationId: DEMO_ORGS.harborLight, organizationKind: "SHELTER", roles: ["CASEWORKER"], purpose: null },
      { kind: "client", id: randomUUID(), organizationId: DEMO_ORGS.harborLight, organizationKind: "SHELTER", roles: ["PARTNER_APP"], purpose: null },
    ];
    const before = await agreementCount();
    for (const principal of principals) {
      const { body: answer } = await network.callSubgraph("network", principal, PROPOSE, { input: terms() });
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
    }
    expect(await agreementCount()).toBe(before);
  });

  it("writes one AGREEMENT_CHANGED ledger entry per change, each the one its history event names; the chain verifies", async () => {
    // Looked at directly, with the network subgraph stopped (an embedded database has one owner).
    const stopped = await network.stopNetworkSubgraph();
    const database = await openDatabase(stopped.database, path.resolve(import.meta.dirname, "../../prisma/network/migrations"));
    const db = createNetworkClient(database.adapter);
    try {
      const entries = await db.ledgerEntry.findMany({ where: { kind: "AGREEMENT_CHANGED" }, orderBy: { seq: "asc" } });
      const events = await db.agreementEvent.findMany({ orderBy: { ledgerSeq: "asc" } });
      // 12 in the first lineage, 2 for the reverse proposal, 2 for Northstar's, 3 for the scheduled one, 3 for the dated one.
      expect(events).toHaveLength(22);
      expect(entries.map((e) => e.seq)).toEqual(events.map((e) => e.ledgerSeq));
      for (const [i, event] of events.entries()) {
        const entry = entries[i]!;
        expect(entry.payload).toMatchObject({ agreementId: event.agreementId, lineageId: event.lineageId, change: event.kind, reason: event.reason });
        expect(entry.actorId).toBe(event.actorMemberId);
        expect(entry.organizationId).toBe(event.actorOrganizationId);
      }
      expect(await verifyLedger(db)).toMatchObject({ ok: true });
    } finally {
      await db.$disconnect();
      await database.close();
    }
    await stopped.restart();
  }, 60_000);
});
