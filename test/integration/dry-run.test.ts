/**
 * The sharing dry run against the real thing. The consent issue's scenario is replayed (Demo
 * Survivor Aster, registered by Harbor Light; Fictional Legal Aid holds a two-way agreement with
 * Harbor Light): no consent, consent to Fictional Legal Aid for identity and contact for referrals,
 * the consent withdrawn, consent again and the agreement revoked. At every step and for every
 * purpose (emergency with and without a justification too), Harbor Light's dry run for Fictional
 * Legal Aid must agree, category by category, with what Fictional Legal Aid's caseworker actually
 * receives of Harbor Light's resident profile on the next request — same fields released, same
 * denial codes — and name the same agreement and consent the gateway writes to the ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_AGREEMENTS, DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { PURPOSES } from "../../vocabulary/principal.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type RequestOptions, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork();
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

const survivorId = DEMO_SURVIVORS.aster;
const SEEDED = ["Invented Person Aster (demo)", "1990-01-01", "+1-555-0150", "Harbor Light Emergency Beds (demo), room 3", "Invented: needs a follow-up clinic appointment."];
const FIELD_CATEGORY = { legalName: "IDENTITY", dateOfBirth: "IDENTITY", phone: "CONTACT", currentLocation: "LOCATION", healthNeeds: "HEALTH" } as const;
type Field = keyof typeof FIELD_CATEGORY;
const JUSTIFICATION = "Invented emergency (demo): the survivor missed a safety check-in.";

const PROFILE = `query($id: ID!) { survivor(id: $id) { residentProfiles { legalName dateOfBirth phone currentLocation healthNeeds } } }`;
const DRY_RUN = `query($survivorId: ID!, $viewer: ID!, $purpose: String!, $role: MemberRole, $justification: String) {
  sharingDryRun(survivorId: $survivorId, viewerOrganizationId: $viewer, purpose: $purpose, viewerRole: $role, emergencyJustification: $justification) {
    survivorId purpose viewerRole at survivorVisible ownerOrganization { id } viewerOrganization { id }
    decisions { category released code explanation basis agreementId consentId }
  }
}`;
const DISCLOSURES = `query($id: ID!) { survivorDisclosures(survivorId: $id, first: 1) { edges { node { purpose items { recordType category released code basis agreementId consentId } } } } }`;

interface Decision {
  category: string;
  released: boolean;
  code: string | null;
  explanation: string;
  basis: string | null;
  agreementId: string | null;
  consentId: string | null;
}
interface DryRun {
  survivorVisible: boolean;
  decisions: Decision[];
}

/** A way of asking: the purpose header, and the justification (header and dry-run argument). */
interface Asking {
  purpose: string;
  justification?: string;
}

const ASKINGS: Asking[] = [
  ...PURPOSES.filter((p) => p !== "EMERGENCY").map((purpose) => ({ purpose })),
  { purpose: "EMERGENCY", justification: JUSTIFICATION },
  { purpose: "EMERGENCY", justification: " \t " },
  { purpose: "EMERGENCY" },
];

async function dryRun(viewer: string, asking: Asking, as: RequestOptions["as"] = "harbor-admin"): Promise<DryRun> {
  const response = await network.query<{ sharingDryRun: DryRun }>(DRY_RUN, { survivorId, viewer, purpose: asking.purpose, justification: asking.justification ?? null }, { as });
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  // A dry run decides; it never carries a value.
  for (const value of SEEDED) expect(JSON.stringify(response.body)).not.toContain(value);
  return response.body.data!.sharingDryRun;
}

/**
 * Asks the real question as `as`, then the dry run for `viewer`, and checks they agree on every
 * resident-profile field; when something was decided, the dry run's basis must also be what the
 * gateway recorded in the ledger for that response.
 */
async function expectAgreement(as: RequestOptions["as"], viewer: string, asking: Asking): Promise<{ visible: boolean; released: string[] }> {
  const headers: Record<string, string> = asking.justification === undefined ? {} : { "x-emergency-justification": asking.justification };
  const response = await network.query(PROFILE, { id: survivorId }, { as, purpose: asking.purpose, headers });
  expect(response.status).toBe(200);
  const run = await dryRun(viewer, asking);
  const label = JSON.stringify(asking);
  const survivor = (response.body.data as { survivor: { residentProfiles: Record<Field, string | null>[] } | null } | null)?.survivor ?? null;
  expect(run.survivorVisible, label).toBe(survivor !== null);
  if (survivor === null) {
    expect(response.body.errors ?? [], label).toEqual([]);
    return { visible: false, released: [] };
  }
  const errors = new Map((response.body.errors ?? []).map((e) => [JSON.stringify(e.path), String(e.extensions?.code)]));
  const released: string[] = [];
  for (const field of Object.keys(FIELD_CATEGORY) as Field[]) {
    const decision = run.decisions.find((d) => d.category === FIELD_CATEGORY[field])!;
    const code = errors.get(JSON.stringify(["survivor", "residentProfiles", 0, field])) ?? null;
    const value = survivor.residentProfiles[0]![field];
    expect({ field, released: code === null && value !== null, code }, label).toEqual({ field, released: decision.released, code: decision.code });
    if (decision.released) released.push(field);
  }
  // The ledger entry the gateway wrote for that very response (the latest about Aster).
  const ledger = await network.query<{ survivorDisclosures: { edges: { node: { purpose: string; items: (Omit<Decision, "explanation"> & { recordType: string })[] } }[] } }>(
    DISCLOSURES,
    { id: survivorId },
    { as: "harbor-caseworker" },
  );
  const entry = ledger.body.data!.survivorDisclosures.edges[0]!.node;
  expect(entry.purpose).toBe(asking.purpose);
  const items = entry.items.filter((i) => i.recordType === "ResidentProfile");
  expect(items.map((i) => i.category).sort()).toEqual(["CONTACT", "HEALTH", "IDENTITY", "LOCATION"]);
  for (const item of items) {
    const decision = run.decisions.find((d) => d.category === item.category)!;
    expect({ category: item.category, released: item.released, code: item.code, basis: item.basis, agreementId: item.agreementId, consentId: item.consentId }, label).toEqual({
      category: decision.category,
      released: decision.released,
      code: decision.code,
      basis: decision.basis,
      agreementId: decision.agreementId,
      consentId: decision.consentId,
    });
  }
  return { visible: true, released };
}

