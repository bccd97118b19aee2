import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientTokenKeyFile } from "../../gateway/auth/clientTokenKey.js";
import { AUTH_ERROR_CODES } from "../../gateway/auth/errors.js";
import { readGatewayConfig } from "../../gateway/config.js";
import { openDatabase } from "../../subgraphs/kit/database.js";
import { DEMO_MEMBERS, DEMO_ORGS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { createNetworkClient } from "../../subgraphs/network/db.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";
import { anyOf } from "../support/matchers.js";

// Partner-app clients with network-kept secrets, end to end through the real gateway: an admin
// creates a client (secret shown once, stored hashed), the app gets a token at POST
// /oauth/token (RFC 6749 §4.4) and queries the directory; rotation, revocation, forgeries, the
// rate limit. Every name here is invented.

const GATEWAY_ISSUER = "urn:srn:gateway";
const TOKEN_REQUESTS_PER_MINUTE = 10;

let network: TestNetwork;
let dataDir: string;

beforeAll(async () => {
  // The gateway keeps its client-token key under DATA_DIR/keys: a folder of this suite's own.
  dataDir = await mkdtemp(path.join(os.tmpdir(), "srn-client-credentials-"));
  network = await startTestNetwork({
    persistent: ["network"],
    gateway: {
      dataDir,
      // Each case comes from an address of its own (X-Forwarded-For from one trusted proxy), so
      // that the per-address budget of the token endpoint is each case's own.
      trustedProxyHops: 1,
      clientTokens: { ...readGatewayConfig({}).clientTokens, requestsPerMinutePerAddress: TOKEN_REQUESTS_PER_MINUTE },
    },
  });
});

afterAll(async () => {
  await network?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const CREATE = "mutation($name: String!) { createApiClient(input: { name: $name }) { clientId clientSecret client { id clientId name active hasClientSecret revokedAt } } }";
const ROTATE = "mutation($id: ID!) { rotateApiClientSecret(id: $id) { clientId clientSecret client { id secretRotatedAt } } }";
const REVOKE = "mutation($id: ID!, $reason: String!) { revokeApiClient(id: $id, reason: $reason) { id active hasClientSecret revokedAt } }";
const CLIENTS = "query($org: ID!) { organization(id: $org) { apiClients { id clientId name active hasClientSecret createdAt secretRotatedAt revokedAt } } }";
const DIRECTORY = "{ directory { shelterPrograms { totalCount } } }";

interface Credentials {
  clientId: string;
  clientSecret: string;
  client: { id: string; clientId: string; name: string; active: boolean; hasClientSecret: boolean; revokedAt: string | null };
}

/** Every secret any answer ever showed, to check that nothing else shows one. */
const secretsShown: string[] = [];

async function createClient(name: string, as: "harbor-admin" | "clinic-admin" = "harbor-admin"): Promise<Credentials> {
  const response = await network.query<{ createApiClient: Credentials }>(CREATE, { name }, { as });
  expect(response.body.errors, JSON.stringify(response.body)).toBeUndefined();
  const created = response.body.data!.createApiClient;
  secretsShown.push(created.clientSecret);
  return created;
}

// Addresses from TEST-NET-2 (RFC 5737, documentation only), one per case.
let lastAddress = 0;
const newAddress = () => `198.51.100.${++lastAddress}`;

interface TokenResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function requestToken(
  form: Record<string, string> | string,
  options: { basic?: [string, string]; address?: string; headers?: Record<string, string>; method?: string } = {},
): Promise<TokenResponse> {
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    "x-forwarded-for": options.address ?? newAddress(),
    ...options.headers,
  };
  if (options.basic) {
    const [id, secret] = options.basic.map((part) => encodeURIComponent(part));
    headers.authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
  }
  const response = await fetch(`${network.gateway.url}/oauth/token`, {
    method: options.method ?? "POST",
    headers,
    ...((options.method ?? "POST") === "GET" ? {} : { body: typeof form === "string" ? form : new URLSearchParams(form).toString() }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

async function tokenFor(credentials: { clientId: string; clientSecret: string }): Promise<string> {
  const response = await requestToken({ grant_type: "client_credentials" }, { basic: [credentials.clientId, credentials.clientSecret] });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.access_token as string;
}

/** What every failed client authentication looks like, whatever failed. */
function expectInvalidClient(response: TokenResponse) {
  expect(response.status).toBe(401);
  expect(response.body).toEqual({ error: "invalid_client", error_description: "Client authentication failed" });
  expect(response.headers.get("www-authenticate")).toBe('Basic realm="safe-referral-network", charset="UTF-8"');
  expect(response.headers.get("cache-control")).toBe("no-store");
}

describe(`partner-app clients (${databaseMode})`, () => {
  it("creates a client whose secret is shown once, and never again in any answer", async () => {
    const created = await createClient("Bed-finder kiosk (test)");
    expect(created.clientId).toMatch(/^srn-app-[A-Za-z0-9_-]{22}$/);
    expect(created.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.client).toEqual({ id: created.client.id, clientId: created.clientId, name: "Bed-finder kiosk (test)", active: true, hasClientSecret: true, revokedAt: null });

    const listed = await network.query<{ organization: { apiClients: { clientId: string; name: string }[] } }>(CLIENTS, { org: DEMO_ORGS.harborLight }, { as: "harbor-admin" });
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data!.organization.apiClients.map((c) => c.name)).toEqual(["Bed-finder kiosk (test)", "Harbor Light bed-finder app (demo)"]);
    expect(JSON.stringify(listed.body)).not.toContain(created.clientSecret);

    // The API has no way to read a secret or its hash back.
    for (const query of [
      `query($org: ID!) { organization(id: $org) { apiClients { secretHash } } }`,
      `query($org: ID!) { organization(id: $org) { apiClients { clientSecret } } }`,
      `{ _verifyClientCredentials(clientId: "${created.clientId}", clientSecret: "${created.clientSecret}") { id } }`,
    ]) {
      const response = await network.query(query, { org: DEMO_ORGS.harborLight }, { as: "harbor-admin" });
      expect(response.status, query).toBe(400);
      expect(response.body.errors![0]!.extensions!.code, query).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(JSON.stringify(response.body)).not.toContain(created.clientSecret);
    }
  });

  it("issues a short-lived token of the gateway's own, with which the app queries the directory", async () => {
    const credentials = await createClient("Directory widget (test)");
    const response = await requestToken({ grant_type: "client_credentials" }, { basic: [credentials.clientId, credentials.clientSecret] });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("pragma")).toBe("no-cache");
    expect(response.body).toEqual({ access_token: anyOf(String), token_type: "Bearer", expires_in: 600 });

    const token = response.body.access_token as string;
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "EdDSA", typ: "at+jwt" });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: GATEWAY_ISSUER,
      aud: "safe-referral-network",
      sub: credentials.clientId,
      client_id: credentials.clientId,
      org: DEMO_ORGS.harborLight,
      roles: ["PARTNER_APP"],
    });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);

    const directory = await network.query(DIRECTORY, undefined, { as: { token } });
    expect(directory.status).toBe(200);
    expect(directory.body).toEqual({ data: { directory: { shelterPrograms: { totalCount: 4 } } } });

    // A partner app is a partner app: no survivor records, no administration.
    const survivors = await network.query("{ survivors { totalCount } }", undefined, { as: { token }, purpose: "SERVICE_REFERRAL" });
    expect(survivors.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
    const create = await network.query(CREATE, { name: "Self-made (test)" }, { as: { token } });
    expect(create.status).toBe(403);
    expect(create.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);

    // Form fields authenticate the client as well as HTTP Basic does.
    const byForm = await requestToken({ grant_type: "client_credentials", client_id: credentials.clientId, client_secret: credentials.clientSecret });
    expect(byForm.status).toBe(200);
  });

  it("answers a wrong secret, an unknown client and missing credentials alike: invalid_client", async () => {
    const credentials = await createClient("Shift planner (test)");
    const otherSecret = Buffer.alloc(32, 7).toString("base64url");
    const responses = [
      await requestToken({ grant_type: "client_credentials" }, { basic: [credentials.clientId, otherSecret] }),
      await requestToken({ grant_type: "client_credentials" }, { basic: ["srn-app-AAAAAAAAAAAAAAAAAAAAAA", credentials.clientSecret] }),
      await requestToken({ grant_type: "client_credentials", client_id: credentials.clientId, client_secret: otherSecret }),
      await requestToken({ grant_type: "client_credentials", client_id: "srn-app-AAAAAAAAAAAAAAAAAAAAAA", client_secret: otherSecret }),
      await requestToken({ grant_type: "client_credentials" }),
      // A client whose tokens come from the identity provider has no secret to match.
      await requestToken({ grant_type: "client_credentials" }, { basic: ["00000000-0000-4000-8000-000000000231", ""] }),
    ];
    for (const response of responses) expectInvalidClient(response);
  });

  it("refuses malformed requests and other grant types", async () => {
    const { clientId, clientSecret } = await createClient("Grant tester (test)");
    const basic: [string, string] = [clientId, clientSecret];
    const cases: [TokenResponse, number, string][] = [
      [await requestToken({ grant_type: "password", username: "x", password: "y" }, { basic }), 400, "unsupported_grant_type"],
      [await requestToken({ grant_type: "authorization_code", code: "x" }, { basic }), 400, "unsupported_grant_type"],
      [await requestToken({ scope: "PARTNER_APP" }, { basic }), 400, "invalid_request"],
      [await requestToken("grant_type=client_credentials&grant_type=client_credentials", { basic }), 400, "invalid_request"],
      [await requestToken({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }, { basic }), 400, "invalid_request"],
      [await requestToken(JSON.stringify({ grant_type: "client_credentials" }), { basic, headers: { "content-type": "application/json" } }), 400, "invalid_request"],
      [await requestToken(`grant_type=client_credentials&pad=${"x".repeat(5_000)}`, { basic }), 413, "invalid_request"],
      [await requestToken({}, { basic, method: "GET" }), 405, "invalid_request"],
    ];
    for (const [response, status, error] of cases) {
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.body.error).toBe(error);
      expect(response.body.access_token).toBeUndefined();
    }
  });

  it("rotates a secret: the old one is refused at once, the new one works", async () => {
    const first = await createClient("Rotating app (test)");
    const tokenBefore = await tokenFor(first);
    const rotated = await network.query<{ rotateApiClientSecret: { clientId: string; clientSecret: string; client: { id: string; secretRotatedAt: string } } }>(
      ROTATE,
      { id: first.client.id },
      { as: "harbor-admin" },
    );
    const second = rotated.body.data!.rotateApiClientSecret;
    secretsShown.push(second.clientSecret);
    expect(second.clientId).toBe(first.clientId);
    expect(second.clientSecret).not.toBe(first.clientSecret);
    expect(Date.parse(second.client.secretRotatedAt)).toBeLessThanOrEqual(Date.now());

    expectInvalidClient(await requestToken({ grant_type: "client_credentials" }, { basic: [first.clientId, first.clientSecret] }));
    const tokenAfter = await tokenFor(second);
    expect((await network.query(DIRECTORY, undefined, { as: { token: tokenAfter } })).status).toBe(200);
    // Rotation replaces the secret; tokens already issued run out on their own (revoke stops them).
    expect((await network.query(DIRECTORY, undefined, { as: { token: tokenBefore } })).status).toBe(200);
  });

  it("revokes a client: a token issued before is refused on the next request, and no new one is issued", async () => {
    const credentials = await createClient("Retired app (test)");
    const token = await tokenFor(credentials);
    expect((await network.query(DIRECTORY, undefined, { as: { token } })).status).toBe(200);

    const revoked = await network.query<{ revokeApiClient: { id: string; active: boolean; hasClientSecret: boolean; revokedAt: string } }>(
      REVOKE,
      { id: credentials.client.id, reason: "Invented reason (test): the app was retired." },
      { as: "harbor-admin" },
    );
    expect(revoked.body.data!.revokeApiClient).toMatchObject({ id: credentials.client.id, active: false, hasClientSecret: false });

    const refused = await network.query(DIRECTORY, undefined, { as: { token } });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ errors: [{ message: "This account has been deactivated", extensions: { code: ERROR_CODES.PRINCIPAL_INACTIVE } }] });
    expectInvalidClient(await requestToken({ grant_type: "client_credentials" }, { basic: [credentials.clientId, credentials.clientSecret] }));
    // Revoked is final: no new secret, no second revocation.
    for (const [query, variables] of [
      [ROTATE, { id: credentials.client.id }],
      [REVOKE, { id: credentials.client.id, reason: "again" }],
    ] as const) {
      const response = await network.query(query, variables, { as: "harbor-admin" });
      expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.NOT_FOUND);
    }
  });

  it("refuses every other actor: caseworkers, stewards, partner apps, and admins of other organisations (who cannot tell the client exists)", async () => {
    const credentials = await createClient("Guarded app (test)");
    const unknownId = "00000000-0000-4000-8000-999999999999";
    for (const as of ["harbor-caseworker", "steward", "harbor-app"] as const) {
      for (const [query, variables] of [
        [CREATE, { name: "Intruder (test)" }],
        [ROTATE, { id: credentials.client.id }],
        [REVOKE, { id: credentials.client.id, reason: "intrusion" }],
      ] as const) {
        const response = await network.query(query, variables, { as });
        expect(response.status, `${as} ${query}`).toBe(403);
        expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
      }
      const listed = await network.query(CLIENTS, { org: DEMO_ORGS.harborLight }, { as });
      expect(listed.body.data).toEqual({ organization: { apiClients: null } });
      expect(listed.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
    }
    for (const [query, variables, otherVariables] of [
      [ROTATE, { id: credentials.client.id }, { id: unknownId }],
      [REVOKE, { id: credentials.client.id, reason: "intrusion" }, { id: unknownId, reason: "intrusion" }],
    ] as const) {
      const response = await network.query(query, variables, { as: "clinic-admin" });
      expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.NOT_FOUND);
      expect(response.body).toEqual((await network.query(query, otherVariables, { as: "clinic-admin" })).body);
    }
    const listed = await network.query(CLIENTS, { org: DEMO_ORGS.harborLight }, { as: "clinic-admin" });
    expect(listed.body.data).toEqual({ organization: { apiClients: null } });
    expect(listed.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.OUT_OF_SCOPE);
    // Nothing changed: the client still gets tokens with its secret.
    await tokenFor(credentials);
  });

  it("names the field of a bad input and creates nothing", async () => {
    const before = await network.query(CLIENTS, { org: DEMO_ORGS.harborLight }, { as: "harbor-admin" });
    for (const [query, variables, message] of [
      [CREATE, { name: "   " }, "Invalid input: input.name: must not be empty"],
      [CREATE, { name: "x".repeat(121) }, "Invalid input: input.name: must be at most 120 characters"],
      [REVOKE, { id: "not-an-id", reason: "retired" }, "Invalid input: input.id: must be a UUID"],
      [REVOKE, { id: "00000000-0000-4000-8000-999999999999", reason: "" }, "Invalid input: input.reason: must not be empty"],
    ] as const) {
      const response = await network.query(query, variables, { as: "harbor-admin" });
      expect(response.body.data).toBeNull();
      expect(response.body.errors![0]!.message).toBe(message);
      expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.BAD_USER_INPUT);
    }
    expect((await network.query(CLIENTS, { org: DEMO_ORGS.harborLight }, { as: "harbor-admin" })).body).toEqual(before.body);
  });
});

