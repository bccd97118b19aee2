/**
 * The consent rule holds on every way into the gateway: GET, automatic persisted queries (hash
 * only), batches, a mutation that returns survivor data, and a second gateway process beside the
 * first (decisions are never cached, so a withdrawal counts on the very next request on both).
 * Expiry is checked with a gateway whose clock is moved forward, not with a sleep.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { databaseMode } from "../support/databases.js";
import { postGraphQL, startTestNetwork, type ExtraGateway, type TestNetwork } from "../support/network.js";
import { stringMatching } from "../support/matchers.js";

let network: TestNetwork;
let second: ExtraGateway;

const PHONE = "+1-555-0150";
const HEALTH = "Invented: needs a follow-up clinic appointment.";
const QUERY = `query Profile($id: ID!) { survivor(id: $id) { residentProfiles { phone healthNeeds } } }`;
const variables = { id: DEMO_SURVIVORS.aster };
const legalAid = { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String!) { withdrawConsent(id: $id, reason: $reason) { id } }`;
const consentInput = (extra: Record<string, unknown> = {}) => ({
  survivorId: DEMO_SURVIVORS.aster,
  granteeOrganizationId: DEMO_ORGS.fictionalLegalAid,
  // IDENTITY, so that Fictional Legal Aid may know the survivor exists; CONTACT, for the phone.
  categories: ["IDENTITY", "CONTACT"],
  purposes: ["SERVICE_REFERRAL"],
  method: "DIGITAL",
  language: "en",
  ...extra,
});

/** The expected answer: phone released (consent + agreement), health withheld (no agreement covers it). */
const RELEASED_PHONE = {
  data: { survivor: { residentProfiles: [{ phone: PHONE, healthNeeds: null }] } },
  errors: [{ message: stringMatching(/^Withheld: /), path: ["survivor", "residentProfiles", 0, "healthNeeds"], extensions: { code: "AGREEMENT_REQUIRED" } }],
};

