/**
 * The gateway's consent enforcement on one response, with IN-MEMORY facts and ledger (stand-ins
 * for the network subgraph, so that its failures can be chosen exactly) over the shaping kit's
 * small schema, executed for real by graphql-js. The real network is exercised end to end in
 * test/integration/consent-scenario.test.ts.
 */
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../platform/logger.js";
import type { DecisionFacts } from "../../../policy/facts.js";
import { ConsentEnforcement, type RequestCaller } from "../../../gateway/policy/consentEnforcement.js";
import { consentSteps } from "../../../gateway/pipeline.js";
import type { OperationState } from "../../../gateway/steps/step.js";
import type { Disclosure, WriteDisclosure } from "../../../gateway/policy/disclosureLedger.js";
import type { FactsQuery } from "../../../gateway/policy/policyFacts.js";
import type { SchemaPolicy } from "../../../gateway/policy/schemaPolicy.js";
import { runShaped } from "../shaping/shapingKit.js";
import { stringMatching } from "../../support/matchers.js";

const policy: SchemaPolicy = {
  typeAccess: new Map(),
  fieldAccess: new Map(),
  survivorRecordTypes: new Set(["ResidentProfile", "LegalProfile"]),
  sensitiveFields: new Map([
    ["ResidentProfile.bedNumber", "LOCATION"],
    ["LegalProfile.immigrationStatus", "IMMIGRATION"],
  ]),
  sensitiveOwners: new Map(),
  presenceFields: new Map(),
  recordFields: new Map([
    ["ResidentProfile", ["id", "survivorId", "ownerOrganizationId"]],
    ["LegalProfile", ["id", "survivorId", "ownerOrganizationId"]],
  ]),
  existenceRecords: new Map(),
};

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const FACTS: NonNullable<DecisionFacts> = {
  agreements: [
    {
      id: "agr-1",
      fromOrganizationId: "org-2",
      toOrganizationId: "org-1",
      bothWays: false,
      categories: ["IMMIGRATION", "LOCATION"],
      purposes: ["SERVICE_REFERRAL"],
      validFrom: day("2026-01-01"),
      validUntil: null,
      status: "ACTIVE",
    },
  ],
  consents: [
    {
      id: "con-1",
      survivorId: "s1",
      grantee: { organizationId: "org-1" },
      categories: ["IMMIGRATION"],
      purposes: ["SERVICE_REFERRAL"],
      validFrom: day("2026-01-01"),
      validUntil: null,
      withdrawnAt: null,
    },
  ],
};

const caller: RequestCaller = {
  principal: { kind: "member", id: "member-1", organizationId: "org-1", organizationKind: "SHELTER", roles: ["CASEWORKER"], purpose: "SERVICE_REFERRAL" },
  emergencyJustification: null,
  requestId: "request-1",
  operationName: null,
};

const QUERY = `{ survivors { id profiles { ... on ResidentProfile { bedNumber } ... on LegalProfile { immigrationStatus } } } }`;

function setUp(options: { facts?: () => Promise<NonNullable<DecisionFacts>>; ledger?: (d: Disclosure) => Promise<{ seq: string; hash: string }> } = {}) {
  const factsCalls: FactsQuery[] = [];
  const appended: Disclosure[] = [];
  const enforcement = new ConsentEnforcement(policy, {
    facts: async (query) => {
      factsCalls.push(query);
      return options.facts ? options.facts() : FACTS;
    },
    ledger: async (disclosure) => {
      appended.push(disclosure);
      return options.ledger ? options.ledger(disclosure) : { seq: String(appended.length), hash: "h" };
    },
    logger: createLogger("test", "silent"),
    now: () => day("2026-11-28"),
  });
  return { enforcement, factsCalls, appended };
}

