import { createHash, randomUUID } from "node:crypto";
import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSERTION_ERROR_CODES, ASSERTION_HEADER, ASSERTION_ISSUER, createAssertionSigner } from "../../platform/assertion.js";
import { DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import type { Principal } from "../../vocabulary/principal.js";
import { SUBGRAPH_NAMES } from "../../vocabulary/subgraphs.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork();
});

afterAll(async () => {
  await network?.stop();
});

const HARBOR_CASEWORKER: Principal = {
  kind: "member",
  id: "00000000-0000-4000-8000-000000000201",
  organizationId: DEMO_ORGS.harborLight,
  organizationKind: "SHELTER",
  roles: ["CASEWORKER"],
  purpose: "SERVICE_REFERRAL",
};

const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Survivor { residentProfiles { legalName phone } } } }`;
const entityVariables = { representations: [{ __typename: "Survivor", id: DEMO_SURVIVORS.aster }] };

async function callSubgraph(name: string, body: { query: string; variables?: Record<string, unknown> }, headers: Record<string, string> = {}) {
  const url = network.subgraphs.get(name as never)!.graphqlUrl;
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
}

describe("subgraphs answer only the gateway", () => {
  it.each(
    SUBGRAPH_NAMES.flatMap(
      (name) =>
        [
          [name, "_service", { query: "{ _service { sdl } }" }],
          [name, "_entities", { query: ENTITIES, variables: entityVariables }],
          [name, "__typename", { query: "{ __typename }" }],
        ] as const,
    ),
  )("%s refuses %s without an assertion, from localhost too (401)", async (name, _what, body) => {
    const response = await callSubgraph(name, body);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      errors: [{ message: "This service only answers requests signed by the gateway", extensions: { code: ASSERTION_ERROR_CODES.ASSERTION_MISSING } }],
    });
  });

  it("ignores identity headers it did not verify", async () => {
    const response = await callSubgraph(
      "shelters",
      { query: ENTITIES, variables: entityVariables },
      {
        "x-user-id": HARBOR_CASEWORKER.id,
        "x-organization-id": DEMO_ORGS.harborLight,
        "x-roles": "CASEWORKER",
        "x-forwarded-for": "127.0.0.1",
      },
    );
    expect(response.status).toBe(401);
    expect(response.body.errors![0]!.extensions!.code).toBe(ASSERTION_ERROR_CODES.ASSERTION_MISSING);
  });

  it("answers a correctly signed request (the control for the cases below)", async () => {
    const signer = createAssertionSigner(network.assertionKeys.privateKey);
    const body = { query: ENTITIES, variables: entityVariables };
    const assertion = await signer.sign("shelters", HARBOR_CASEWORKER, body, randomUUID());
    const response = await callSubgraph("shelters", body, { [ASSERTION_HEADER]: assertion });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { _entities: [{ residentProfiles: [{ legalName: "Invented Person Aster (demo)", phone: "+1-555-0150" }] }] } });
  });

  it("refuses an assertion signed with another key (forged)", async () => {
    const forger = createAssertionSigner((await generateKeyPair("EdDSA")).privateKey);
    const body = { query: ENTITIES, variables: entityVariables };
    const response = await callSubgraph("shelters", body, { [ASSERTION_HEADER]: await forger.sign("shelters", HARBOR_CASEWORKER, body, randomUUID()) });
    expect(response.status).toBe(401);
    expect(response.body.errors![0]!.extensions!.code).toBe(ASSERTION_ERROR_CODES.ASSERTION_INVALID);
  });

  it("refuses an expired assertion", async () => {
    const body = { query: ENTITIES, variables: entityVariables };
    const hash = (text: string) => createHash("sha256").update(text).digest("base64url");
    const past = Math.floor(Date.now() / 1000) - 120;
    const expired = await new SignJWT({ prn: HARBOR_CASEWORKER, rid: randomUUID(), qh: hash(body.query), vh: hash(JSON.stringify(body.variables)) })
      .setProtectedHeader({ alg: "EdDSA", typ: "srn-assertion+jwt" })
      .setIssuer(ASSERTION_ISSUER)
      .setAudience("shelters")
      .setIssuedAt(past - 30)
      .setExpirationTime(past)
      .setJti(randomUUID())
      .sign(network.assertionKeys.privateKey);
    const response = await callSubgraph("shelters", body, { [ASSERTION_HEADER]: expired });
    expect(response.status).toBe(401);
    expect(response.body.errors![0]!.extensions!.code).toBe(ASSERTION_ERROR_CODES.ASSERTION_EXPIRED);
  });

  it("refuses a replayed assertion", async () => {
    const signer = createAssertionSigner(network.assertionKeys.privateKey);
    const body = { query: ENTITIES, variables: entityVariables };
    const assertion = await signer.sign("shelters", HARBOR_CASEWORKER, body, randomUUID());
    expect((await callSubgraph("shelters", body, { [ASSERTION_HEADER]: assertion })).status).toBe(200);
    const replay = await callSubgraph("shelters", body, { [ASSERTION_HEADER]: assertion });
    expect(replay.status).toBe(401);
    expect(replay.body.errors![0]!.extensions!.code).toBe(ASSERTION_ERROR_CODES.ASSERTION_REPLAYED);
  });

  it("refuses an assertion signed for another subgraph", async () => {
    const signer = createAssertionSigner(network.assertionKeys.privateKey);
    const body = { query: ENTITIES, variables: entityVariables };
    const response = await callSubgraph("shelters", body, { [ASSERTION_HEADER]: await signer.sign("legal-aid", HARBOR_CASEWORKER, body, randomUUID()) });
    expect(response.status).toBe(401);
    expect(response.body.errors![0]!.extensions!.code).toBe(ASSERTION_ERROR_CODES.ASSERTION_WRONG_AUDIENCE);
  });

  it("refuses an assertion signed for another request body (other query, other variables)", async () => {
    const signer = createAssertionSigner(network.assertionKeys.privateKey);
    const signedFor = { query: "{ __typename }" };
    const otherQuery = await callSubgraph(
      "shelters",
      { query: ENTITIES, variables: entityVariables },
      { [ASSERTION_HEADER]: await signer.sign("shelters", HARBOR_CASEWORKER, signedFor, randomUUID()) },
    );
    expect(otherQuery.status).toBe(401);
    expect(otherQuery.body.errors![0]!.extensions!.code).toBe(ASSERTION_ERROR_CODES.ASSERTION_REQUEST_MISMATCH);

    const signedVariables = { query: ENTITIES, variables: { representations: [{ __typename: "Survivor", id: DEMO_SURVIVORS.dahlia }] } };
    const otherVariables = await callSubgraph(
      "shelters",
      { query: ENTITIES, variables: entityVariables },
      { [ASSERTION_HEADER]: await signer.sign("shelters", HARBOR_CASEWORKER, signedVariables, randomUUID()) },
    );
    expect(otherVariables.status).toBe(401);
    expect(otherVariables.body.errors![0]!.extensions!.code).toBe(ASSERTION_ERROR_CODES.ASSERTION_REQUEST_MISMATCH);
  });

  it("keeps the gateway's internal membership lookup from any caller but the gateway itself", async () => {
    // Not in the gateway's API at all (@inaccessible)…
    const viaGateway = await network.query(`{ _principal(subject: "x") { id } }`);
    expect(viaGateway.status).toBe(400);
    expect(viaGateway.body.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
    // …and refused by the network subgraph to a signed member assertion.
    const signer = createAssertionSigner(network.assertionKeys.privateKey);
    const body = { query: `{ _principal(subject: "${HARBOR_CASEWORKER.id}") { id roles } }` };
    const direct = await callSubgraph("network", body, { [ASSERTION_HEADER]: await signer.sign("network", HARBOR_CASEWORKER, body, randomUUID()) });
    expect(direct.body).toMatchObject({ data: { _principal: null }, errors: [{ extensions: { code: "ROLE_FORBIDDEN" } }] });
  });
});
