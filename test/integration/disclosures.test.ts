import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSERTION_HEADER, createAssertionSigner } from "../../platform/assertion.js";
import { openDatabase, type DatabaseLocation } from "../../subgraphs/kit/database.js";
import { DEMO_AGREEMENTS, DEMO_MEMBERS, DEMO_ORGS, DEMO_PROFILES, DEMO_SURVIVORS, demoId } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { SYSTEM_PRINCIPAL, type Principal } from "../../vocabulary/principal.js";
import { startSubgraph } from "../../subgraphs/kit/subgraph.js";
import { createNetworkClient } from "../../subgraphs/network/db.js";
import { networkSubgraph } from "../../subgraphs/network/index.js";
import { LEDGER_KINDS, verifyLedger } from "../../subgraphs/network/ledger/ledger.js";
import { createTestDatabases, databaseMode, type TestDatabases } from "../support/databases.js";
import { startTestNetwork, type RequestOptions, type TestNetwork } from "../support/network.js";

let network: TestNetwork;
let spare: TestDatabases;
let networkDatabase: DatabaseLocation;

// The network subgraph runs on a database this file can open again at the end, to verify the
// chain and read the index rows: a file-backed PGlite (an in-memory one is gone once stopped),
// or a PostgreSQL database of its own.
beforeAll(async () => {
  network = await startTestNetwork();
  spare = await createTestDatabases(["network"]);
  const location = spare.locationFor("network");
  networkDatabase = location.kind === "embedded" ? { ...location, dataDir: path.join(os.tmpdir(), `srn-disclosures-${randomUUID()}`) } : location;
  const original = network.subgraphs.get("network")!;
  const port = Number(new URL(original.url).port);
  await original.stop();
  network.subgraphs.set(
    "network",
    await startSubgraph(networkSubgraph, { database: networkDatabase, host: "127.0.0.1", port, seedDemoData: true, assertionPublicKey: network.assertionKeys.publicKey }),
  );
});

afterAll(async () => {
  await network?.stop();
  await spare?.drop();
  if (networkDatabase?.kind === "embedded" && networkDatabase.dataDir) await rm(networkDatabase.dataDir, { recursive: true, force: true });
});

const APPEND = `mutation($input: DisclosureInput!) { _appendDisclosures(input: $input) { seq hash } }`;
const DISCLOSURES = `query($survivorId: ID!, $first: Int, $after: String) {
  survivorDisclosures(survivorId: $survivorId, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      seq at kind actorKind actorId purpose emergencyJustification
      organization { id name }
      items { recordType recordId category fields released code basis agreementId consentId ownerOrganization { id } }
    } }
  }
}`;
const NOTICES = `query($unacknowledgedOnly: Boolean, $first: Int, $after: String) {
  overrideNotices(unacknowledgedOnly: $unacknowledgedOnly, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id survivorId ledgerSeq actorKind actorId justification categories createdAt acknowledgedAt acknowledgedByMemberId organization { id } } }
  }
}`;
const ACKNOWLEDGE = `mutation($id: ID!) { acknowledgeOverrideNotice(id: $id) { id acknowledgedAt acknowledgedByMemberId } }`;

interface Receipt {
  seq: string;
  hash: string;
}
interface DisclosureNode {
  seq: string;
  kind: string;
  items: { recordType: string; category: string; released: boolean; ownerOrganization: { id: string } | null }[];
  [key: string]: unknown;
}
interface DisclosurePage {
  survivorDisclosures: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: DisclosureNode }[] };
}
interface NoticeNode {
  id: string;
  acknowledgedAt: string | null;
  acknowledgedByMemberId: string | null;
  [key: string]: unknown;
}
interface NoticePage {
  overrideNotices: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: NoticeNode }[] };
}
type SubgraphAnswer<T> = { data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };

/** Calls the network subgraph directly, as the gateway does, with an assertion for `principal`. */
async function callNetwork<T>(principal: Principal, query: string, variables: Record<string, unknown>): Promise<SubgraphAnswer<T>> {
  const signer = createAssertionSigner(network.assertionKeys.privateKey);
  const body = { query, variables };
  const response = await fetch(network.subgraphs.get("network")!.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", [ASSERTION_HEADER]: await signer.sign("network", principal, body, randomUUID()) },
    body: JSON.stringify(body),
  });
  return (await response.json()) as SubgraphAnswer<T>;
}

const append = (input: Record<string, unknown>, principal: Principal = SYSTEM_PRINCIPAL) => callNetwork<{ _appendDisclosures: Receipt }>(principal, APPEND, { input });

async function appended(input: Record<string, unknown>): Promise<Receipt> {
  const answer = await append(input);
  expect(answer.errors).toBeUndefined();
  return answer.data!._appendDisclosures;
}

const disclosures = (as: RequestOptions["as"], survivorId: string, page: { first?: number; after?: string } = {}) =>
  network.query<DisclosurePage>(DISCLOSURES, { survivorId, ...page }, { as });

