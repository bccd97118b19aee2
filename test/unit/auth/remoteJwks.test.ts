import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { AUTH_ERROR_CODES } from "../../../gateway/auth/errors.js";
import { createTokenVerifier } from "../../../gateway/auth/verifyToken.js";
import { authConfig, b64url, expectRefusal, makeKey, NOW, sign, startJwksServer, validClaims, type JwksServer, type TestKey } from "./kit.js";

let ed: TestKey;
let es: TestKey;
let stranger: TestKey;
const servers: JwksServer[] = [];

const bearer = (token: string) => `Bearer ${token}`;
async function serve(respond: Parameters<typeof startJwksServer>[0]): Promise<JwksServer> {
  const server = await startJwksServer(respond);
  servers.push(server);
  return server;
}
const verifierFor = (url: string, jwksTimeoutMs?: number) =>
  createTokenVerifier(authConfig({ kind: "url", url }), jwksTimeoutMs === undefined ? { now: () => NOW } : { now: () => NOW, jwksTimeoutMs });

beforeAll(async () => {
  [ed, es, stranger] = await Promise.all([makeKey("EdDSA"), makeKey("ES256"), makeKey("EdDSA")]);
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("keys from a JWKS URL", () => {
  it("verifies tokens with the served keys, fetching the set once", async () => {
    const server = await serve(() => ({ status: 200, body: { keys: [ed.publicJwk, es.publicJwk] } }));
    const verifier = verifierFor(server.url);
    expect(server.requests()).toBe(0); // fetched lazily, not at start-up
    await expect(verifier.verify(bearer(await sign(ed, validClaims())))).resolves.toMatchObject({ subject: validClaims().sub });
    await expect(verifier.verify(bearer(await sign(es, validClaims())))).resolves.toMatchObject({ subject: validClaims().sub });
    expect(server.requests()).toBe(1);
  });

  it("refuses an unknown kid as AUTH_BAD_SIGNATURE without refetching inside the cooldown", async () => {
    const server = await serve(() => ({ status: 200, body: { keys: [ed.publicJwk] } }));
    const verifier = verifierFor(server.url);
    await verifier.verify(bearer(await sign(ed, validClaims())));
    await expectRefusal(verifier, bearer(await sign(stranger, validClaims())), AUTH_ERROR_CODES.BAD_SIGNATURE);
    await expectRefusal(verifier, bearer(await sign(stranger, validClaims())), AUTH_ERROR_CODES.BAD_SIGNATURE);
    expect(server.requests()).toBe(1);
  });

  it("is AUTH_KEYS_UNAVAILABLE (503) when the server is down", async () => {
    const server = await startJwksServer(() => ({ status: 200, body: { keys: [] } }));
    await server.close();
    const refusal = await expectRefusal(verifierFor(server.url), bearer(await sign(ed, validClaims())), AUTH_ERROR_CODES.KEYS_UNAVAILABLE);
    expect(refusal.cause).toBeInstanceOf(Error); // kept for the operator's log
  });

  it("is AUTH_KEYS_UNAVAILABLE when the server answers with an error status", async () => {
    const server = await serve(() => ({ status: 500, body: { error: "oops" } }));
    await expectRefusal(verifierFor(server.url), bearer(await sign(ed, validClaims())), AUTH_ERROR_CODES.KEYS_UNAVAILABLE);
  });

  it("is AUTH_KEYS_UNAVAILABLE when the server answers with something that is not a JWKS", async () => {
    const server = await serve(() => ({ status: 200, body: { issuer: "not a key set" } }));
    await expectRefusal(verifierFor(server.url), bearer(await sign(ed, validClaims())), AUTH_ERROR_CODES.KEYS_UNAVAILABLE);
  });

  it("is AUTH_KEYS_UNAVAILABLE when the server does not answer within the timeout", async () => {
    const server = await serve(() => "hang");
    const started = Date.now();
    await expectRefusal(verifierFor(server.url, 200), bearer(await sign(ed, validClaims())), AUTH_ERROR_CODES.KEYS_UNAVAILABLE);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.requests()).toBe(1);
  });

  it("recovers once the server is back", async () => {
    let up = false;
    const server = await serve(() => (up ? { status: 200, body: { keys: [ed.publicJwk] } } : { status: 503, body: {} }));
    const verifier = verifierFor(server.url);
    const token = bearer(await sign(ed, validClaims()));
    await expectRefusal(verifier, token, AUTH_ERROR_CODES.KEYS_UNAVAILABLE);
    up = true;
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: validClaims().sub });
  });

  it("refuses malformed and unsigned tokens without contacting the key server", async () => {
    const server = await serve(() => ({ status: 200, body: { keys: [ed.publicJwk] } }));
    const verifier = verifierFor(server.url);
    await expectRefusal(verifier, "Bearer garbage", AUTH_ERROR_CODES.MALFORMED);
    const unsigned = `${b64url(JSON.stringify({ alg: "none" }))}.${b64url(JSON.stringify(validClaims()))}.`;
    await expectRefusal(verifier, bearer(unsigned), AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED);
    expect(server.requests()).toBe(0);
  });
});
