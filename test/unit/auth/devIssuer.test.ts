import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEV_ISSUER, DEV_TOKEN_MAX_TTL_S, devAuthConfig, loadOrCreateDevIssuer } from "../../../gateway/auth/devIssuer.js";
import { AUTH_ERROR_CODES } from "../../../gateway/auth/errors.js";
import { createTokenVerifier } from "../../../gateway/auth/verifyToken.js";
import { DEMO_MEMBERS, DEMO_ORGS } from "../../../vocabulary/demoIds.js";
import { expectRefusal, tempDir } from "./kit.js";
import { anyOf, stringMatching } from "../../support/matchers.js";

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: dataDir, remove: cleanup } = await tempDir());
});
afterEach(() => cleanup());

const caseworker = { subject: DEMO_MEMBERS.harborCaseworker, organizationId: DEMO_ORGS.harborLight, roles: ["CASEWORKER"] };
const mode = async (file: string) => (await stat(file)).mode & 0o777;

describe("the development issuer", () => {
  it("issues tokens that a verifier configured with devAuthConfig accepts", async () => {
    const issuer = await loadOrCreateDevIssuer(dataDir);
    const before = Math.floor(Date.now() / 1000);
    const token = await issuer.issue(caseworker);
    const verified = await createTokenVerifier(devAuthConfig(dataDir)).verify(`Bearer ${token}`);
    expect(verified).toEqual({
      subject: DEMO_MEMBERS.harborCaseworker,
      organizationId: DEMO_ORGS.harborLight,
      roles: ["CASEWORKER"],
      issuer: DEV_ISSUER,
      expiresAt: anyOf(Date),
      tokenId: stringMatching(/^[0-9a-f-]{36}$/),
    });
    const lifetime = verified.expiresAt.getTime() / 1000 - before;
    expect(lifetime).toBeGreaterThanOrEqual(3600);
    expect(lifetime).toBeLessThanOrEqual(3602);
  });

  it("signs EdDSA with the key's thumbprint as kid, under the default claim names", async () => {
    const issuer = await loadOrCreateDevIssuer(dataDir);
    const token = await issuer.issue({ ...caseworker, ttlSeconds: 600 });
    const jwks = JSON.parse(await readFile(issuer.jwksPath, "utf8")) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    const { kid, alg: _alg, use: _use, ...publicJwk } = jwks.keys[0] as Record<string, string>;
    expect(kid).toBe(await calculateJwkThumbprint(publicJwk));
    expect(decodeProtectedHeader(token)).toEqual({ alg: "EdDSA", kid, typ: "JWT" });
    const claims = decodeJwt(token);
    expect(claims).toEqual({
      iss: DEV_ISSUER,
      aud: "safe-referral-network",
      sub: caseworker.subject,
      org: caseworker.organizationId,
      roles: caseworker.roles,
      iat: anyOf(Number),
      nbf: claims.iat,
      exp: (claims.iat as number) + 600,
      jti: anyOf(String),
    });
    expect(decodeJwt(await issuer.issue(caseworker)).jti).not.toBe(claims.jti);
  });

  it("keeps its key across loads: same kid, and earlier tokens still verify", async () => {
    const first = await loadOrCreateDevIssuer(dataDir);
    const token = await first.issue(caseworker);
    const privateBefore = await readFile(path.join(dataDir, "keys/dev-issuer.private.jwk"), "utf8");
    const second = await loadOrCreateDevIssuer(dataDir);
    expect(second.kid).toBe(first.kid);
    expect(await readFile(path.join(dataDir, "keys/dev-issuer.private.jwk"), "utf8")).toBe(privateBefore);
    await expect(createTokenVerifier(devAuthConfig(dataDir)).verify(`Bearer ${token}`)).resolves.toMatchObject({ subject: caseworker.subject });
  });

  it("makes one key when loaded twice at once", async () => {
    const [a, b] = await Promise.all([loadOrCreateDevIssuer(dataDir), loadOrCreateDevIssuer(dataDir)]);
    expect(a.kid).toBe(b.kid);
    expect((await loadOrCreateDevIssuer(dataDir)).kid).toBe(a.kid);
  });

  it("keeps the private key owner-only (0600, in a 0700 directory) and out of the public JWKS", async () => {
    const issuer = await loadOrCreateDevIssuer(dataDir);
    const privatePath = path.join(dataDir, "keys/dev-issuer.private.jwk");
    expect(await mode(privatePath)).toBe(0o600);
    expect(await mode(path.join(dataDir, "keys"))).toBe(0o700);
    const privateJwk = JSON.parse(await readFile(privatePath, "utf8")) as Record<string, string>;
    expect(Object.keys(privateJwk).sort()).toEqual(["crv", "d", "kty", "x"]);
    expect(privateJwk).toMatchObject({ kty: "OKP", crv: "Ed25519" });
    const jwksText = await readFile(issuer.jwksPath, "utf8");
    expect(jwksText).not.toContain('"d"');
    expect(jwksText).not.toContain(privateJwk.d);
  });

  it("restores 0600 on a private key file whose mode was loosened", async () => {
    await loadOrCreateDevIssuer(dataDir);
    const privatePath = path.join(dataDir, "keys/dev-issuer.private.jwk");
    await chmod(privatePath, 0o644);
    await loadOrCreateDevIssuer(dataDir);
    expect(await mode(privatePath)).toBe(0o600);
  });

  it("is trusted only by its own data directory's configuration", async () => {
    const other = await tempDir();
    try {
      await loadOrCreateDevIssuer(other.dir);
      const token = await (await loadOrCreateDevIssuer(dataDir)).issue(caseworker);
      await expectRefusal(createTokenVerifier(devAuthConfig(other.dir)), `Bearer ${token}`, AUTH_ERROR_CODES.BAD_SIGNATURE, [caseworker.subject, caseworker.organizationId]);
    } finally {
      await other.remove();
    }
  });

  it("issues for another audience on request, which the default configuration then refuses", async () => {
    const token = await (await loadOrCreateDevIssuer(dataDir)).issue(caseworker, "another-gateway");
    expect(decodeJwt(token).aud).toBe("another-gateway");
    await expectRefusal(createTokenVerifier(devAuthConfig(dataDir)), `Bearer ${token}`, AUTH_ERROR_CODES.WRONG_AUDIENCE);
  });

  it.each([0, -1, 1.5, DEV_TOKEN_MAX_TTL_S + 1])("refuses a ttl of %s seconds", async (ttlSeconds) => {
    const issuer = await loadOrCreateDevIssuer(dataDir);
    await expect(issuer.issue({ ...caseworker, ttlSeconds })).rejects.toThrow(new RangeError("ttlSeconds must be an integer from 1 to 43200"));
  });

  it("allows a ttl of exactly 12 hours", async () => {
    const token = await (await loadOrCreateDevIssuer(dataDir)).issue({ ...caseworker, ttlSeconds: DEV_TOKEN_MAX_TTL_S });
    const claims = decodeJwt(token);
    expect((claims.exp as number) - (claims.iat as number)).toBe(12 * 3600);
  });

  it("refuses a private key file that is not an Ed25519 private JWK", async () => {
    await loadOrCreateDevIssuer(dataDir);
    const privatePath = path.join(dataDir, "keys/dev-issuer.private.jwk");
    await writeFile(privatePath, JSON.stringify({ kty: "oct", k: "c2VjcmV0" }));
    await expect(loadOrCreateDevIssuer(dataDir)).rejects.toThrow(new Error(`${privatePath} is not an Ed25519 private JWK; delete it to have a new development key made`));
  });

  it("trusts EdDSA only", () => {
    expect(devAuthConfig(dataDir)).toMatchObject({
      issuer: DEV_ISSUER,
      algorithms: ["EdDSA"],
      jwks: { kind: "file", path: path.join(dataDir, "keys/dev-issuer.jwks.json") },
      devIssuer: true,
    });
  });
});