/** How many disclosures about Aster Harbor Light can read. */
async function disclosureCount(): Promise<number> {
  const response = await network.query<DisclosurePage>(
    `query($id: ID!) { survivorDisclosures(survivorId: $id) { totalCount } }`,
    { id: DEMO_SURVIVORS.aster },
    { as: "harbor-caseworker" },
  );
  return response.body.data!.survivorDisclosures.totalCount;
}

// Invented: a legal-aid caseworker opens a client file that reaches into the shelter's records.
const CONSENT_ID = demoId(901);
const SHELTER_SITE = demoId(951);
const legalAidRead = (requestId: string) => ({
  requestId,
  actorKind: "member",
  actorId: DEMO_MEMBERS.legalAidCaseworker,
  organizationId: DEMO_ORGS.fictionalLegalAid,
  roles: ["CASEWORKER"],
  purpose: "LEGAL_REPRESENTATION",
  emergencyJustification: null,
  operationName: "ClientFile",
  items: [
    {
      recordType: "ResidentProfile",
      recordId: DEMO_PROFILES.asterResident,
      survivorId: DEMO_SURVIVORS.aster,
      ownerOrganizationId: DEMO_ORGS.harborLight,
      category: "CONTACT",
      fields: ["phone", "email"],
      released: true,
      code: null,
      basis: "AGREEMENT",
      agreementId: DEMO_AGREEMENTS.harborToLegalAid,
      consentId: CONSENT_ID,
    },
    {
      recordType: "ResidentProfile",
      recordId: DEMO_PROFILES.asterResident,
      survivorId: DEMO_SURVIVORS.aster,
      ownerOrganizationId: DEMO_ORGS.harborLight,
      category: "HEALTH",
      fields: ["medicalNeeds"],
      released: false,
      code: "CONSENT_REQUIRED",
      basis: null,
      agreementId: null,
      consentId: null,
    },
    {
      recordType: "LegalProfile",
      recordId: DEMO_PROFILES.asterLegal,
      survivorId: DEMO_SURVIVORS.aster,
      ownerOrganizationId: DEMO_ORGS.fictionalLegalAid,
      category: "IMMIGRATION",
      fields: ["immigrationStatus"],
      released: true,
      code: null,
      basis: "OWNER",
      agreementId: null,
      consentId: null,
    },
    {
      recordType: "LegalProfile",
      recordId: DEMO_PROFILES.cedarLegal,
      survivorId: DEMO_SURVIVORS.cedar,
      ownerOrganizationId: DEMO_ORGS.fictionalLegalAid,
      category: "IDENTITY",
      fields: ["legalName"],
      released: true,
      code: null,
      basis: "OWNER",
      agreementId: null,
      consentId: null,
    },
    {
      recordType: "ShelterSite",
      recordId: SHELTER_SITE,
      survivorId: null,
      ownerOrganizationId: DEMO_ORGS.northstar,
      category: "CONFIDENTIAL_SITE",
      fields: ["streetAddress"],
      released: false,
      code: "AGREEMENT_REQUIRED",
      basis: null,
      agreementId: null,
      consentId: null,
    },
  ],
});

// Invented: a liaison officer uses the emergency override on the shelter's records of Aster.
const INVENTED_AGREEMENT = demoId(799);
const JUSTIFICATION = "Invented emergency (demo): the survivor called for help and the line dropped.";
const emergencyRead = (requestId: string) => ({
  requestId,
  actorKind: "member",
  actorId: DEMO_MEMBERS.cityLiaisonOfficer,
  organizationId: DEMO_ORGS.demoCityLiaison,
  roles: ["LIAISON_OFFICER"],
  purpose: "EMERGENCY",
  emergencyJustification: JUSTIFICATION,
  operationName: null,
  items: [
    {
      recordType: "ResidentProfile",
      recordId: DEMO_PROFILES.asterResident,
      survivorId: DEMO_SURVIVORS.aster,
      ownerOrganizationId: DEMO_ORGS.harborLight,
      category: "LOCATION",
      fields: ["currentSite"],
      released: true,
      basis: "EMERGENCY",
      agreementId: INVENTED_AGREEMENT,
    },
    {
      recordType: "ResidentProfile",
      recordId: DEMO_PROFILES.asterResident,
      survivorId: DEMO_SURVIVORS.aster,
      ownerOrganizationId: DEMO_ORGS.harborLight,
      category: "CONTACT",
      fields: ["phone"],
      released: true,
      basis: "EMERGENCY",
      agreementId: INVENTED_AGREEMENT,
    },
    {
      recordType: "ResidentProfile",
      recordId: DEMO_PROFILES.asterResident,
      survivorId: DEMO_SURVIVORS.aster,
      ownerOrganizationId: DEMO_ORGS.harborLight,
      category: "HEALTH",
      fields: ["medicalNeeds"],
      released: false,
      code: "EMERGENCY_NOT_COVERED",
    },
    {
      recordType: "LiaisonProfile",
      recordId: DEMO_PROFILES.asterLiaison,
      survivorId: DEMO_SURVIVORS.aster,
      ownerOrganizationId: DEMO_ORGS.demoCityLiaison,
      category: "LAW_ENFORCEMENT",
      fields: ["caseNumber"],
      released: true,
      basis: "OWNER",
    },
  ],
});

