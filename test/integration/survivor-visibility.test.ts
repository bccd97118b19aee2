import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSERTION_HEADER, createAssertionSigner } from "../../platform/assertion.js";
import { DEMO_MEMBERS, DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import type { Principal } from "../../vocabulary/principal.js";
import { databaseMode } from "../support/databases.js";
import type { DemoPrincipalKey } from "../support/issuer.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork();
});

afterAll(async () => {
  await network?.stop();
});

const purpose = "SERVICE_REFERRAL";
const RECORD = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id status } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawConsent(id: $id, reason: "Survivor asked to stop sharing (demo)") { id status } }`;
const LIST = `{ survivors(first: 100) { totalCount edges { node { id } } } }`;
const ONE = `query($id: ID!) { survivor(id: $id) { id pseudonym registeredBy { id } } }`;

async function listed(as: DemoPrincipalKey): Promise<string[]> {
  const response = await network.query<{ survivors: { totalCount: number; edges: { node: { id: string } }[] } }>(LIST, {}, { as, purpose });
  expect(response.body.errors).toBeUndefined();
  const ids = response.body.data!.survivors.edges.map((e) => e.node.id);
  expect(response.body.data!.survivors.totalCount).toBe(ids.length);
  return ids.sort();
}

async function byId(as: DemoPrincipalKey, id: string = DEMO_SURVIVORS.aster) {
  const response = await network.query<{ survivor: { id: string; pseudonym: string; registeredBy: { id: string } } | null }>(ONE, { id }, { as, purpose });
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.survivor;
}

/**
 * Harbor Light (Aster's organisation) records a consent for Aster: by default IDENTITY (that the
 * survivor exists, who they are) and CONTACT, for the purpose these tests ask with.
 */
async function consent(
  grantee: { granteeOrganizationId: string } | { granteeKind: string },
  period: { validFrom?: string; validUntil?: string } = {},
  scope: { categories?: string[]; purposes?: string[] } = {},
): Promise<string> {
  const response = await network.query<{ recordConsent: { id: string; status: string } }>(
    RECORD,
    {
      input: {
        survivorId: DEMO_SURVIVORS.aster,
        categories: ["IDENTITY", "CONTACT"],
        purposes: [purpose, "LEGAL_REPRESENTATION"],
        method: "VERBAL",
        language: "en",
        ...grantee,
        ...period,
        ...scope,
      },
    },
    { as: "harbor-caseworker", purpose },
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.recordConsent.id;
}

const LEGAL_CASEWORKER: Principal = {
  kind: "member",
  id: DEMO_MEMBERS.legalAidCaseworker,
  organizationId: DEMO_ORGS.fictionalLegalAid,
  organizationKind: "LEGAL_AID",
  roles: ["CASEWORKER"],
  purpose,
};

/** A federation reference to Aster, resolved by the network subgraph as it would be for another subgraph's record. */
async function reference(principal: Principal): Promise<unknown[]> {
  const body = {
    query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Survivor { id pseudonym } } }`,
    variables: { r: [{ __typename: "Survivor", id: DEMO_SURVIVORS.aster }] },
  };
  const signer = createAssertionSigner(network.assertionKeys.privateKey);
  const response = await fetch(network.subgraphs.get("network")!.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", [ASSERTION_HEADER]: await signer.sign("network", principal, body, randomUUID()) },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { data: { _entities: unknown[] }; errors?: unknown };
  expect(answer.errors).toBeUndefined();
  return answer.data._entities;
}

async function withdraw(id: string) {
  const response = await network.query(WITHDRAW, { id }, { as: "harbor-caseworker", purpose });
  expect(response.body.errors).toBeUndefined();
}

