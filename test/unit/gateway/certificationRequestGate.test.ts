/**
 * The gate before `requestCertification` on its own, with stand-ins for the subgraphs: what it asks,
 * and that it fails closed — every fact it cannot have refuses the write with POLICY_UNAVAILABLE
 * (503), and a survivor the rule hides from the caller is answered as one that does not exist.
 * (The whole path, over HTTP: test/integration/survivor-writes.test.ts.)
 */
import { buildSchema, GraphQLError, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import type { Agreement, Consent } from "../../../policy/facts.js";
import { certificationRequestGate, NO_SUCH_SURVIVOR, type CertificationRequestGateSources } from "../../../gateway/gates/certificationRequestGate.js";
import type { GateApproval } from "../../../gateway/gates/mutationGate.js";
import { DEMO_ORGS, DEMO_SERVICES, DEMO_SURVIVORS } from "../../../vocabulary/demoIds.js";
import { demoPrincipal } from "../../support/fixtures.js";

const schema = buildSchema(`
  type Query { ping: Int }
  input RequestCertificationInput { survivorId: ID! referralId: ID liaisonUnitId: ID! kind: String! dueDate: String! idempotencyKey: String! }
  type CertificationRequest { id: ID! }
  type Mutation { requestCertification(input: RequestCertificationInput!): CertificationRequest! }
`);

const NOW = new Date("2026-06-01T12:00:00Z");
const EARLIER = new Date("2026-01-01T00:00:00Z");
const requester = demoPrincipal("legal-caseworker", "CERTIFICATION");
const AGREEMENT_ID = "00000000-0000-4000-8000-000000009001";
const CONSENT_ID = "00000000-0000-4000-8000-000000009002";
const toLiaison: Agreement = {
  id: AGREEMENT_ID,
  fromOrganizationId: DEMO_ORGS.fictionalLegalAid,
  toOrganizationId: DEMO_ORGS.demoCityLiaison,
  bothWays: false,
  categories: ["IDENTITY"],
  purposes: ["CERTIFICATION"],
  validFrom: EARLIER,
  validUntil: null,
  status: "ACTIVE",
};
const cedarToLiaison: Consent = {
  id: CONSENT_ID,
  survivorId: DEMO_SURVIVORS.cedar,
  grantee: { organizationId: DEMO_ORGS.demoCityLiaison },
  categories: ["IDENTITY"],
  purposes: ["CERTIFICATION"],
  validFrom: EARLIER,
  validUntil: null,
  withdrawnAt: null,
};

/** Stand-ins answering as the network and law enforcement would for Cedar (legal aid's own), the city unit and the facts above; each can be replaced. */
function sources(change: Partial<CertificationRequestGateSources> = {}): CertificationRequestGateSources & { asked: string[] } {
  const asked: string[] = [];
  const answer = <T>(value: unknown) => Promise.resolve(value as T);
  return {
    asked,
    networkAs: <T>() => {
      asked.push("survivor");
      return answer<T>({ survivor: { id: DEMO_SURVIVORS.cedar, ownerOrganizationId: DEMO_ORGS.fictionalLegalAid } });
    },
    lawEnforcement: <T>() => {
      asked.push("unit");
      return answer<T>({ liaisonUnit: { id: DEMO_SERVICES.cityLiaison, organization: { id: DEMO_ORGS.demoCityLiaison } } });
    },
    network: <T>(query: string) => {
      asked.push(query.includes("organization(") ? "organization" : "referral");
      return answer<T>(query.includes("organization(") ? { organization: { id: DEMO_ORGS.demoCityLiaison, kind: "LAW_ENFORCEMENT_LIAISON" } } : { _referralParties: null });
    },
    facts: ({ callerOrganizationId }) => {
      asked.push(`facts:${callerOrganizationId}`);
      return Promise.resolve(callerOrganizationId === DEMO_ORGS.demoCityLiaison ? { consents: [cedarToLiaison], agreements: [toLiaison] } : { consents: [], agreements: [] });
    },
    now: () => NOW,
    ...change,
  };
}

const input = (change: Record<string, unknown> = {}) => ({
  survivorId: DEMO_SURVIVORS.cedar,
  liaisonUnitId: DEMO_SERVICES.cityLiaison,
  kind: "T_VISA",
  dueDate: "2026-07-01",
  idempotencyKey: "a-key-of-the-client",
  ...change,
});

function run(
  given: CertificationRequestGateSources,
  variables: Record<string, unknown>,
  document = `mutation($input: RequestCertificationInput!) { requestCertification(input: $input) { id } }`,
  principal = requester,
) {
  const operation = parse(document).definitions[0] as OperationDefinitionNode;
  return certificationRequestGate(given)({ schema, operation, variables, principal, emergencyJustification: null, requestId: "req-1" });
}

const codeOf = (verdict: unknown) => (verdict instanceof GraphQLError ? verdict.extensions.code : verdict);
const failing = () => Promise.reject(new Error("down"));

describe("the gate before requestCertification", () => {
  it("lets a request go when the rule releases the survivor's IDENTITY to the liaison organisation, naming the disclosure for the ledger", async () => {
    const verdict = (await run(sources(), { input: input() })) as GateApproval;
    expect(verdict.disclosures).toEqual([
      {
        fieldName: "requestCertification",
        match: { survivorId: DEMO_SURVIVORS.cedar, liaisonOrganizationId: DEMO_ORGS.demoCityLiaison },
        item: {
          recordType: "CertificationRequest",
          survivorId: DEMO_SURVIVORS.cedar,
          ownerOrganizationId: DEMO_ORGS.fictionalLegalAid,
          category: "IDENTITY",
          fields: ["survivorId"],
          released: true,
          code: null,
          basis: "AGREEMENT",
          agreementId: AGREEMENT_ID,
          consentId: CONSENT_ID,
        },
      },
    ]);
  });

  it.each([
    ["the survivor lookup", { networkAs: failing }],
    ["the unit lookup", { lawEnforcement: failing }],
    ["the facts", { facts: failing }],
    ["the liaison organisation", { network: failing }],
    ["an answer of the wrong shape", { lawEnforcement: <T>() => Promise.resolve({ liaisonUnit: { id: 1 } } as T) }],
  ] as const)("fails closed when %s cannot be had: POLICY_UNAVAILABLE, 503", async (_what, change) => {
    const verdict = await run(sources(change), { input: input() });
    expect(verdict).toBeInstanceOf(GraphQLError);
    expect((verdict as GraphQLError).extensions).toMatchObject({ code: "POLICY_UNAVAILABLE", http: { status: 503 } });
  });

  it("fails closed when the liaison organisation is not in the network", async () => {
    const given = sources({ network: <T>() => Promise.resolve({ organization: null } as T) });
    expect(codeOf(await run(given, { input: input() }))).toBe("POLICY_UNAVAILABLE");
  });

  it("answers a survivor the row lookup finds but the rule hides exactly as one it does not find", async () => {
    const elsewhere = sources({ networkAs: <T>() => Promise.resolve({ survivor: { id: DEMO_SURVIVORS.birch, ownerOrganizationId: DEMO_ORGS.northstar } } as T) });
    const hidden = await run(elsewhere, { input: input({ survivorId: DEMO_SURVIVORS.birch }) });
    const nobody = sources({ networkAs: <T>() => Promise.resolve({ survivor: null } as T) });
    const none = await run(nobody, { input: input({ survivorId: DEMO_SURVIVORS.birch }) });
    expect(JSON.stringify(hidden)).toBe(JSON.stringify(none));
    expect((none as GraphQLError).message).toBe(NO_SUCH_SURVIVOR);
    expect(nobody.asked).not.toContain("facts:" + DEMO_ORGS.fictionalLegalAid);
  });

  it("refuses the whole operation when any of its requests is refused", async () => {
    const two = `mutation($a: RequestCertificationInput!, $b: RequestCertificationInput!) { a: requestCertification(input: $a) { id } ... on Mutation { b: requestCertification(input: $b) { id } } }`;
    const facts = sources().facts;
    const given = sources({
      // Dahlia gave no consent to the liaison unit.
      facts: async (query, requestId) => ({ ...(await facts(query, requestId)), ...(query.survivorIds.includes(DEMO_SURVIVORS.dahlia) ? { consents: [] } : {}) }),
    });
    expect(codeOf(await run(given, { a: input(), b: input({ survivorId: DEMO_SURVIVORS.dahlia }) }, two))).toBe("CONSENT_REQUIRED");
  });

  it("leaves malformed ids and arguments that do not coerce to the subgraph, which refuses the input whole", async () => {
    const given = sources();
    expect(await run(given, { input: input({ survivorId: "not-an-id" }) })).toBeNull();
    expect(await run(given, { input: input({ referralId: "42" }) })).toBeNull();
    expect(await run(given, { input: { survivorId: DEMO_SURVIVORS.cedar } })).toBeNull();
    expect(given.asked).toEqual([]);
  });

  it("asks nothing of an operation without the field, and of a caller without an organisation knows no survivor", async () => {
    const given = sources();
    expect(await run(given, {}, `mutation { __typename }`)).toBeNull();
    expect(given.asked).toEqual([]);
    expect(((await run(given, { input: input() }, undefined, { ...requester, organizationId: null, organizationKind: null })) as GraphQLError).message).toBe(NO_SUCH_SURVIVOR);
  });
});
