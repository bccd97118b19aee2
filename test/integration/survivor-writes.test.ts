/**
 * Writes that name a survivor or a referral, checked by the gateway before they run (issues 12
 * and 20), through the real gateway and subgraphs:
 *
 * - `requestCertification` runs only for a survivor the requester may know exists (the answer
 *   `survivor(id)` gives it), with a referral of its own organisation if it names one, and only when
 *   the rule releases the survivor's IDENTITY to the liaison unit's organisation for CERTIFICATION
 *   (an agreement from the survivor's organisation to it, or two-way, and the survivor's consent
 *   naming it or its kind). A hidden survivor or referral gets, byte for byte, the answer an id of
 *   nobody gets; every refusal writes nothing; the disclosure is in the ledger, for the survivor's
 *   organisation to read.
 * - `recordConflictCheck` runs only for a referral the caller's organisation received: a referral of
 *   others gets the answer an id of none gets, and nothing is recorded.
 * - Straight to the subgraphs, without the gateway's own signature, neither write runs at all.
 */
import { randomUUID } from "node:crypto";
import { generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSERTION_ERROR_CODES, ASSERTION_HEADER, createAssertionSigner } from "../../platform/assertion.js";
import { DEMO_MEMBERS, DEMO_ORGS, DEMO_SERVICES, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { SYSTEM_PRINCIPAL } from "../../vocabulary/principal.js";
import type { SubgraphName } from "../../vocabulary/subgraphs.js";
import { databaseMode } from "../support/databases.js";
import {
  certificationRequestInput,
  demoPrincipal,
  establishAgreement,
  inDays,
  legalReferralInput,
  recordConsent,
  shelterReferralInput,
  submitReferral,
} from "../support/fixtures.js";
import { startTestNetwork, type GraphQLResponse, type RequestOptions, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

const requester = { as: "legal-caseworker", purpose: "CERTIFICATION" } as const;
const legalOwner = { as: "legal-caseworker", purpose: "LEGAL_REPRESENTATION" } as const;
const harbor = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const clinic = { as: "clinic-admin", purpose: "SERVICE_REFERRAL" } as const;
const receiver = { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" } as const;

const REQUEST = `mutation($input: RequestCertificationInput!) { requestCertification(input: $input) { id survivorId liaisonOrganizationId status } }`;
const LIST = `{ certificationRequests(first: 100) { totalCount } }`;
const RECORD = `mutation($referralId: ID!) { recordConflictCheck(referralId: $referralId, outcome: CLEAR, notes: null) { id revision } }`;
const CLEARED = `query($referralId: ID!, $organizationId: ID!) { _conflictCheckCleared(referralId: $referralId, organizationId: $organizationId) }`;
const DISCLOSURES = `query($survivorId: ID!) { survivorDisclosures(survivorId: $survivorId, first: 100) { edges { node {
  actorId purpose organization { id } items { recordType recordId category fields released code basis agreementId consentId ownerOrganization { id } }
} } } }`;

const requestInput = certificationRequestInput;

const send = (input: Record<string, unknown>, as: RequestOptions = requester) =>
  network.query<{ requestCertification: { id: string; survivorId: string; liaisonOrganizationId: string; status: string } }>(REQUEST, { input }, as);

async function sendOk(input: Record<string, unknown>, as: RequestOptions = requester) {
  const response = await send(input, as);
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data!.requestCertification;
}

/** How many certification requests each party to them can list: the requester and both liaison organisations. */
async function requestCounts(): Promise<number[]> {
  const counts: number[] = [];
  for (const as of [requester, { as: "city-liaison", purpose: "CERTIFICATION" }, { as: "county-liaison", purpose: "CERTIFICATION" }] as const) {
    const response = await network.query<{ certificationRequests: { totalCount: number } }>(LIST, {}, as);
    expect(response.body.errors).toBeUndefined();
    counts.push(response.body.data!.certificationRequests.totalCount);
  }
  return counts;
}

/** Status and body as the client receives them, to compare byte for byte. */
const exactly = (response: GraphQLResponse<unknown>) => ({ status: response.status, body: JSON.stringify(response.body) });

const NO_SUCH_SURVIVOR = { errors: [{ message: "Not found: input.survivorId: no such survivor", extensions: { code: ERROR_CODES.NOT_FOUND, argumentName: "input" } }] };

interface LedgerItem {
  recordType: string;
  recordId: string | null;
  category: string;
  fields: string[];
  released: boolean;
  code: string | null;
  basis: string | null;
  agreementId: string | null;
  consentId: string | null;
  ownerOrganization: { id: string } | null;
}

/** The disclosures of a survivor as the survivor's own organisation reads them, items flattened. */
async function ledgerItems(survivorId: string, as: RequestOptions) {
  const response = await network.query<{ survivorDisclosures: { edges: { node: { actorId: string; purpose: string; organization: { id: string }; items: LedgerItem[] } }[] } }>(
    DISCLOSURES,
    { survivorId },
    as,
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.survivorDisclosures.edges.flatMap(({ node }) =>
    node.items.map((item) => ({ ...item, actorId: node.actorId, purpose: node.purpose, organizationId: node.organization.id })),
  );
}

/** The ledger's items for what a certification request disclosed to its liaison organisation (the request's own existence item names `id`). */
async function disclosedBy(requestId: string, survivorId: string, as: RequestOptions) {
  return (await ledgerItems(survivorId, as)).filter((item) => item.recordId === requestId && JSON.stringify(item.fields) === JSON.stringify(["survivorId"]));
}

async function cleared(referralId: string, organizationId: string): Promise<boolean> {
  const answer = await network.callSubgraph<{ _conflictCheckCleared: boolean }>("legal-aid", SYSTEM_PRINCIPAL, CLEARED, { referralId, organizationId });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!._conflictCheckCleared;
}

let legalToCity: string;
let cedarToCity: string;
/** Cedar's consent to every liaison unit (by kind), recorded on the way. */
let cedarToLiaisons: string;
/** Harbor Light → Fictional Legal Aid (Aster), and Harbor Light → the clinic (Aster). */
const referrals = { toLegalAid: "", toClinic: "" };

beforeAll(async () => {
  network = await startTestNetwork();
  // Fictional Legal Aid shares Cedar's identity with the city liaison unit for certification, and Cedar consents.
  legalToCity = await establishAgreement(network, { from: DEMO_ORGS.fictionalLegalAid, to: DEMO_ORGS.demoCityLiaison, categories: ["IDENTITY"], purposes: ["CERTIFICATION"] });
  cedarToCity = await recordConsent(
    network,
    { survivorId: DEMO_SURVIVORS.cedar, granteeOrganizationId: DEMO_ORGS.demoCityLiaison, categories: ["IDENTITY"], purposes: ["CERTIFICATION"] },
    legalOwner,
  );
  // Aster is referred by Harbor Light to legal aid and to the clinic.
  await recordConsent(
    network,
    { survivorId: DEMO_SURVIVORS.aster, granteeOrganizationId: DEMO_ORGS.fictionalLegalAid, categories: ["IDENTITY"], purposes: ["SERVICE_REFERRAL", "LEGAL_REPRESENTATION"] },
    harbor,
  );
  await recordConsent(network, { survivorId: DEMO_SURVIVORS.aster, granteeOrganizationId: DEMO_ORGS.exampleJusticeClinic, categories: ["IDENTITY"] }, harbor);
  await establishAgreement(network, { from: DEMO_ORGS.harborLight, to: DEMO_ORGS.exampleJusticeClinic, categories: ["IDENTITY"], purposes: ["SERVICE_REFERRAL"] });
  referrals.toLegalAid = (await submitReferral(network, legalReferralInput({ categories: ["IDENTITY"] }), harbor)).id;
  referrals.toClinic = (
    await submitReferral(
      network,
      legalReferralInput({ categories: ["IDENTITY"], receiverOrganizationId: DEMO_ORGS.exampleJusticeClinic, serviceId: DEMO_SERVICES.clinicFamilyLaw }),
      harbor,
    )
  ).id;
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

describe(`requestCertification, checked before it runs (${databaseMode})`, () => {
  it("answers a survivor the requester may not know exactly as an id of nobody, whatever else the input says, and writes nothing", async () => {
    const before = await requestCounts();
    const hidden: [string, RequestOptions][] = [
      [DEMO_SURVIVORS.birch, requester], // Northstar's: no agreement with legal aid
      [DEMO_SURVIVORS.elm, requester], // the city liaison unit's own: no agreement with legal aid
      [DEMO_SURVIVORS.aster, requester], // Harbor Light's: the agreement and her consent do not cover CERTIFICATION
      [DEMO_SURVIVORS.dahlia, legalOwner], // Harbor Light's: the agreement covers LEGAL_REPRESENTATION, but she gave no consent
    ];
    for (const [survivorId, as] of hidden) {
      for (const rest of [{}, { liaisonUnitId: randomUUID() }, { dueDate: inDays(-3) }, { liaisonUnitId: DEMO_SERVICES.countyLiaison, referralId: randomUUID() }]) {
        const known = exactly(await send(requestInput({ survivorId, ...rest }), as));
        const nobody = exactly(await send(requestInput({ survivorId: randomUUID(), ...rest }), as));
        expect(known, survivorId).toEqual(nobody);
        expect(JSON.parse(known.body)).toEqual(NO_SUCH_SURVIVOR);
      }
    }
    expect(await requestCounts()).toEqual(before);
  });

  it("sends a request about a survivor the rule releases to the liaison unit's organisation, and the ledger says so", async () => {
    const before = await requestCounts();
    const request = await sendOk(requestInput());
    expect(request).toMatchObject({ survivorId: DEMO_SURVIVORS.cedar, liaisonOrganizationId: DEMO_ORGS.demoCityLiaison, status: "REQUESTED" });
    expect(await requestCounts()).toEqual([before[0]! + 1, before[1]! + 1, before[2]!]);

    // Cedar's organisation reads who disclosed her to whom, under which agreement and consent.
    expect(await disclosedBy(request.id, DEMO_SURVIVORS.cedar, legalOwner)).toEqual([
      {
        recordType: "CertificationRequest",
        recordId: request.id,
        category: "IDENTITY",
        fields: ["survivorId"],
        released: true,
        code: null,
        basis: "AGREEMENT",
        agreementId: legalToCity,
        consentId: cedarToCity,
        ownerOrganization: { id: DEMO_ORGS.fictionalLegalAid },
        actorId: DEMO_MEMBERS.legalAidCaseworker,
        purpose: "CERTIFICATION",
        organizationId: DEMO_ORGS.fictionalLegalAid,
      },
    ]);
    // What the gate required holds: the liaison unit may know Cedar.
    const seen = await network.query<{ survivor: { id: string } | null }>(
      `query($id: ID!) { survivor(id: $id) { id } }`,
      { id: DEMO_SURVIVORS.cedar },
      { as: "city-liaison", purpose: "CERTIFICATION" },
    );
    expect(seen.body.data!.survivor).toEqual({ id: DEMO_SURVIVORS.cedar });
  });

  it("refuses, saying what is missing, while the agreement, the consent or its purpose does not reach the liaison unit's organisation, and writes nothing", async () => {
    const county = { liaisonUnitId: DEMO_SERVICES.countyLiaison };
    const before = await requestCounts();
    const refusal = async (code: string, missing: string) => {
      const response = await send(requestInput(county));
      expect(response.body.data ?? null).toBeNull();
      expect(response.body.errors).toEqual([
        {
          message: `Nothing was sent: the liaison unit's organisation may not be told of this survivor for certification: ${missing}.`,
          extensions: { code, argumentName: "input" },
        },
      ]);
    };
    await refusal("AGREEMENT_REQUIRED", "no agreement in force shares the survivor's records (IDENTITY) from their organisation with the liaison unit's organisation");
    await establishAgreement(network, { from: DEMO_ORGS.fictionalLegalAid, to: DEMO_ORGS.demoCountyLiaison, categories: ["IDENTITY"], purposes: ["CERTIFICATION"] });
    await refusal("CONSENT_REQUIRED", "no consent of the survivor in force names the liaison unit's organisation (or its kind) for IDENTITY");
    await recordConsent(
      network,
      { survivorId: DEMO_SURVIVORS.cedar, granteeOrganizationId: DEMO_ORGS.demoCountyLiaison, categories: ["IDENTITY"], purposes: ["SAFETY_PLANNING"] },
      legalOwner,
    );
    await refusal("PURPOSE_NOT_PERMITTED", "the agreement or consent that covers IDENTITY does not allow the purpose CERTIFICATION");
    expect(await requestCounts()).toEqual(before);

    // A consent naming every liaison unit (the organisation's kind) does.
    cedarToLiaisons = await recordConsent(
      network,
      { survivorId: DEMO_SURVIVORS.cedar, granteeKind: "LAW_ENFORCEMENT_LIAISON", categories: ["IDENTITY"], purposes: ["CERTIFICATION"] },
      legalOwner,
    );
    const request = await sendOk(requestInput(county));
    expect(request.liaisonOrganizationId).toBe(DEMO_ORGS.demoCountyLiaison);
    expect(await disclosedBy(request.id, DEMO_SURVIVORS.cedar, legalOwner)).toEqual([
      expect.objectContaining({ recordType: "CertificationRequest", released: true, consentId: cedarToLiaisons, ownerOrganization: { id: DEMO_ORGS.fictionalLegalAid } }),
    ]);
  });

  it("does not send a shelter's survivor under a one-way agreement from the liaison unit to the shelter; one from the shelter does", async () => {
    const aster = { survivorId: DEMO_SURVIVORS.aster, liaisonUnitId: DEMO_SERVICES.countyLiaison };
    // Legal aid may know Aster for representation (the agreement with Harbor Light, her consent), and she consents to the county unit.
    await recordConsent(
      network,
      { survivorId: DEMO_SURVIVORS.aster, granteeOrganizationId: DEMO_ORGS.demoCountyLiaison, categories: ["IDENTITY"], purposes: ["CERTIFICATION"] },
      harbor,
    );
    const countyToHarbor = await establishAgreement(network, {
      from: DEMO_ORGS.demoCountyLiaison,
      to: DEMO_ORGS.harborLight,
      categories: ["IDENTITY"],
      purposes: ["CERTIFICATION"],
    });
    expect(countyToHarbor).toEqual(expect.any(String));
    const before = await requestCounts();
    const oneWay = await send(requestInput(aster), legalOwner);
    expect(oneWay.body.errors![0]!.extensions).toEqual({ code: "AGREEMENT_REQUIRED", argumentName: "input" });
    expect(await requestCounts()).toEqual(before);

    const harborToCounty = await establishAgreement(network, {
      from: DEMO_ORGS.harborLight,
      to: DEMO_ORGS.demoCountyLiaison,
      categories: ["IDENTITY"],
      purposes: ["CERTIFICATION"],
    });
    const request = await sendOk(requestInput(aster), legalOwner);
    // Harbor Light, Aster's organisation, reads the disclosure of its survivor by legal aid.
    expect(await disclosedBy(request.id, DEMO_SURVIVORS.aster, harbor)).toEqual([
      expect.objectContaining({
        recordType: "CertificationRequest",
        released: true,
        basis: "AGREEMENT",
        agreementId: harborToCounty,
        ownerOrganization: { id: DEMO_ORGS.harborLight },
        organizationId: DEMO_ORGS.fictionalLegalAid,
        purpose: "LEGAL_REPRESENTATION",
      }),
    ]);
  });

  it("answers a referral the requester's organisation is no party to exactly as an id of none, and writes nothing; its own goes", async () => {
    const before = await requestCounts();
    const others = exactly(await send(requestInput({ referralId: referrals.toClinic })));
    const none = exactly(await send(requestInput({ referralId: randomUUID() })));
    expect(others).toEqual(none);
    expect(JSON.parse(others.body)).toEqual({
      errors: [{ message: "Not found: input.referralId: no such referral of your organisation", extensions: { code: ERROR_CODES.NOT_FOUND, argumentName: "input" } }],
    });
    expect(await requestCounts()).toEqual(before);

    // A referral legal aid sent (Cedar to Harbor Light's beds) is its own.
    await recordConsent(network, { survivorId: DEMO_SURVIVORS.cedar, granteeOrganizationId: DEMO_ORGS.harborLight, categories: ["IDENTITY"] }, legalOwner);
    const own = (await submitReferral(network, shelterReferralInput(), { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" })).id;
    expect((await sendOk(requestInput({ referralId: own }))).id).toEqual(expect.any(String));
  });

  it("decides when the request is sent: once Cedar withdraws her consents, a sent request stays with the unit, which no longer sees her, and no new one goes", async () => {
    const sent = await sendOk(requestInput());
    for (const id of [cedarToCity, cedarToLiaisons]) {
      const withdrawn = await network.query(`mutation($id: ID!) { withdrawConsent(id: $id, reason: "Invented (demo): changed her mind.") { id } }`, { id }, legalOwner);
      expect(withdrawn.body.errors).toBeUndefined();
    }
    const asLiaison = await network.query(
      `query($id: ID!) { certificationRequest(id: $id) { id survivorId survivor { id } } }`,
      { id: sent.id },
      { as: "city-liaison", purpose: "CERTIFICATION" },
    );
    expect(asLiaison.body.data).toEqual({ certificationRequest: { id: sent.id, survivorId: DEMO_SURVIVORS.cedar, survivor: null } });
    const before = await requestCounts();
    expect((await send(requestInput())).body.errors![0]!.extensions!.code).toBe("CONSENT_REQUIRED");
    expect(await requestCounts()).toEqual(before);
  });
});

describe(`submitReferral (${databaseMode})`, () => {
  it("answers a survivor of another organisation, visible or not, exactly as an id of nobody, and sends nothing", async () => {
    const SENT = `{ referralsSent(first: 100) { totalCount } }`;
    const sent = async () => (await network.query<{ referralsSent: { totalCount: number } }>(SENT, {}, receiver)).body.data!.referralsSent.totalCount;
    const before = await sent();
    const input = (survivorId: string) => shelterReferralInput({ survivorId });
    const nobody = exactly(await network.query(`mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { id } }`, { input: input(randomUUID()) }, receiver));
    // Aster: Harbor Light's, whom legal aid may see; Birch: Northstar's, whom it may not.
    for (const survivorId of [DEMO_SURVIVORS.aster, DEMO_SURVIVORS.birch]) {
      const theirs = exactly(await network.query(`mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { id } }`, { input: input(survivorId) }, receiver));
      expect(theirs, survivorId).toEqual(nobody);
    }
    expect((JSON.parse(nobody.body) as { errors?: unknown }).errors).toEqual([
      { message: "No such survivor in your organisation", path: ["submitReferral"], extensions: { code: ERROR_CODES.NOT_FOUND, argumentName: "input" } },
    ]);
    expect(await sent()).toBe(before);
  });
});

describe(`recordConflictCheck, checked before it runs (${databaseMode})`, () => {
  it("answers a referral the caller's organisation did not receive exactly as an id of none, and records nothing", async () => {
    const cases: [string, RequestOptions, string][] = [
      [referrals.toLegalAid, clinic, DEMO_ORGS.exampleJusticeClinic], // another legal-aid organisation
      [referrals.toClinic, receiver, DEMO_ORGS.fictionalLegalAid], // legal aid, on the clinic's referral
      [referrals.toLegalAid, harbor, DEMO_ORGS.harborLight], // the sender
    ];
    for (const [referralId, as, organizationId] of cases) {
      const others = exactly(await network.query(RECORD, { referralId }, as));
      const none = exactly(await network.query(RECORD, { referralId: randomUUID() }, as));
      expect(others).toEqual(none);
      expect(JSON.parse(others.body)).toEqual({
        errors: [{ message: "Not found: referralId: no referral your organisation received has this id", extensions: { code: ERROR_CODES.NOT_FOUND, argumentName: "referralId" } }],
      });
      expect(await cleared(referralId, organizationId)).toBe(false);
    }
  });

  it("records the receiver's own check", async () => {
    const response = await network.query<{ recordConflictCheck: { revision: number } }>(RECORD, { referralId: referrals.toLegalAid }, receiver);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.recordConflictCheck.revision).toBe(1);
    expect(await cleared(referrals.toLegalAid, DEMO_ORGS.fictionalLegalAid)).toBe(true);
  });
});

// A subgraph takes a member's assertion only signed by the gateway's private key, which never leaves
// the gateway (the test network's callSubgraph holds it, and so stands for the gateway itself).
describe("straight to the subgraphs, neither write runs without the gateway's own signature", () => {
  const LEGAL_CASEWORKER = demoPrincipal("legal-caseworker", "CERTIFICATION");

  async function direct(name: SubgraphName, body: { query: string; variables: Record<string, unknown> }, assertion: string | null) {
    const response = await fetch(network.subgraphs.get(name)!.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...(assertion ? { [ASSERTION_HEADER]: assertion } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } };
  }

  it.each([
    ["law-enforcement", () => ({ query: REQUEST, variables: { input: requestInput({ survivorId: DEMO_SURVIVORS.birch }) } })],
    ["legal-aid", () => ({ query: RECORD, variables: { referralId: referrals.toClinic } })],
  ] as const)("%s: no assertion, or a member's assertion signed with another key, is refused before anything runs", async (name, body) => {
    const before = await requestCounts();
    const forger = createAssertionSigner((await generateKeyPair("EdDSA")).privateKey);
    const unsigned = await direct(name, body(), null);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.errors![0]!.extensions!.code).toBe(ASSERTION_ERROR_CODES.ASSERTION_MISSING);
    const request = body();
    const forged = await direct(name, request, await forger.sign(name, LEGAL_CASEWORKER, request, randomUUID()));
    expect(forged.status).toBe(401);
    expect(forged.body.errors![0]!.extensions!.code).toBe(ASSERTION_ERROR_CODES.ASSERTION_INVALID);
    expect(await requestCounts()).toEqual(before);
    expect(await cleared(referrals.toClinic, DEMO_ORGS.fictionalLegalAid)).toBe(false);
  });
});
