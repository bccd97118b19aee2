import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import { expect } from "vitest";
import { parseClaimPath } from "../../../gateway/auth/claimPath.js";
import type { AuthConfig } from "../../../gateway/auth/config.js";
import { AUTH_ERROR_MESSAGES, AuthError, type AuthErrorCode } from "../../../gateway/auth/errors.js";
import type { TokenVerifier } from "../../../gateway/auth/verifyToken.js";
import { DEMO_MEMBERS, DEMO_ORGS } from "../../../vocabulary/demoIds.js";

export const ISSUER = "https://idp.example/realms/srn";
export const AUDIENCE = "safe-referral-network";
/** The verifier's clock in every test: tokens are dated relative to it, nothing sleeps. */
export const NOW = new Date("2026-03-02T10:00:00.000Z");
export const NOW_S = NOW.getTime() / 1000;

export const SUBJECT = DEMO_MEMBERS.harborCaseworker;
export const ORG = DEMO_ORGS.harborLight;
export const ROLES = ["CASEWORKER", "ORG_ADMIN"];

export interface TestKey {
  alg: "EdDSA" | "ES256" | "RS256";
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeKey(alg: TestKey["alg"]): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { alg, kid, privateKey, publicKey, publicJwk: { ...jwk, kid, alg, use: "sig" } };
}

/** Claims of a valid token for the default config, dated around NOW. */
export function validClaims(): JWTPayload {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: SUBJECT,
    org: ORG,
    roles: [...ROLES],
    iat: NOW_S - 60,
    nbf: NOW_S - 60,
    exp: NOW_S + 600,
    jti: "9d2c1f0e-token-id",
  };
}

/** Signs exactly the given claims (no defaults added), with `kid` unless it is null. */
export async function sign(key: TestKey, claims: JWTPayload, kid: string | null = key.kid): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(kid === null ? { alg: key.alg, typ: "JWT" } : { alg: key.alg, kid, typ: "JWT" }).sign(key.privateKey);
}

export const b64url = (value: string | Uint8Array) => Buffer.from(value).toString("base64url");

export function authConfig(jwks: AuthConfig["jwks"], overrides: Partial<AuthConfig> = {}): AuthConfig {
  return {
    issuer: ISSUER,
    audience: AUDIENCE,
    jwks,
    algorithms: ["EdDSA", "ES256", "RS256", "PS256"],
    clockToleranceSeconds: 30,
    organizationClaim: parseClaimPath("org"),
    rolesClaim: parseClaimPath("roles"),
    devIssuer: false,
    dataDir: path.resolve(".data"),
    ...overrides,
  };
}

export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "srn-auth-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeJwksFile(dir: string, name: string, jwks: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(jwks));
  return file;
}

export interface JwksServer {
  url: string;
  /** How many times the JWKS was fetched. */
  requests: () => number;
  close: () => Promise<void>;
}

/**
 * A real JWKS endpoint on 127.0.0.1. `respond` decides each answer: a JWKS, a status code, or
 * "hang" to never answer (for the fetch timeout).
 */
export async function startJwksServer(respond: () => { status: number; body: unknown } | "hang"): Promise<JwksServer> {
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests += 1;
    const answer = respond();
    if (answer === "hang") return;
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Strings that must never appear in a refusal: the token, its parts, and claim values. */
export const CLAIM_VALUES = [SUBJECT, ORG, ...ROLES, ISSUER, "9d2c1f0e-token-id"];

/**
 * Asserts the exact refusal (code, fixed message, status) and that nothing in it — message,
 * detail, stack, serialised form or cause — repeats the token or a claim value.
 */
export async function expectRefusal(verifier: TokenVerifier, header: string | undefined, code: AuthErrorCode, extraSecrets: readonly string[] = []): Promise<AuthError> {
  const error = await verifier.verify(header).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(AuthError);
  const refusal = error as AuthError;
  expect({ code: refusal.code, message: refusal.message, status: refusal.status }).toEqual({
    code,
    message: AUTH_ERROR_MESSAGES[code],
    status: code === "AUTH_KEYS_UNAVAILABLE" ? 503 : 401,
  });
  const token = header?.replace(/^\s*bearer\s+/i, "") ?? "";
  const secrets = [...CLAIM_VALUES, ...extraSecrets, ...(token.length >= 8 ? [token, ...token.split(".").filter((p) => p.length >= 8)] : [])];
  const cause = refusal.cause as Error | undefined;
  const surface = [
    refusal.message,
    refusal.code,
    refusal.detail ?? "",
    refusal.stack ?? "",
    JSON.stringify(refusal),
    String(cause?.message ?? ""),
    JSON.stringify(cause ?? null),
  ].join("\n");
  for (const secret of secrets) expect(surface).not.toContain(secret);
  return refusal;
}