/** The pipeline's consent steps (gateway/pipeline.ts) on one executed response; what would leave. */
async function enforce(enforcement: ConsentEnforcement, query: string, writes: readonly WriteDisclosure[] = [], as: RequestCaller = caller) {
  const run = runShaped(query);
  const state: OperationState = {
    // The steps read the caller from the context and nothing of Apollo's request.
    request: {} as OperationState["request"],
    context: {
      principal: as.principal,
      emergencyJustification: as.emergencyJustification,
      requestId: as.requestId,
      signer: { sign: () => Promise.reject(new Error("no fetch here")) },
    },
    variables: {},
    shaped: run.shaped,
    executed: run.executed,
    writes: [...writes],
  };
  for (const step of consentSteps(enforcement)) await step(state);
  return state.rebuilt!;
}

describe("consent enforcement on one response (in-memory facts and ledger)", () => {
  it("decides each record by its own subject and owner, with one facts call and one ledger entry for the whole response", async () => {
    const { enforcement, factsCalls, appended } = setUp();
    const rebuilt = await enforce(enforcement, QUERY);
    expect(rebuilt.data).toEqual({
      survivors: [
        // rp1 is the caller's own; lp1 is org-2's, shared by the agreement with s1's consent.
        { id: "s1", profiles: [{ bedNumber: 7 }, { immigrationStatus: "T-visa pending" }] },
        // lp2 is the caller's own; rp2 is org-2's and s2 gave no consent.
        { id: "s2", profiles: [{ immigrationStatus: "U-visa granted" }, { bedNumber: null }] },
      ],
    });
    expect(rebuilt.errors).toEqual([{ message: stringMatching(/^Withheld: /), path: ["survivors", 1, "profiles", 1, "bedNumber"], extensions: { code: "CONSENT_REQUIRED" } }]);
    expect(factsCalls).toHaveLength(1);
    expect(new Set(factsCalls[0]!.survivorIds)).toEqual(new Set(["s1", "s2"]));
    expect(new Set(factsCalls[0]!.ownerOrganizationIds)).toEqual(new Set(["org-1", "org-2"]));
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({ actorId: "member-1", actorKind: "member", organizationId: "org-1", purpose: "SERVICE_REFERRAL", emergencyJustification: null });
    expect(appended[0]!.requestId).toMatch(/^request-1\./);
    const items = [...appended[0]!.items].sort((a, b) => (a.survivorId! + a.recordType < b.survivorId! + b.recordType ? -1 : 1));
    expect(items).toEqual([
      {
        recordType: "LegalProfile",
        recordId: null,
        survivorId: "s1",
        ownerOrganizationId: "org-2",
        category: "IMMIGRATION",
        fields: ["immigrationStatus"],
        released: true,
        code: null,
        basis: "AGREEMENT",
        agreementId: "agr-1",
        consentId: "con-1",
      },
      {
        recordType: "ResidentProfile",
        recordId: null,
        survivorId: "s1",
        ownerOrganizationId: "org-1",
        category: "LOCATION",
        fields: ["bedNumber"],
        released: true,
        code: null,
        basis: "OWNER",
        agreementId: null,
        consentId: null,
      },
      {
        recordType: "LegalProfile",
        recordId: null,
        survivorId: "s2",
        ownerOrganizationId: "org-1",
        category: "IMMIGRATION",
        fields: ["immigrationStatus"],
        released: true,
        code: null,
        basis: "OWNER",
        agreementId: null,
        consentId: null,
      },
      {
        recordType: "ResidentProfile",
        recordId: null,
        survivorId: "s2",
        ownerOrganizationId: "org-2",
        category: "LOCATION",
        fields: ["bedNumber"],
        released: false,
        code: "CONSENT_REQUIRED",
        basis: null,
        agreementId: null,
        consentId: null,
      },
    ]);
  });

  it("asks nothing and writes nothing when no sensitive field came back", async () => {
    const { enforcement, factsCalls, appended } = setUp();
    const rebuilt = await enforce(enforcement, `{ survivors { id pseudonym profiles { ... on ResidentProfile { id openedOn } } } }`);
    expect(rebuilt.errors).toEqual([]);
    expect(factsCalls).toHaveLength(0);
    expect(appended).toHaveLength(0);
  });

  it("aliases of the same field on the same record make one ledger item, not one per alias", async () => {
    const { enforcement, appended } = setUp();
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: bedNumber`).join(" ");
    await enforce(enforcement, `{ survivor(id: "s1") { residentProfile { ${aliases} } } }`);
    expect(appended).toHaveLength(1);
    expect(appended[0]!.items).toEqual([expect.objectContaining({ recordType: "ResidentProfile", fields: ["bedNumber"], released: true })]);
  });

  it("fails closed when the facts cannot be had: every sensitive field withheld, the caller's own included, and the denials recorded", async () => {
    const { enforcement, appended } = setUp({ facts: () => Promise.reject(new Error("network down")) });
    const rebuilt = await enforce(enforcement, QUERY);
    expect(rebuilt.data).toEqual({
      survivors: [
        { id: "s1", profiles: [{ bedNumber: null }, { immigrationStatus: null }] },
        { id: "s2", profiles: [{ immigrationStatus: null }, { bedNumber: null }] },
      ],
    });
    expect(rebuilt.errors.map((e) => e.extensions?.code)).toEqual(Array(4).fill("POLICY_UNAVAILABLE"));
    expect(appended).toHaveLength(1);
    expect(appended[0]!.items.every((item) => !item.released && item.code === "POLICY_UNAVAILABLE")).toBe(true);
  });

  it("releases nothing sensitive when the disclosure cannot be recorded", async () => {
    const { enforcement, appended } = setUp({ ledger: () => Promise.reject(new Error("ledger down")) });
    const rebuilt = await enforce(enforcement, QUERY);
    expect(appended).toHaveLength(1);
    expect(rebuilt.released.filter((r) => r.fieldName === "bedNumber" || r.fieldName === "immigrationStatus")).toEqual([]);
    expect(rebuilt.errors.map((e) => e.extensions?.code)).toEqual(Array(4).fill("POLICY_UNAVAILABLE"));
    expect(JSON.stringify(rebuilt.data)).not.toMatch(/visa|"bedNumber":\d/);
  });

  it("records what a gate let a write disclose as one more item of the same entry, for the record the write answered only", async () => {
    const { enforcement, appended } = setUp();
    const item = {
      recordType: "LegalProfile",
      survivorId: "s1",
      ownerOrganizationId: "org-2",
      category: "IDENTITY",
      fields: ["survivorId"],
      released: true,
      code: null,
      basis: "AGREEMENT",
      agreementId: "agr-1",
      consentId: "con-9",
    } as const;
    await enforce(enforcement, `{ node(id: "lp1") { ... on LegalProfile { immigrationStatus } } }`, [
      { fieldName: "node", match: { survivorId: "s1" }, item: { ...item, fields: [...item.fields] } },
      // Not the record it answered: nothing.
      { fieldName: "node", match: { survivorId: "s2" }, item: { ...item, fields: [...item.fields], survivorId: "s2" } },
    ]);
    expect(appended).toHaveLength(1);
    // The answer's id: this kit fetches none on records (the gateway's record fields hold it; survivor-writes.test.ts reads it back).
    expect(appended[0]!.items.filter((entry) => entry.fields.includes("survivorId"))).toEqual([{ ...item, recordId: null }]);
  });

  it("never asks for facts for a caller without an organisation, and withholds", async () => {
    const { enforcement, factsCalls } = setUp();
    const rebuilt = await enforce(enforcement, QUERY, [], { ...caller, principal: { ...caller.principal, organizationId: null } });
    expect(factsCalls).toHaveLength(0);
    expect(rebuilt.errors.map((e) => e.extensions?.code)).toEqual(Array(4).fill("POLICY_UNAVAILABLE"));
  });
});