describe(`which organisations see a survivor (${databaseMode})`, () => {
  it("shows a survivor to their own organisation only, when no consent names another", async () => {
    expect(await listed("harbor-caseworker")).toEqual([DEMO_SURVIVORS.aster, DEMO_SURVIVORS.dahlia].sort());
    expect(await listed("legal-caseworker")).toEqual([DEMO_SURVIVORS.cedar]);
    expect(await byId("legal-caseworker")).toBeNull();
    expect(await reference(LEGAL_CASEWORKER)).toEqual([null]);
    expect(await byId("harbor-caseworker")).toMatchObject({ id: DEMO_SURVIVORS.aster, registeredBy: { id: DEMO_ORGS.harborLight } });
  });

  it("shows the survivor to the organisation a consent names, by list and by id, and hides it on the very next request after withdrawal", async () => {
    const id = await consent({ granteeOrganizationId: DEMO_ORGS.fictionalLegalAid });
    expect(await listed("legal-caseworker")).toEqual([DEMO_SURVIVORS.aster, DEMO_SURVIVORS.cedar].sort());
    expect(await byId("legal-caseworker")).toEqual({ id: DEMO_SURVIVORS.aster, pseudonym: "Demo Survivor Aster", registeredBy: { id: DEMO_ORGS.harborLight } });
    expect(await reference(LEGAL_CASEWORKER)).toEqual([{ id: DEMO_SURVIVORS.aster, pseudonym: "Demo Survivor Aster" }]);
    // Another organisation of the same kind is not named.
    expect(await byId("clinic-admin")).toBeNull();
    expect(await listed("clinic-admin")).toEqual([]);

    await withdraw(id);
    expect(await byId("legal-caseworker")).toBeNull();
    expect(await listed("legal-caseworker")).toEqual([DEMO_SURVIVORS.cedar]);
    expect(await reference(LEGAL_CASEWORKER)).toEqual([null]);
  });

  it("shows the survivor to every organisation of the kind a consent names that holds an agreement covering IDENTITY, and to no other kind", async () => {
    const id = await consent({ granteeKind: "LEGAL_AID" });
    // Fictional Legal Aid holds an agreement with Harbor Light that shares IDENTITY for the purpose.
    expect(await byId("legal-caseworker")).toMatchObject({ id: DEMO_SURVIVORS.aster });
    expect(await listed("legal-caseworker")).toEqual([DEMO_SURVIVORS.aster, DEMO_SURVIVORS.cedar].sort());
    // The Justice Clinic is of the kind but holds no agreement with Harbor Light: the consent alone does not show the survivor.
    expect(await byId("clinic-admin")).toBeNull();
    expect(await listed("clinic-admin")).toEqual([]);
    // Another kind is not named.
    expect(await byId("city-liaison")).toBeNull();
    expect(await byId("northstar-caseworker")).toBeNull();

    await withdraw(id);
    expect(await byId("legal-caseworker")).toBeNull();
    expect(await listed("legal-caseworker")).toEqual([DEMO_SURVIVORS.cedar]);
  });

  it("does not count a consent that leaves out IDENTITY or the purpose asked with, nor one to an organisation without an agreement", async () => {
    const ids = [
      await consent({ granteeOrganizationId: DEMO_ORGS.fictionalLegalAid }, {}, { categories: ["CONTACT"] }),
      await consent({ granteeOrganizationId: DEMO_ORGS.fictionalLegalAid }, {}, { purposes: ["LEGAL_REPRESENTATION"] }),
      await consent({ granteeOrganizationId: DEMO_ORGS.exampleJusticeClinic }),
    ];
    expect(await byId("legal-caseworker")).toBeNull();
    expect(await listed("legal-caseworker")).toEqual([DEMO_SURVIVORS.cedar]);
    expect(await reference(LEGAL_CASEWORKER)).toEqual([null]);
    expect(await byId("clinic-admin")).toBeNull();
    // The purpose the consent does name shows the survivor.
    const forRepresentation = await network.query<{ survivor: { id: string } | null }>(
      ONE,
      { id: DEMO_SURVIVORS.aster },
      { as: "legal-caseworker", purpose: "LEGAL_REPRESENTATION" },
    );
    expect(forRepresentation.body.errors).toBeUndefined();
    expect(forRepresentation.body.data!.survivor).toMatchObject({ id: DEMO_SURVIVORS.aster });
    for (const id of ids) await withdraw(id);
  });

  it("does not count a consent that has expired or has not started", async () => {
    // Fictional Legal Aid holds an agreement that would let such a consent count: only the dates stop it.
    await consent({ granteeOrganizationId: DEMO_ORGS.fictionalLegalAid }, { validFrom: "2026-01-01T00:00:00Z", validUntil: "2026-02-01T00:00:00Z" });
    await consent({ granteeOrganizationId: DEMO_ORGS.fictionalLegalAid }, { validFrom: "2099-01-01T00:00:00Z" });
    expect(await byId("legal-caseworker")).toBeNull();
    expect(await listed("legal-caseworker")).toEqual([DEMO_SURVIVORS.cedar]);
    expect(await reference(LEGAL_CASEWORKER)).toEqual([null]);
  });

  it("in an emergency, finds by id a survivor of an organisation the caller holds an agreement with, and lists nothing more", async () => {
    const emergency = { purpose: "EMERGENCY", headers: { "x-emergency-justification": "Invented emergency (demo): a missed safety check-in." } };
    const one = (as: DemoPrincipalKey) => network.query<{ survivor: { id: string } | null }>(ONE, { id: DEMO_SURVIVORS.aster }, { as, ...emergency });
    // Fictional Legal Aid holds an agreement with Harbor Light; there is no consent to it in force now.
    expect(await byId("legal-caseworker")).toBeNull();
    expect((await one("legal-caseworker")).body.data!.survivor).toMatchObject({ id: DEMO_SURVIVORS.aster });
    expect(await reference({ ...LEGAL_CASEWORKER, purpose: "EMERGENCY" })).toEqual([{ id: DEMO_SURVIVORS.aster, pseudonym: "Demo Survivor Aster" }]);
    const list = await network.query<{ survivors: { edges: { node: { id: string } }[] } }>(LIST, {}, { as: "legal-caseworker", ...emergency });
    expect(list.body.data!.survivors.edges.map((e) => e.node.id)).toEqual([DEMO_SURVIVORS.cedar]);
    // Northstar and the Justice Clinic hold no agreement with Harbor Light.
    expect((await one("northstar-caseworker")).body.data!.survivor).toBeNull();
    expect((await one("clinic-admin")).body.data!.survivor).toBeNull();
  });

  it("keeps the survivor's consents to their own organisation", async () => {
    const id = await consent({ granteeOrganizationId: DEMO_ORGS.fictionalLegalAid });
    const query = `query($id: ID!) { survivor(id: $id) { id consents { id granteeOrganizationId } } }`;

    const other = await network.query<{ survivor: { id: string; consents: unknown[] | null } }>(query, { id: DEMO_SURVIVORS.aster }, { as: "legal-caseworker", purpose });
    expect(other.body).toEqual({
      data: { survivor: { id: DEMO_SURVIVORS.aster, consents: null } },
      errors: [{ message: "Only the survivor's own organisation sees their consents", path: ["survivor", "consents"], extensions: { code: ERROR_CODES.OUT_OF_SCOPE } }],
    });

    const own = await network.query<{ survivor: { consents: { id: string }[] } }>(query, { id: DEMO_SURVIVORS.aster }, { as: "harbor-caseworker", purpose });
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data!.survivor.consents.map((c) => c.id)).toContain(id);

    // Seeing a survivor is not managing them: the other organisation can neither add nor withdraw consents.
    const record = await network.query(
      RECORD,
      {
        input: {
          survivorId: DEMO_SURVIVORS.aster,
          granteeOrganizationId: DEMO_ORGS.exampleJusticeClinic,
          categories: ["IDENTITY"],
          purposes: [purpose],
          method: "VERBAL",
          language: "en",
        },
      },
      { as: "legal-caseworker", purpose },
    );
    expect(record.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.NOT_FOUND);
    const withdrawal = await network.query(WITHDRAW, { id }, { as: "legal-caseworker", purpose });
    expect(withdrawal.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.NOT_FOUND);
    expect(await byId("legal-caseworker")).toMatchObject({ id: DEMO_SURVIVORS.aster });
  });
});