async function headers(): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await network.issuer.tokenFor("legal-caseworker")}`, "x-purpose-of-use": "SERVICE_REFERRAL" };
}

let consentId = "";

beforeAll(async () => {
  network = await startTestNetwork({ gateway: { maxBatchOperations: 5 } });
  second = await network.startAnotherGateway();
  const recorded = await network.query<{ recordConsent: { id: string } }>(RECORD, { input: consentInput() }, { purpose: "SERVICE_REFERRAL" });
  expect(recorded.body.errors).toBeUndefined();
  consentId = recorded.body.data!.recordConsent.id;
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

describe(`the consent rule on every way in (${databaseMode})`, () => {
  it("POST: released and withheld at the exact path; never cacheable", async () => {
    const response = await network.query(QUERY, variables, legalAid);
    expect(response.body).toEqual(RELEASED_PHONE);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(JSON.stringify(response.body)).not.toContain(HEALTH);
  });

  it("GET gives the same answer", async () => {
    const url = new URL(network.gateway.graphqlUrl);
    url.searchParams.set("query", QUERY);
    url.searchParams.set("variables", JSON.stringify(variables));
    const response = await fetch(url, { headers: { ...(await headers()), "apollo-require-preflight": "true" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual(RELEASED_PHONE);
  });

  it("an automatic persisted query, by hash alone, gives the same answer", async () => {
    const sha256Hash = createHash("sha256").update(QUERY).digest("hex");
    const persistedQuery = { version: 1, sha256Hash };
    const post = async (body: Record<string, unknown>) =>
      fetch(network.gateway.graphqlUrl, { method: "POST", headers: { "content-type": "application/json", ...(await headers()) }, body: JSON.stringify(body) });
    const registered = await post({ query: QUERY, variables, extensions: { persistedQuery } });
    expect(await registered.json()).toEqual(RELEASED_PHONE);
    const byHash = await post({ variables, extensions: { persistedQuery } });
    expect(await byHash.json()).toEqual(RELEASED_PHONE);
  });

  it("each operation of a batch is decided on its own, the same way", async () => {
    const response = await fetch(network.gateway.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await headers()) },
      body: JSON.stringify([
        { query: QUERY, variables },
        { query: `query Aliased($id: ID!) { s: survivor(id: $id) { r: residentProfiles { __t: healthNeeds _0: phone } } }`, variables },
      ]),
    });
    expect(response.status).toBe(200);
    const [first, aliased] = (await response.json()) as Record<string, unknown>[];
    expect(first).toEqual(RELEASED_PHONE);
    expect(aliased).toEqual({
      data: { s: { r: [{ __t: null, _0: PHONE }] } },
      errors: [{ message: stringMatching(/^Withheld: /), path: ["s", "r", 0, "__t"], extensions: { code: "AGREEMENT_REQUIRED" } }],
    });
  });

  it("a mutation that returns survivor data is decided like a query", async () => {
    // Harbor Light records a consent and reads, in the same mutation, the legal profiles of its
    // survivor held by Fictional Legal Aid: no consent of the survivor names Harbor Light for them.
    const response = await network.query<{ recordConsent: { survivor: { legalProfiles: { immigrationStatus: string | null }[] } } }>(
      `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id survivor { legalProfiles { immigrationStatus } } } }`,
      { input: consentInput({ categories: ["IDENTITY"], granteeOrganizationId: DEMO_ORGS.northstar }) },
      { purpose: "SERVICE_REFERRAL" },
    );
    // Not even that the profile exists: it is Fictional Legal Aid's record, and no consent lets
    // Harbor Light know of it. Left out without an error, as a profile that does not exist.
    expect(response.body.data!.recordConsent.survivor.legalProfiles).toEqual([]);
    expect(response.body.errors).toBeUndefined();
    expect(JSON.stringify(response.body)).not.toContain("Invented");
  });

  it("a second gateway process decides the same, and a withdrawal counts on the very next request on both", async () => {
    const before = await second.query(QUERY, variables, legalAid);
    expect(before.body).toEqual(RELEASED_PHONE);

    // Withdrawn through the first gateway; the next request through the second no longer sees it
    // (the survivor is not even visible any more: no consent names Fictional Legal Aid now).
    const withdrawn = await network.query(WITHDRAW, { id: consentId, reason: "Invented reason (demo)." }, { purpose: "SERVICE_REFERRAL" });
    expect(withdrawn.body.errors).toBeUndefined();
    for (const gateway of [second, network]) {
      const after = await gateway.query(QUERY, variables, legalAid);
      expect(after.body).toEqual({ data: { survivor: null } });
    }
    // Given again through the second gateway: the first sees it on its next request.
    const again = await second.query<{ recordConsent: { id: string } }>(RECORD, { input: consentInput() }, { purpose: "SERVICE_REFERRAL" });
    expect(again.body.errors).toBeUndefined();
    expect((await network.query(QUERY, variables, legalAid)).body).toEqual(RELEASED_PHONE);
    consentId = again.body.data!.recordConsent.id;
  });

  it("an expired consent releases nothing (a gateway whose clock is past the consent's end)", async () => {
    await network.query(WITHDRAW, { id: consentId, reason: "Invented reason (demo)." }, { purpose: "SERVICE_REFERRAL" });
    const until = new Date(Date.now() + 30 * 24 * 3600_000);
    const recorded = await network.query(RECORD, { input: consentInput({ validUntil: until.toISOString() }) }, { purpose: "SERVICE_REFERRAL" });
    expect(recorded.body.errors).toBeUndefined();
    expect((await network.query(QUERY, variables, legalAid)).body).toEqual(RELEASED_PHONE);

    const later = await network.startAnotherGateway({ now: () => new Date(until.getTime() + 1) });
    const atEnd = await network.startAnotherGateway({ now: () => until });
    // The subgraphs' clocks still say "in force"; the gateway's rule does not: the survivor is not
    // even known to exist any more, exactly as a survivor who does not.
    for (const gateway of [later, atEnd]) {
      const response = await gateway.query(QUERY, variables, legalAid);
      expect(response.body).toEqual({ data: { survivor: null } });
    }
  });

  it("nested under an organisation: a confidential shelter's address goes to its own organisation only, whatever the path", async () => {
    const SITE = `query($org: ID!) { organization(id: $org) { shelterPrograms { name site { city confidentialAddress } } } }`;
    const DIRECTORY = `{ directory(filter: { kinds: [SHELTER] }) { shelterPrograms { edges { node { organization { id } site { confidentialAddress } } } } } }`;
    const ADDRESS = "1 Invented Lane (demo)";
    const own = await network.query<{ organization: { shelterPrograms: { site: { confidentialAddress: string | null } }[] } }>(
      SITE,
      { org: DEMO_ORGS.harborLight },
      { purpose: "SERVICE_REFERRAL" },
    );
    expect(own.body.errors).toBeUndefined();
    expect(JSON.stringify(own.body)).toContain(ADDRESS);
    // Another shelter, and legal aid (its agreement with Harbor Light does not cover CONFIDENTIAL_SITE).
    for (const as of ["northstar-caseworker", "legal-caseworker"] as const) {
      for (const [query, vars] of [
        [SITE, { org: DEMO_ORGS.harborLight }],
        [DIRECTORY, undefined],
      ] as const) {
        const response = await network.query(query, vars, { as, purpose: "SERVICE_REFERRAL" });
        expect(response.status).toBe(200);
        expect(JSON.stringify(response.body)).not.toContain(ADDRESS);
        const codes = new Set((response.body.errors ?? []).map((e) => e.extensions?.code));
        expect(codes).toEqual(new Set(["AGREEMENT_REQUIRED"]));
      }
    }
    // Without a purpose: the owner still sees its own; nobody else may.
    const noPurpose = await network.query(SITE, { org: DEMO_ORGS.harborLight }, { as: "northstar-caseworker" });
    expect(new Set(noPurpose.body.errors!.map((e) => e.extensions?.code))).toEqual(new Set(["PURPOSE_NOT_PERMITTED"]));
    // A partner app's role may never see it: not even fetched.
    const app = await network.query(DIRECTORY, undefined, { as: "harbor-app" });
    expect(JSON.stringify(app.body)).not.toContain(ADDRESS);
    expect(new Set(app.body.errors!.map((e) => e.extensions?.code))).toEqual(new Set(["ROLE_FORBIDDEN"]));
  });

  it("an unknown caller gets nothing, and a forged purpose header changes nothing but the purpose", async () => {
    const unsigned = await postGraphQL(network.gateway.graphqlUrl, QUERY, variables, { "x-purpose-of-use": "SERVICE_REFERRAL" });
    expect(unsigned.status).toBe(401);
    expect(JSON.stringify(unsigned.body)).not.toContain(PHONE);
    // The consent covers SERVICE_REFERRAL only.
    const otherPurpose = await network.query(QUERY, variables, { ...legalAid, purpose: "LEGAL_REPRESENTATION" });
    expect(JSON.stringify(otherPurpose.body)).not.toContain(PHONE);
  });
});
