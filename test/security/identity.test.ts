import { SignJWT, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTH_ERROR_CODES } from "../../gateway/auth/errors.js";
import { DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { databaseMode } from "../support/databases.js";
import { TEST_AUDIENCE, TEST_ISSUER } from "../support/issuer.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork();
});

afterAll(async () => {
  await network?.stop();
});

const DIRECTORY = "{ directory { shelterPrograms { totalCount } } }";

function b64(value: unknown) {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

describe(`callers are verified at the gateway (${databaseMode})`, () => {
  const caseworker = { subject: "00000000-0000-4000-8000-000000000201", organizationId: DEMO_ORGS.harborLight, roles: ["CASEWORKER"] };

  const cases: [string, () => Promise<Record<string, string>>, string][] = [
    ["no Authorization header", () => Promise.resolve({}), AUTH_ERROR_CODES.MISSING],
    ["a Basic credential", () => Promise.resolve({ authorization: "Basic YWxhZGRpbjpvcGVuc2VzYW1l" }), AUTH_ERROR_CODES.MALFORMED],
    ["a token that is not a JWT", () => Promise.resolve({ authorization: "Bearer not-a-jwt" }), AUTH_ERROR_CODES.MALFORMED],
    ["an expired token", async () => ({ authorization: `Bearer ${await network.issuer.sign({ ...caseworker, expiresIn: -120 })}` }), AUTH_ERROR_CODES.EXPIRED],
    [
      "a token for another audience",
      async () => ({ authorization: `Bearer ${await network.issuer.sign({ ...caseworker, audience: "another-api" })}` }),
      AUTH_ERROR_CODES.WRONG_AUDIENCE,
    ],
    [
      "a token from another issuer",
      async () => ({ authorization: `Bearer ${await network.issuer.sign({ ...caseworker, issuer: "https://evil.test.invalid" })}` }),
      AUTH_ERROR_CODES.WRONG_ISSUER,
    ],
    [
      "a token signed by a key the issuer does not have",
      async () => ({ authorization: `Bearer ${await network.issuer.sign(caseworker, (await generateKeyPair("EdDSA")).privateKey)}` }),
      AUTH_ERROR_CODES.BAD_SIGNATURE,
    ],
    [
      'an unsigned token ("alg": "none")',
      () =>
        Promise.resolve({
          authorization: `Bearer ${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: caseworker.subject, org: caseworker.organizationId, iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 })}.`,
        }),
      AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED,
    ],
    [
      "an HMAC token (key confusion)",
      async () => ({
        authorization: `Bearer ${await new SignJWT({ org: caseworker.organizationId })
          .setProtectedHeader({ alg: "HS256", kid: "test-key-1" })
          .setSubject(caseworker.subject)
          .setIssuer(TEST_ISSUER)
          .setAudience(TEST_AUDIENCE)
          .setExpirationTime("10m")
          .sign(new TextEncoder().encode("a-secret-anyone-could-guess-0123456789"))}`,
      }),
      AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED,
    ],
  ];

  it.each(cases)("refuses %s with HTTP 401 and its own code, echoing nothing", async (_label, headersOf, code) => {
    const headers = await headersOf();
    const response = await network.query(DIRECTORY, undefined, { as: null, headers });
    expect(response.status).toBe(401);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors![0]!.extensions).toEqual({ code });
    const token = headers.authorization?.split(" ")[1];
    if (token) expect(JSON.stringify(response.body)).not.toContain(token.slice(0, 20));
  });

  it("refuses a valid token whose subject is no member or client (401 PRINCIPAL_UNKNOWN)", async () => {
    const token = await network.issuer.sign({ subject: "someone-the-network-never-met", organizationId: DEMO_ORGS.harborLight });
    const response = await network.query(DIRECTORY, undefined, { as: { token } });
    expect(response.status).toBe(401);
    expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.PRINCIPAL_UNKNOWN);
  });

  it("refuses a token that claims another organisation than the member's (401 ORGANIZATION_MISMATCH)", async () => {
    const token = await network.issuer.tokenFor("harbor-caseworker", { organizationId: DEMO_ORGS.northstar });
    const response = await network.query(DIRECTORY, undefined, { as: { token } });
    expect(response.status).toBe(401);
    expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ORGANIZATION_MISMATCH);
  });

  it("never grants a role the member record lacks, whatever the token claims", async () => {
    const token = await network.issuer.tokenFor("harbor-caseworker", { roles: ["CASEWORKER", "ORG_ADMIN", "NETWORK_STEWARD"] });
    const response = await network.query(`query($id: ID!) { organization(id: $id) { name members { displayName } } }`, { id: DEMO_ORGS.harborLight }, { as: { token } });
    expect(response.body.data).toEqual({ organization: { name: "Harbor Light Shelter (demo)", members: null } });
    expect(response.body.errors).toEqual([{ message: "Your role does not allow this field", path: ["organization", "members"], extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } }]);
  });

  it("accepts a partner app's token for the directory", async () => {
    const response = await network.query(DIRECTORY, undefined, { as: "harbor-app" });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { directory: { shelterPrograms: { totalCount: 4 } } } });
  });
});