/** Harbor Light's own two items of `legalAidRead`, as the survivor's organisation reads them. */
const HARBOR_CONTACT_ITEM = {
  recordType: "ResidentProfile",
  recordId: DEMO_PROFILES.asterResident,
  category: "CONTACT",
  fields: ["phone", "email"],
  released: true,
  code: null,
  basis: "AGREEMENT",
  agreementId: DEMO_AGREEMENTS.harborToLegalAid,
  consentId: CONSENT_ID,
  ownerOrganization: { id: DEMO_ORGS.harborLight },
};
const HARBOR_HEALTH_ITEM = {
  recordType: "ResidentProfile",
  recordId: DEMO_PROFILES.asterResident,
  category: "HEALTH",
  fields: ["medicalNeeds"],
  released: false,
  code: "CONSENT_REQUIRED",
  basis: null,
  agreementId: null,
  consentId: null,
  ownerOrganization: { id: DEMO_ORGS.harborLight },
};

const FIRST_REQUEST = randomUUID();
const EMERGENCY_REQUEST = randomUUID();
let firstReceipt: Receipt;
let emergencyReceipt: Receipt;
/** Every request id appended successfully, with its receipt. */
const receipts = new Map<string, Receipt>();
/** Requests made through the gateway that reached a survivor record: the gateway ledgers those itself. */
const throughGateway: string[] = [];
const ledgeredByGateway = (response: { headers: Headers }) => throughGateway.push(response.headers.get("x-request-id")!);