/** Every way of asking, as Fictional Legal Aid's caseworker, against Harbor Light's dry run for Fictional Legal Aid. */
async function expectAgreementForLegalAid(): Promise<Map<string, { visible: boolean; released: string[] }>> {
  const outcomes = new Map<string, { visible: boolean; released: string[] }>();
  for (const asking of ASKINGS) outcomes.set(JSON.stringify(asking), await expectAgreement("legal-caseworker", DEMO_ORGS.fictionalLegalAid, asking));
  return outcomes;
}

const key = (asking: Asking) => JSON.stringify(asking);
const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const consentToLegalAid = {
  survivorId,
  granteeOrganizationId: DEMO_ORGS.fictionalLegalAid,
  categories: ["IDENTITY", "CONTACT"],
  purposes: ["SERVICE_REFERRAL"],
  method: "WRITTEN",
  language: "en",
};

describe(`the sharing dry run agrees with the gateway (${databaseMode})`, () => {
  let consentId = "";

  it("0. no consent: Fictional Legal Aid does not find the survivor, and the dry run says so", async () => {
    const outcomes = await expectAgreementForLegalAid();
    for (const asking of ASKINGS.filter((a) => a.purpose !== "EMERGENCY")) expect(outcomes.get(key(asking))).toEqual({ visible: false, released: [] });
    // In an emergency the survivor is reachable (an agreement is in force): contact and location only, with a justification.
    expect(outcomes.get(key({ purpose: "EMERGENCY", justification: JUSTIFICATION }))).toEqual({ visible: true, released: ["phone", "currentLocation"] });
    // Without its justification an emergency shows nothing, not even that the survivor exists.
    expect(outcomes.get(key({ purpose: "EMERGENCY" }))).toEqual({ visible: false, released: [] });
    expect(outcomes.get(key({ purpose: "EMERGENCY", justification: " \t " }))).toEqual({ visible: false, released: [] });
    const run = await dryRun(DEMO_ORGS.fictionalLegalAid, { purpose: "SERVICE_REFERRAL" });
    expect(run.decisions.map((d) => [d.category, d.code])).toEqual([
      ["IDENTITY", "CONSENT_REQUIRED"],
      ["CONTACT", "CONSENT_REQUIRED"],
      ["LOCATION", "AGREEMENT_REQUIRED"],
      ["HEALTH", "AGREEMENT_REQUIRED"],
      ["IMMIGRATION", "CONSENT_REQUIRED"],
      ["LAW_ENFORCEMENT", "AGREEMENT_REQUIRED"],
      ["CASE_NARRATIVE", "AGREEMENT_REQUIRED"],
      ["CONFIDENTIAL_SITE", "AGREEMENT_REQUIRED"],
    ]);
  });

  it("1. consent to Fictional Legal Aid for identity and contact: released for referrals only, and the dry run names the agreement and the consent", async () => {
    const recorded = await network.query<{ recordConsent: { id: string } }>(RECORD, { input: consentToLegalAid }, { purpose: "SERVICE_REFERRAL" });
    expect(recorded.body.errors).toBeUndefined();
    consentId = recorded.body.data!.recordConsent.id;
    const outcomes = await expectAgreementForLegalAid();
    expect(outcomes.get(key({ purpose: "SERVICE_REFERRAL" }))).toEqual({ visible: true, released: ["legalName", "dateOfBirth", "phone"] });
    // The consent names referrals only: for representation the survivor is not even found.
    expect(outcomes.get(key({ purpose: "LEGAL_REPRESENTATION" }))).toEqual({ visible: false, released: [] });
    const run = await dryRun(DEMO_ORGS.fictionalLegalAid, { purpose: "SERVICE_REFERRAL" });
    expect(run.decisions.find((d) => d.category === "CONTACT")).toEqual({
      category: "CONTACT",
      released: true,
      code: null,
      explanation: "Released: an agreement in force and the survivor's consent both cover this category and purpose.",
      basis: "AGREEMENT",
      agreementId: DEMO_AGREEMENTS.harborToLegalAid,
      consentId,
    });
    expect(run.decisions.find((d) => d.category === "LOCATION")).toMatchObject({
      released: false,
      code: "AGREEMENT_REQUIRED",
      explanation: "Withheld: no active data-sharing agreement covers this data for your organisation.",
    });
  });

  it("the owner's own view: released on the basis OWNER, as Harbor Light's caseworker receives it", async () => {
    for (const asking of [{ purpose: "SERVICE_REFERRAL" }, { purpose: "EMERGENCY" }]) {
      expect(await expectAgreement("harbor-caseworker", DEMO_ORGS.harborLight, asking)).toEqual({ visible: true, released: Object.keys(FIELD_CATEGORY) });
    }
    // An organisation admin's role sees no survivor data, its own organisation's neither.
    const asAdmin = await network.query<{ sharingDryRun: DryRun }>(
      DRY_RUN,
      { survivorId, viewer: DEMO_ORGS.harborLight, purpose: "SERVICE_REFERRAL", role: "ORG_ADMIN" },
      { as: "harbor-admin" },
    );
    expect(asAdmin.body.data!.sharingDryRun.decisions.every((d) => !d.released && d.code === "ROLE_FORBIDDEN")).toBe(true);
  });

  it("2. the consent withdrawn: hidden again on the next request, except in an emergency", async () => {
    const withdrawn = await network.query(
      `mutation($id: ID!) { withdrawConsent(id: $id, reason: "Invented reason (demo): changed their mind.") { id } }`,
      { id: consentId },
      { purpose: "SERVICE_REFERRAL" },
    );
    expect(withdrawn.body.errors).toBeUndefined();
    const outcomes = await expectAgreementForLegalAid();
    expect(outcomes.get(key({ purpose: "SERVICE_REFERRAL" }))).toEqual({ visible: false, released: [] });
    expect(outcomes.get(key({ purpose: "EMERGENCY", justification: JUSTIFICATION }))).toEqual({ visible: true, released: ["phone", "currentLocation"] });
    expect(outcomes.get(key({ purpose: "EMERGENCY", justification: " \t " }))).toEqual({ visible: false, released: [] });
  });

  it("3. consent again, then the agreement revoked: not even found, for any purpose, an emergency included", async () => {
    const recorded = await network.query(RECORD, { input: consentToLegalAid }, { purpose: "SERVICE_REFERRAL" });
    expect(recorded.body.errors).toBeUndefined();
    expect((await expectAgreementForLegalAid()).get(key({ purpose: "SERVICE_REFERRAL" }))).toEqual({ visible: true, released: ["legalName", "dateOfBirth", "phone"] });

    const revoked = await network.query(
      `mutation($id: ID!) { revokeAgreement(id: $id, reason: "Invented reason (demo): protocol under review.") { status } }`,
      { id: DEMO_AGREEMENTS.harborToLegalAid },
      { as: "harbor-admin" },
    );
    expect(revoked.body.errors).toBeUndefined();
    const outcomes = await expectAgreementForLegalAid();
    // The consent alone does not let Fictional Legal Aid know the survivor exists: the rule needs the agreement too.
    for (const asking of ASKINGS) expect(outcomes.get(key(asking)), key(asking)).toEqual({ visible: false, released: [] });
  });

  it("answers only the survivor's own organisation's caseworkers and admins; anyone else learns nothing", async () => {
    const ask = (variables: Record<string, unknown>, as: RequestOptions["as"]) =>
      network.query(DRY_RUN, { survivorId, viewer: DEMO_ORGS.fictionalLegalAid, purpose: "SERVICE_REFERRAL", ...variables }, { as });
    // Another organisation's caseworker (who sees the survivor by consent), another organisation's
    // survivor, and no survivor at all: one and the same answer.
    const answers = [
      await ask({}, "legal-caseworker"),
      await ask({ survivorId: DEMO_SURVIVORS.birch }, "harbor-admin"),
      await ask({ survivorId: "00000000-0000-4000-8000-999999999999" }, "harbor-caseworker"),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        data: { sharingDryRun: null },
        errors: [{ message: "No such survivor in your organisation", path: ["sharingDryRun"], extensions: { code: ERROR_CODES.NOT_FOUND } }],
      });
    }
    // The steward and a liaison officer may not ask at all.
    for (const as of ["steward", "city-liaison"] as const) expect((await ask({}, as)).body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
    // Inputs are checked and named.
    expect((await ask({ purpose: "CURIOSITY" }, "harbor-admin")).body.errors![0]!.message).toBe(`Invalid input: input.purpose: must be one of ${PURPOSES.join(", ")}`);
    expect((await ask({ viewer: "00000000-0000-4000-8000-999999999999" }, "harbor-admin")).body.errors![0]!.message).toBe(
      "Invalid input: input.viewerOrganizationId: no such organisation",
    );
  });
});