describe("purpose of use", () => {
  const SURVIVORS = "{ survivors { edges { node { pseudonym } } } }";

  it("is required for an operation that touches survivor records (400 PURPOSE_REQUIRED), whatever the alias or fragment", async () => {
    for (const query of [SURVIVORS, "{ x: survivors { totalCount } }", 'query { ...F } fragment F on Query { survivor(id: "00000000-0000-4000-8000-000000000301") { id } }']) {
      const response = await network.query(query);
      expect(response.status, query).toBe(400);
      expect(response.body.errors![0]!.extensions!.code, query).toBe(ERROR_CODES.PURPOSE_REQUIRED);
      expect(response.body.data ?? null, query).toBeNull();
    }
  });

  it("is refused when it is not one of the known purposes (400 PURPOSE_INVALID)", async () => {
    const response = await network.query(SURVIVORS, undefined, { purpose: "CURIOSITY" });
    expect(response.status).toBe(400);
    expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.PURPOSE_INVALID);
  });

  it("is not needed for the directory", async () => {
    const response = await network.query(DIRECTORY);
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
  });

  it("lets a declared purpose through", async () => {
    const response = await network.query<{ survivors: { edges: { node: { pseudonym: string } }[] } }>(SURVIVORS, undefined, { purpose: "SERVICE_REFERRAL" });
    expect(response.status).toBe(200);
    expect(response.body.data!.survivors.edges.map((e) => e.node.pseudonym)).toEqual(["Demo Survivor Aster", "Demo Survivor Dahlia"]);
  });
});

describe("row scoping: one organisation cannot reach another's survivors or members", () => {
  const purpose = "SERVICE_REFERRAL";

  it("lists only the survivors of the caller's own organisation", async () => {
    const harbor = await network.query<{ survivors: { totalCount: number; edges: { node: { id: string } }[] } }>("{ survivors { totalCount edges { node { id } } } }", undefined, {
      purpose,
    });
    expect(harbor.body.data!.survivors.edges.map((e) => e.node.id)).toEqual([DEMO_SURVIVORS.aster, DEMO_SURVIVORS.dahlia]);
    expect(harbor.body.data!.survivors.totalCount).toBe(2);
    const northstar = await network.query<{ survivors: { edges: { node: { id: string } }[] } }>("{ survivors { edges { node { id } } } }", undefined, {
      as: "northstar-caseworker",
      purpose,
    });
    expect(northstar.body.data!.survivors.edges.map((e) => e.node.id)).toEqual([DEMO_SURVIVORS.birch]);
  });

  it.each([
    ["by id", `query($id: ID!) { survivor(id: $id) { id pseudonym residentProfiles { legalName } } }`, { survivor: null }],
    ["by alias", `query($id: ID!) { pseudonym: survivor(id: $id) { id __typename: pseudonym } }`, { pseudonym: null }],
    ["by named fragment", `query($id: ID!) { ...S } fragment S on Query { survivor(id: $id) { ... on Survivor { pseudonym } } }`, { survivor: null }],
    ["by inline fragment", `query($id: ID!) { ... on Query { s: survivor(id: $id) { residentProfiles { legalName phone } } } }`, { s: null }],
  ])("does not show another organisation's survivor %s", async (_how, query, expected) => {
    const response = await network.query(query, { id: DEMO_SURVIVORS.birch }, { purpose });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual(expected);
    expect(JSON.stringify(response.body)).not.toMatch(/Birch/);
  });

  it("does not show another organisation's members, by alias or fragment either", async () => {
    for (const query of [
      `query($id: ID!) { organization(id: $id) { members { displayName } } }`,
      `query($id: ID!) { o: organization(id: $id) { m: members { e: email } } }`,
      `query($id: ID!) { organization(id: $id) { ...M } } fragment M on Organization { members { displayName email } }`,
    ]) {
      const response = await network.query<{ [k: string]: { [k: string]: unknown } }>(query, { id: DEMO_ORGS.northstar }, { as: "harbor-admin" });
      expect(JSON.stringify(response.body), query).not.toMatch(/Noor|northstar\.example/);
      expect(response.body.errors?.[0]?.extensions?.code, query).toBe(ERROR_CODES.OUT_OF_SCOPE);
    }
  });

  it("scopes partner subgraphs' root lists to the caller's own organisation", async () => {
    const harbor = await network.query("{ residentProfiles { totalCount edges { node { legalName ownerOrganizationId } } } }", undefined, { purpose });
    expect(harbor.body).toEqual({
      data: { residentProfiles: { totalCount: 1, edges: [{ node: { legalName: "Invented Person Aster (demo)", ownerOrganizationId: DEMO_ORGS.harborLight } }] } },
    });
    const northstar = await network.query("{ residentProfiles { edges { node { legalName } } } legalProfiles { totalCount } }", undefined, { as: "northstar-caseworker", purpose });
    expect(northstar.body).toEqual({
      data: { residentProfiles: { edges: [{ node: { legalName: "Invented Person Birch (demo)" } }] }, legalProfiles: { totalCount: 0 } },
    });
  });

  it("shows an organisation admin their own members", async () => {
    const response = await network.query(`query($id: ID!) { organization(id: $id) { members { displayName email } } }`, { id: DEMO_ORGS.harborLight }, { as: "harbor-admin" });
    expect(response.body).toEqual({
      data: {
        organization: {
          members: [
            { displayName: "Alex Admin (demo)", email: "alex@harbor-light.example.org" },
            { displayName: "Casey Caseworker (demo)", email: "casey@harbor-light.example.org" },
          ],
        },
      },
    });
  });
});