describe(`the gateway's own tokens are checked like any other (${databaseMode})`, () => {
  async function gatewayKey(): Promise<CryptoKey> {
    // The key the gateway made under its DATA_DIR (at the first token it issued).
    const jwk = JSON.parse(await readFile(clientTokenKeyFile(dataDir), "utf8")) as Record<string, string>;
    return (await importJWK(jwk, "EdDSA")) as CryptoKey;
  }

  async function sign(claims: JWTPayload, key: CryptoKey, header: Record<string, string> = { typ: "at+jwt" }, lifetime = 600): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ org: DEMO_ORGS.harborLight, roles: ["PARTNER_APP"], ...claims })
      .setProtectedHeader({ alg: "EdDSA", ...header })
      .setIssuer(GATEWAY_ISSUER)
      .setAudience(claims.aud ?? "safe-referral-network")
      .setSubject(String(claims.sub))
      .setIssuedAt(now)
      .setExpirationTime(now + lifetime)
      .setJti(crypto.randomUUID())
      .sign(key);
  }

  it("refuses a token that names the gateway as issuer but is signed with another key", async () => {
    const credentials = await createClient("Forgery target (test)");
    await tokenFor(credentials);
    const forged = await sign({ sub: credentials.clientId }, (await generateKeyPair("EdDSA")).privateKey);
    const response = await network.query(DIRECTORY, undefined, { as: { token: forged } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: [{ message: "Token signature could not be verified with a trusted key", extensions: { code: AUTH_ERROR_CODES.BAD_SIGNATURE } }] });
  });

  it.each<[string, (clientId: string, key: CryptoKey) => Promise<string>, string]>([
    ["an expired one", (sub, key) => sign({ sub }, key, { typ: "at+jwt" }, -120), AUTH_ERROR_CODES.EXPIRED],
    ["one for another audience", (sub, key) => sign({ sub, aud: "another-api" }, key), AUTH_ERROR_CODES.WRONG_AUDIENCE],
    ["one that is not an access token (typ)", (sub, key) => sign({ sub }, key, {}), AUTH_ERROR_CODES.CLAIMS_INVALID],
    [
      "an unsigned one",
      (sub) =>
        Promise.resolve(
          `${b64({ alg: "none", typ: "at+jwt" })}.${b64({ sub, iss: GATEWAY_ISSUER, aud: "safe-referral-network", org: DEMO_ORGS.harborLight, exp: Math.floor(Date.now() / 1000) + 600 })}.`,
        ),
      AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED,
    ],
    ["one whose subject is a member, not a client", (_sub, key) => sign({ sub: DEMO_MEMBERS.harborCaseworker, roles: [] }, key), ERROR_CODES.PRINCIPAL_UNKNOWN],
  ])("refuses %s, even signed with the gateway's own key", async (_label, make, code) => {
    const credentials = await createClient(`Checked app ${code} (test)`);
    await tokenFor(credentials);
    const response = await network.query(DIRECTORY, undefined, { as: { token: await make(credentials.clientId, await gatewayKey()) } });
    expect(response.status).toBe(401);
    expect(response.body.errors![0]!.extensions).toEqual({ code });
  });

  it("still verifies the identity provider's tokens beside its own", async () => {
    expect((await network.query(DIRECTORY, undefined, { as: "harbor-app" })).status).toBe(200);
    expect((await network.query(DIRECTORY, undefined, { as: "harbor-caseworker" })).status).toBe(200);
  });
});

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