describe(`disclosures appended by the gateway (${databaseMode})`, () => {
  it("appends one ledger entry for a whole response and answers with its receipt", async () => {
    firstReceipt = await appended(legalAidRead(FIRST_REQUEST));
    receipts.set(FIRST_REQUEST, firstReceipt);
    expect(firstReceipt.seq).toMatch(/^[1-9][0-9]*$/);
    expect(firstReceipt.hash).toMatch(/^[0-9a-f]{64}$/);

    const next = randomUUID();
    const second = await appended({ ...legalAidRead(next), items: legalAidRead(next).items.slice(3, 4) });
    receipts.set(next, second);
    expect(BigInt(second.seq)).toBe(BigInt(firstReceipt.seq) + 1n);
    expect(second.hash).not.toBe(firstReceipt.hash);
  });

  it("takes the largest response the contract allows: 5000 items", async () => {
    const requestId = randomUUID();
    const item = { ...legalAidRead(requestId).items[1]!, recordType: "ResidentProfile", survivorId: DEMO_SURVIVORS.birch, ownerOrganizationId: DEMO_ORGS.northstar };
    const receipt = await appended({ ...legalAidRead(requestId), items: Array.from({ length: 5_000 }, (_, i) => ({ ...item, recordId: demoId(10_000 + i) })) });
    receipts.set(requestId, receipt);
    const page = await disclosures("northstar-caseworker", DEMO_SURVIVORS.birch, { first: 1 });
    expect(page.body.data!.survivorDisclosures.edges[0]!.node.seq).toBe(receipt.seq);
    expect(page.body.data!.survivorDisclosures.edges[0]!.node.items).toHaveLength(5_000);
  });

  it("answers a retry of the same request with the first receipt, appending nothing", async () => {
    expect(await appended(legalAidRead(FIRST_REQUEST))).toEqual(firstReceipt);
    // Even when the retry reports something else: the first account of a request stands.
    expect(await appended({ ...legalAidRead(FIRST_REQUEST), items: legalAidRead(FIRST_REQUEST).items.slice(0, 1) })).toEqual(firstReceipt);

    // Two copies of one request racing: one entry, both told its receipt.
    const racing = randomUUID();
    const [a, b] = await Promise.all([appended(legalAidRead(racing)), appended(legalAidRead(racing))]);
    expect(a).toEqual(b);
    receipts.set(racing, a);

    const after = randomUUID();
    const next = await appended(legalAidRead(after));
    receipts.set(after, next);
    expect(BigInt(next.seq)).toBe(BigInt(a.seq) + 1n);

    const page = await disclosures("harbor-caseworker", DEMO_SURVIVORS.aster);
    const seqs = page.body.data!.survivorDisclosures.edges.map((e) => e.node.seq);
    expect(seqs.filter((seq) => seq === firstReceipt.seq)).toHaveLength(1);
    expect(seqs.filter((seq) => seq === a.seq)).toHaveLength(1);
  });

  it("records many concurrent reports, and copies of them racing, each once, in one unbroken chain (group commit)", async () => {
    // Appends arriving while a batch is written are written together in the next one: each report
    // its own entry and receipt, copies of one report one entry, the chain's order the batch's.
    // About Elm, whom no other test here reads disclosures of.
    const aboutElm = (requestId: string) => ({ ...legalAidRead(requestId), items: legalAidRead(requestId).items.map((item) => ({ ...item, survivorId: DEMO_SURVIVORS.elm })) });
    const ids = Array.from({ length: 40 }, () => randomUUID());
    const sent = [...ids, ...ids.slice(0, 10)].map((requestId) => appended(aboutElm(requestId)).then((receipt) => ({ requestId, receipt })));
    const answers = await Promise.all(sent);
    const byRequest = new Map<string, Receipt>();
    for (const { requestId, receipt } of answers) {
      const earlier = byRequest.get(requestId);
      if (earlier) expect(receipt).toEqual(earlier);
      byRequest.set(requestId, receipt);
    }
    const seqs = [...byRequest.values()].map((receipt) => BigInt(receipt.seq)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(new Set(seqs.map(String)).size).toBe(ids.length);
    expect(seqs.at(-1)! - seqs[0]!).toBe(BigInt(ids.length - 1));
    for (const [requestId, receipt] of byRequest) receipts.set(requestId, receipt);
  });

  const item0 = legalAidRead("x").items[0]!;
  const withheld = legalAidRead("x").items[1]!;
  const emergencyItem = emergencyRead("x").items[0]!;
  it.each([
    ["a release with a denial code", { items: [{ ...item0, code: "CONSENT_REQUIRED" }] }, "Invalid input: input.items.0.code: must be null when released"],
    ["a release without a basis", { items: [{ ...item0, basis: null }] }, "Invalid input: input.items.0.basis: must be given when released"],
    ["a release without an owner", { items: [{ ...item0, ownerOrganizationId: null }] }, "Invalid input: input.items.0.ownerOrganizationId: must be given when released"],
    ["a withheld item without a code", { items: [withheld, { ...withheld, code: null }] }, "Invalid input: input.items.1.code: must be given when withheld"],
    ["a withheld item with a basis", { items: [{ ...withheld, basis: "OWNER" }] }, "Invalid input: input.items.0.basis: must be null when withheld"],
    [
      "an agreement release without the agreement",
      { items: [{ ...item0, agreementId: null }] },
      "Invalid input: input.items.0.agreementId: must be given for an AGREEMENT release",
    ],
    [
      "an emergency release of health data",
      { ...emergencyRead("x"), items: [{ ...emergencyItem, category: "HEALTH" }] },
      "Invalid input: input.items.0.category: an EMERGENCY release covers CONTACT and LOCATION only",
    ],
    [
      "an emergency release for another purpose",
      { ...emergencyRead("x"), purpose: "CRIMINAL_INVESTIGATION" },
      "Invalid input: input.items.0.basis: EMERGENCY needs the purpose EMERGENCY",
    ],
    [
      "an emergency release with a blank justification",
      { ...emergencyRead("x"), emergencyJustification: "   " },
      "Invalid input: input.items.0.basis: EMERGENCY needs a written emergencyJustification",
    ],
    [
      "an emergency release without an agreement",
      { ...emergencyRead("x"), items: [{ ...emergencyItem, agreementId: null }] },
      "Invalid input: input.items.0.agreementId: must be given for an EMERGENCY release (the agreement with the owner)",
    ],
    ["an unknown category", { items: [{ ...withheld, category: "FAVOURITE_COLOUR" }] }, "Invalid input: input.items.0.category: "],
    ["no item", { items: [] }, "Invalid input: input.items: list at least one item"],
    ["more than 5000 items", { items: Array.from({ length: 5_001 }, () => withheld) }, "Invalid input: input.items: "],
    ["a record without fields", { items: [{ ...withheld, fields: [] }] }, "Invalid input: input.items.0.fields: name at least one field"],
    ["more than 100 fields", { items: [{ ...withheld, fields: Array.from({ length: 101 }, (_, i) => `field${i}`) }] }, "Invalid input: input.items.0.fields: "],
    ["a field that is no GraphQL name", { items: [{ ...withheld, fields: ["phone number"] }] }, "Invalid input: input.items.0.fields.0: must be a GraphQL name"],
    ["a request id over 128 characters", { requestId: "r".repeat(129) }, "Invalid input: input.requestId: "],
    ["an unknown actor kind", { actorKind: "steward" }, "Invalid input: input.actorKind: "],
    ["an actor id that is no UUID", { actorId: "lee" }, "Invalid input: input.actorId: "],
    ["an unknown role", { roles: ["SUPERUSER"] }, "Invalid input: input.roles.0: "],
    ["an unknown purpose", { purpose: "CURIOSITY" }, "Invalid input: input.purpose: "],
    ["a justification over 2000 characters", { emergencyJustification: "j".repeat(2_001) }, "Invalid input: input.emergencyJustification: "],
    ["a NUL character", { operationName: "Client\u0000File" }, "Invalid input: input.operationName: must not contain NUL characters"],
    ["half of a surrogate pair", { operationName: "Client\uD800File" }, "Invalid input: input.operationName: must be well-formed Unicode"],
  ])("refuses %s, naming the field, and writes nothing", async (_label, change, message) => {
    const before = await disclosureCount();
    const answer = await append({ ...legalAidRead(randomUUID()), ...change });
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0]!.extensions!.code).toBe(ERROR_CODES.BAD_USER_INPUT);
    expect(answer.errors![0]!.message).toContain(message);
    expect(await disclosureCount()).toBe(before);
  });

  it("gave no sequence number to a refused append", async () => {
    const last = [...receipts.values()].reduce((max, r) => (BigInt(r.seq) > max ? BigInt(r.seq) : max), 0n);
    const requestId = randomUUID();
    const next = await appended(legalAidRead(requestId));
    receipts.set(requestId, next);
    expect(BigInt(next.seq)).toBe(last + 1n);
  });

  it("is refused to any assertion but the gateway's own, and absent from the gateway's API", async () => {
    const member: Principal = {
      kind: "member",
      id: DEMO_MEMBERS.harborCaseworker,
      organizationId: DEMO_ORGS.harborLight,
      organizationKind: "SHELTER",
      roles: ["CASEWORKER", "ORG_ADMIN"],
      purpose: "SERVICE_REFERRAL",
    };
    const answer = await append(legalAidRead(randomUUID()), member);
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors![0]).toMatchObject({ message: "Not available", extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });

    const viaGateway = await network.query(APPEND, { input: legalAidRead(randomUUID()) });
    expect(viaGateway.status).toBe(400);
    expect(viaGateway.body.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

describe(`disclosures read by the survivor's organisations (${databaseMode})`, () => {
  it("shows the survivor's own organisation every item about its own records of that survivor", async () => {
    const response = await disclosures("harbor-caseworker", DEMO_SURVIVORS.aster);
    expect(response.body.errors).toBeUndefined();
    const first = response.body.data!.survivorDisclosures.edges.find((e) => e.node.seq === firstReceipt.seq)!.node;
    expect(first).toMatchObject({
      kind: "DISCLOSURE",
      actorKind: "member",
      actorId: DEMO_MEMBERS.legalAidCaseworker,
      organization: { id: DEMO_ORGS.fictionalLegalAid, name: "Fictional Legal Aid Collective (demo)" },
      purpose: "LEGAL_REPRESENTATION",
      emergencyJustification: null,
    });
    expect(typeof first.at).toBe("string");
    // Harbor Light's two items about Aster. Cedar's and the shelter site's are not about Aster, and
    // the legal profile is Fictional Legal Aid's record, which no consent lets Harbor Light know of
    // (see the next test).
    expect(first.items).toEqual([HARBOR_CONTACT_ITEM, HARBOR_HEALTH_ITEM]);
    // Organisation admins read them too.
    const admin = await disclosures("harbor-admin", DEMO_SURVIVORS.aster);
    expect(admin.body.data!.survivorDisclosures.totalCount).toBe(response.body.data!.survivorDisclosures.totalCount);
  });

  it("shows the survivor's own organisation another organisation's records only while it could see them live, for the purpose it declares", async () => {
    const LEGAL_ITEM = {
      recordType: "LegalProfile",
      recordId: DEMO_PROFILES.asterLegal,
      category: "IMMIGRATION",
      fields: ["immigrationStatus"],
      released: true,
      code: null,
      basis: "OWNER",
      agreementId: null,
      consentId: null,
      ownerOrganization: { id: DEMO_ORGS.fictionalLegalAid },
    };
    const items = async (purpose?: string) => {
      const response = await network.query<DisclosurePage>(DISCLOSURES, { survivorId: DEMO_SURVIVORS.aster }, { as: "harbor-caseworker", ...(purpose ? { purpose } : {}) });
      expect(response.body.errors).toBeUndefined();
      return response.body.data!.survivorDisclosures.edges.find((e) => e.node.seq === firstReceipt.seq)!.node.items;
    };
    // Aster consents to Harbor Light knowing what Fictional Legal Aid holds of them, for referrals
    // (the seeded two-way agreement shares Fictional Legal Aid's IDENTITY with Harbor Light).
    const consent = await network.query<{ recordConsent: { id: string } }>(
      `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
      {
        input: {
          survivorId: DEMO_SURVIVORS.aster,
          granteeOrganizationId: DEMO_ORGS.harborLight,
          categories: ["IDENTITY"],
          purposes: ["SERVICE_REFERRAL"],
          method: "WRITTEN",
          language: "en",
        },
      },
      { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" },
    );
    expect(consent.body.errors).toBeUndefined();
    ledgeredByGateway(consent);
    expect(await items("SERVICE_REFERRAL")).toEqual([HARBOR_CONTACT_ITEM, HARBOR_HEALTH_ITEM, LEGAL_ITEM]);
    // The same as a live query: another purpose, or none, and the legal profile is not there.
    expect(await items("LEGAL_REPRESENTATION")).toEqual([HARBOR_CONTACT_ITEM, HARBOR_HEALTH_ITEM]);
    expect(await items()).toEqual([HARBOR_CONTACT_ITEM, HARBOR_HEALTH_ITEM]);
    const live = await network.query<{ survivor: { legalProfiles: { id: string }[] } }>(
      `query($id: ID!) { survivor(id: $id) { legalProfiles { id } } }`,
      { id: DEMO_SURVIVORS.aster },
      { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" },
    );
    expect(live.body.data!.survivor.legalProfiles).toEqual([{ id: DEMO_PROFILES.asterLegal }]);
    ledgeredByGateway(live);
    // Withdrawn: gone from the ledger view on the very next request, as from the live answer.
    const withdrawn = await network.query(
      `mutation($id: ID!) { withdrawConsent(id: $id, reason: "Invented (demo): changed their mind.") { id } }`,
      { id: consent.body.data!.recordConsent.id },
      { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" },
    );
    expect(withdrawn.body.errors).toBeUndefined();
    ledgeredByGateway(withdrawn);
    expect(await items("SERVICE_REFERRAL")).toEqual([HARBOR_CONTACT_ITEM, HARBOR_HEALTH_ITEM]);
  });

  it("does not list, to the survivor's own organisation, an entry about another organisation's record it may not know of", async () => {
    // Demo City Liaison reads its own liaison profile of Aster: that a law-enforcement record of
    // Aster exists is what Harbor Light may not learn without Aster's consent.
    const before = await disclosureCount();
    const requestId = randomUUID();
    const own = await appended({
      ...emergencyRead(requestId),
      purpose: "SAFETY_PLANNING",
      emergencyJustification: null,
      items: [
        {
          recordType: "LiaisonProfile",
          recordId: DEMO_PROFILES.asterLiaison,
          survivorId: DEMO_SURVIVORS.aster,
          ownerOrganizationId: DEMO_ORGS.demoCityLiaison,
          category: "LAW_ENFORCEMENT",
          fields: ["caseNumber"],
          released: true,
          basis: "OWNER",
        },
      ],
    });
    receipts.set(requestId, own);
    expect(await disclosureCount()).toBe(before);
    const response = await disclosures("harbor-caseworker", DEMO_SURVIVORS.aster);
    expect(JSON.stringify(response.body)).not.toContain(DEMO_PROFILES.asterLiaison);
    expect(JSON.stringify(response.body)).not.toContain(DEMO_ORGS.demoCityLiaison);
  });

  it("shows an organisation that owns records of the survivor only the items about its own records", async () => {
    const response = await disclosures("legal-caseworker", DEMO_SURVIVORS.aster);
    expect(response.body.errors).toBeUndefined();
    const connection = response.body.data!.survivorDisclosures;
    const first = connection.edges.find((e) => e.node.seq === firstReceipt.seq)!.node;
    expect(first.items).toEqual([
      {
        recordType: "LegalProfile",
        recordId: DEMO_PROFILES.asterLegal,
        category: "IMMIGRATION",
        fields: ["immigrationStatus"],
        released: true,
        code: null,
        basis: "OWNER",
        agreementId: null,
        consentId: null,
        ownerOrganization: { id: DEMO_ORGS.fictionalLegalAid },
      },
    ]);
    for (const edge of connection.edges) expect(edge.node.items.every((item) => item.ownerOrganization?.id === DEMO_ORGS.fictionalLegalAid)).toBe(true);

    // Cedar is Legal Aid's own survivor: it reads every item about Cedar.
    const cedar = await disclosures("legal-caseworker", DEMO_SURVIVORS.cedar);
    const cedarFirst = cedar.body.data!.survivorDisclosures.edges.find((e) => e.node.seq === firstReceipt.seq)!.node;
    expect(cedarFirst.items.map((item) => [item.recordType, item.category])).toEqual([["LegalProfile", "IDENTITY"]]);
  });

  it("gives anyone else an empty page, the same as for a survivor nobody asked about", async () => {
    const empty = { survivorDisclosures: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } };
    // Northstar owns the shelter site in the same entry, but no record about Aster.
    const stranger = await disclosures("northstar-caseworker", DEMO_SURVIVORS.aster);
    expect(stranger.status).toBe(200);
    expect(stranger.body).toEqual({ data: empty });
    const unknown = await disclosures("harbor-caseworker", demoId(999));
    expect(unknown.body).toEqual({ data: empty });
    // Roles first: a liaison officer may not ask at all.
    const liaison = await disclosures("city-liaison", DEMO_SURVIVORS.aster);
    expect(liaison.body).toEqual({
      data: { survivorDisclosures: null },
      errors: [{ message: "Your role does not allow this field", path: ["survivorDisclosures"], extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } }],
    });
  });

  it("pages newest first", async () => {
    const seqs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const requestId = randomUUID();
      const receipt = await appended({ ...legalAidRead(requestId), items: [{ ...legalAidRead(requestId).items[1]!, survivorId: DEMO_SURVIVORS.dahlia }] });
      receipts.set(requestId, receipt);
      seqs.push(receipt.seq);
    }
    const page1 = await disclosures("harbor-caseworker", DEMO_SURVIVORS.dahlia, { first: 2 });
    expect(page1.body.errors).toBeUndefined();
    const one = page1.body.data!.survivorDisclosures;
    expect(one.totalCount).toBe(3);
    expect(one.edges.map((e) => e.node.seq)).toEqual([seqs[2], seqs[1]]);
    expect(one.pageInfo).toEqual({ hasNextPage: true, endCursor: one.edges[1]!.cursor });
    const page2 = await disclosures("harbor-caseworker", DEMO_SURVIVORS.dahlia, { first: 2, after: one.pageInfo.endCursor! });
    const two = page2.body.data!.survivorDisclosures;
    expect(two.edges.map((e) => e.node.seq)).toEqual([seqs[0]]);
    expect(two.pageInfo.hasNextPage).toBe(false);

    const forged = await disclosures("harbor-caseworker", DEMO_SURVIVORS.dahlia, { after: "not-a-cursor" });
    expect(forged.body.errors![0]).toMatchObject({ message: "The `after` cursor is not one this API issued", extensions: { code: ERROR_CODES.BAD_USER_INPUT } });
  });
});

describe(`emergency overrides (${databaseMode})`, () => {
  it("records an emergency append as EMERGENCY_OVERRIDE and notifies the owner of the released records only", async () => {
    const before = await network.query<NoticePage>(NOTICES, {}, { as: "harbor-caseworker" });
    expect(before.body.data!.overrideNotices.totalCount).toBe(0);

    emergencyReceipt = await appended(emergencyRead(EMERGENCY_REQUEST));
    receipts.set(EMERGENCY_REQUEST, emergencyReceipt);

    const harbor = await network.query<NoticePage>(NOTICES, {}, { as: "harbor-caseworker" });
    expect(harbor.body.errors).toBeUndefined();
    expect(harbor.body.data!.overrideNotices.totalCount).toBe(1);
    expect(harbor.body.data!.overrideNotices.edges[0]!.node).toMatchObject({
      survivorId: DEMO_SURVIVORS.aster,
      ledgerSeq: emergencyReceipt.seq,
      actorKind: "member",
      actorId: DEMO_MEMBERS.cityLiaisonOfficer,
      justification: JUSTIFICATION,
      categories: ["CONTACT", "LOCATION"],
      acknowledgedAt: null,
      acknowledgedByMemberId: null,
      organization: { id: DEMO_ORGS.demoCityLiaison },
    });
    // The liaison unit's own record was released on its own basis: no notice to anyone for it.
    for (const as of ["northstar-caseworker", "legal-caseworker", "clinic-admin"] as const) {
      const other = await network.query<NoticePage>(NOTICES, {}, { as });
      expect(other.body.data!.overrideNotices.totalCount).toBe(0);
    }
    // A retry notifies nobody twice.
    expect(await appended(emergencyRead(EMERGENCY_REQUEST))).toEqual(emergencyReceipt);
    expect((await network.query<NoticePage>(NOTICES, {}, { as: "harbor-caseworker" })).body.data!.overrideNotices.totalCount).toBe(1);

    const ledger = await disclosures("harbor-caseworker", DEMO_SURVIVORS.aster);
    const entry = ledger.body.data!.survivorDisclosures.edges[0]!.node;
    expect(entry).toMatchObject({ seq: emergencyReceipt.seq, kind: "EMERGENCY_OVERRIDE", purpose: "EMERGENCY", emergencyJustification: JUSTIFICATION });
    // Harbor Light's own records; the liaison unit's record in the same entry is not Harbor Light's to know of.
    expect(entry.items.map((item) => [item.category, item.released])).toEqual([
      ["LOCATION", true],
      ["CONTACT", true],
      ["HEALTH", false],
    ]);
  });

  it("lets the owner acknowledge a notice, once, and nobody else", async () => {
    const unread = await network.query<NoticePage>(NOTICES, { unacknowledgedOnly: true }, { as: "harbor-admin" });
    expect(unread.body.data!.overrideNotices.totalCount).toBe(1);
    const id = unread.body.data!.overrideNotices.edges[0]!.node.id;

    const stranger = await network.query(ACKNOWLEDGE, { id }, { as: "northstar-caseworker" });
    expect(stranger.body.errors![0]).toMatchObject({ message: "No such notice for your organisation", extensions: { code: ERROR_CODES.NOT_FOUND } });

    const acknowledged = await network.query<{ acknowledgeOverrideNotice: NoticeNode }>(ACKNOWLEDGE, { id }, { as: "harbor-caseworker" });
    expect(acknowledged.body.errors).toBeUndefined();
    const notice = acknowledged.body.data!.acknowledgeOverrideNotice;
    expect(notice.acknowledgedByMemberId).toBe(DEMO_MEMBERS.harborCaseworker);
    expect(notice.acknowledgedAt).not.toBeNull();

    // Idempotent: the first acknowledgement stands.
    const again = await network.query<{ acknowledgeOverrideNotice: NoticeNode }>(ACKNOWLEDGE, { id }, { as: "harbor-admin" });
    expect(again.body.data!.acknowledgeOverrideNotice).toEqual(notice);

    expect((await network.query<NoticePage>(NOTICES, { unacknowledgedOnly: true }, { as: "harbor-admin" })).body.data!.overrideNotices.totalCount).toBe(0);
    expect((await network.query<NoticePage>(NOTICES, { unacknowledgedOnly: false }, { as: "harbor-admin" })).body.data!.overrideNotices.edges[0]!.node).toMatchObject(notice);

    const liaison = await network.query(ACKNOWLEDGE, { id }, { as: "city-liaison" });
    expect(liaison.status).toBe(403);
    expect(liaison.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
  });

  it("pages notices newest first", async () => {
    const more: string[] = [];
    for (let i = 0; i < 2; i++) {
      const requestId = randomUUID();
      const receipt = await appended({
        ...emergencyRead(requestId),
        items: emergencyRead(requestId)
          .items.slice(0, 1)
          .map((item) => ({ ...item, survivorId: DEMO_SURVIVORS.dahlia })),
      });
      receipts.set(requestId, receipt);
      more.push(receipt.seq);
    }
    const page1 = await network.query<NoticePage>(NOTICES, { first: 2 }, { as: "harbor-caseworker" });
    const one = page1.body.data!.overrideNotices;
    expect(one.totalCount).toBe(3);
    expect(one.edges.map((e) => e.node.ledgerSeq)).toEqual([more[1], more[0]]);
    expect(one.pageInfo.hasNextPage).toBe(true);
    const page2 = await network.query<NoticePage>(NOTICES, { first: 2, after: one.pageInfo.endCursor }, { as: "harbor-caseworker" });
    expect(page2.body.data!.overrideNotices.edges.map((e) => e.node.ledgerSeq)).toEqual([emergencyReceipt.seq]);
    expect(page2.body.data!.overrideNotices.pageInfo.hasNextPage).toBe(false);
  });
});

describe(`the ledger afterwards (${databaseMode})`, () => {
  // Last: stops the network subgraph to open its database here.
  it("verifies, holds each request once, and indexes each (survivor, owner) of an entry", async () => {
    await network.subgraphs.get("network")!.stop();
    // Reopened as it is now, not from the template it started from.
    const { template: _template, ...reopen } = networkDatabase as DatabaseLocation & { template?: Blob };
    const database = await openDatabase(reopen, networkSubgraph.migrationsDir);
    const db = createNetworkClient(database.adapter);
    try {
      const verdict = await verifyLedger(db);
      expect(verdict.ok).toBe(true);

      const all = await db.ledgerEntry.findMany({ where: { kind: { in: [LEDGER_KINDS.DISCLOSURE, LEDGER_KINDS.EMERGENCY_OVERRIDE] } }, orderBy: { seq: "asc" } });
      // The gateway's own entries (one per request above that reached a survivor record) aside, the appended ones.
      const fromGateway = (entry: (typeof all)[number]) => throughGateway.some((id) => (entry.payload as { requestId: string }).requestId.startsWith(`${id}.`));
      expect(all.filter(fromGateway)).toHaveLength(throughGateway.length);
      const entries = all.filter((entry) => !fromGateway(entry));
      const requestIds = entries.map((entry) => (entry.payload as { requestId: string }).requestId);
      expect(requestIds.toSorted()).toEqual([...receipts.keys()].toSorted());
      for (const entry of entries) {
        const receipt = receipts.get((entry.payload as { requestId: string }).requestId)!;
        expect({ seq: entry.seq.toString(), hash: entry.hash }).toEqual(receipt);
        expect(entry.survivorId).toBeNull();
      }
      expect(await db.disclosureRequest.count()).toBe(receipts.size + throughGateway.length);

      const first = entries.find((entry) => entry.seq.toString() === firstReceipt.seq)!;
      expect(first).toMatchObject({ kind: LEDGER_KINDS.DISCLOSURE, actorId: DEMO_MEMBERS.legalAidCaseworker, organizationId: DEMO_ORGS.fictionalLegalAid });
      expect(first.payload).toEqual({
        requestId: FIRST_REQUEST,
        actorKind: "member",
        roles: ["CASEWORKER"],
        purpose: "LEGAL_REPRESENTATION",
        emergencyJustification: null,
        operationName: "ClientFile",
        items: legalAidRead(FIRST_REQUEST).items,
      });
      const subjects = await db.disclosureSubject.findMany({ where: { ledgerSeq: first.seq }, select: { survivorId: true, ownerOrganizationId: true } });
      expect(subjects).toHaveLength(3);
      expect(subjects).toEqual(
        expect.arrayContaining([
          { survivorId: DEMO_SURVIVORS.aster, ownerOrganizationId: DEMO_ORGS.harborLight },
          { survivorId: DEMO_SURVIVORS.aster, ownerOrganizationId: DEMO_ORGS.fictionalLegalAid },
          { survivorId: DEMO_SURVIVORS.cedar, ownerOrganizationId: DEMO_ORGS.fictionalLegalAid },
        ]),
      );

      const emergency = entries.find((entry) => entry.seq.toString() === emergencyReceipt.seq)!;
      expect(emergency.kind).toBe(LEDGER_KINDS.EMERGENCY_OVERRIDE);
      const notices = await db.overrideNotice.findMany({ where: { ledgerSeq: emergency.seq } });
      expect(notices.map((n) => [n.ownerOrganizationId, n.survivorId, n.callerOrganizationId, n.categories])).toEqual([
        [DEMO_ORGS.harborLight, DEMO_SURVIVORS.aster, DEMO_ORGS.demoCityLiaison, ["CONTACT", "LOCATION"]],
      ]);

      // The index rows are as append-only as the ledger; a notice is never removed.
      await expect(db.$executeRawUnsafe("DELETE FROM disclosure_subject")).rejects.toThrow(/append-only/);
      await expect(db.$executeRawUnsafe("UPDATE disclosure_request SET ledger_seq = 1")).rejects.toThrow(/append-only/);
      await expect(db.$executeRawUnsafe("DELETE FROM override_notice")).rejects.toThrow(/append-only/);
    } finally {
      await db.$disconnect();
      await database.close();
    }
  });
});