describe(`the token endpoint's rate limit (${databaseMode})`, () => {
  it(`allows ${TOKEN_REQUESTS_PER_MINUTE} requests a minute from one address, then answers 429 with Retry-After; other addresses are served`, async () => {
    const credentials = await createClient("Busy app (test)");
    const address = newAddress();
    for (let i = 0; i < TOKEN_REQUESTS_PER_MINUTE; i++) {
      const response = await requestToken({ grant_type: "client_credentials" }, { basic: [credentials.clientId, i % 2 ? credentials.clientSecret : "wrong"], address });
      expect(response.status).toBe(i % 2 ? 200 : 401);
    }
    const limited = await requestToken({ grant_type: "client_credentials" }, { basic: [credentials.clientId, credentials.clientSecret], address });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe("temporarily_unavailable");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.body.access_token).toBeUndefined();
    expect((await requestToken({ grant_type: "client_credentials" }, { basic: [credentials.clientId, credentials.clientSecret] })).status).toBe(200);
  });
});

describe(`what the network database keeps (${databaseMode})`, () => {
  it("holds only salted scrypt hashes: no secret in any client row or ledger entry", async () => {
    expect(secretsShown.length).toBeGreaterThan(5);
    // Looked at directly, with the network subgraph stopped (an embedded database has one owner).
    await network.subgraphs.get("network")!.stop();
    const database = await openDatabase(network.databases.reopenLocationFor("network"), path.resolve(import.meta.dirname, "../../prisma/network/migrations"));
    const db = createNetworkClient(database.adapter);
    try {
      const clients = await db.apiClient.findMany({ where: { subject: { startsWith: "srn-app-" } } });
      expect(clients.length).toBeGreaterThan(5);
      const salts = new Set<string>();
      for (const client of clients) {
        if (client.revokedAt) {
          expect(client.secretHash).toBeNull();
          continue;
        }
        expect(client.secretHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
        salts.add(client.secretHash!.split("$")[4]!);
      }
      expect(salts.size).toBe(clients.filter((c) => !c.revokedAt).length);
      const everything = JSON.stringify({ clients, ledger: await db.ledgerEntry.findMany({ where: { kind: "ADMINISTRATION" } }) }, (_key, value: unknown) =>
        typeof value === "bigint" ? value.toString() : value,
      );
      for (const secret of secretsShown) expect(everything).not.toContain(secret);
      // Every change left its trace in the ledger (ids and actions only).
      const actions = (await db.ledgerEntry.findMany({ where: { kind: "ADMINISTRATION" } })).map((e) => (e.payload as { action: string }).action);
      expect(actions.filter((a) => a === "API_CLIENT_CREATED")).toHaveLength(clients.length);
      expect(actions).toContain("API_CLIENT_SECRET_ROTATED");
      expect(actions).toContain("API_CLIENT_REVOKED");
    } finally {
      await db.$disconnect();
      await database.close();
    }
  }, 60_000);
});
