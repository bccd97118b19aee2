import { createLocalJWKSet, exportSPKI, generateKeyPair, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthConfigError } from "../../../gateway/auth/config.js";
import { AUTH_ERROR_CODES } from "../../../gateway/auth/errors.js";
import { createTokenVerifier, type TokenVerifier } from "../../../gateway/auth/verifyToken.js";
import { authConfig, b64url, expectRefusal, makeKey, NOW, sign, tempDir, validClaims, writeJwksFile, type TestKey } from "./kit.js";

// The allow-list is what stands between the gateway and two classic forgeries: an unsigned
// token ("alg": "none") and an HMAC token keyed with the issuer's public key (key confusion).
// Each forged token here is first shown to be genuinely valid under its own algorithm, so a
// refusal can only come from the allow-list.

let ed: TestKey;
let rs: TestKey;
let jwksPath: string;
let verifier: TokenVerifier;
let cleanup: () => Promise<void>;

const bearer = (token: string) => `Bearer ${token}`;
const hs256 = (claims: JWTPayload, secret: Uint8Array, kid?: string) =>
  new SignJWT(claims).setProtectedHeader(kid ? { alg: "HS256", kid, typ: "JWT" } : { alg: "HS256", typ: "JWT" }).sign(secret);

beforeAll(async () => {
  [ed, rs] = await Promise.all([makeKey("EdDSA"), makeKey("RS256")]);
  const dir = await tempDir();
  cleanup = dir.remove;
  jwksPath = await writeJwksFile(dir.dir, "jwks.json", { keys: [ed.publicJwk, rs.publicJwk] });
  verifier = createTokenVerifier(authConfig({ kind: "file", path: jwksPath }), { now: () => NOW });
});
afterAll(() => cleanup());

describe("unsigned tokens", () => {
  it.each(["none", "None", "NONE"])('a hand-crafted token with "alg": "%s" is AUTH_ALGORITHM_NOT_ALLOWED', async (alg) => {
    const token = `${b64url(JSON.stringify({ alg, typ: "JWT" }))}.${b64url(JSON.stringify(validClaims()))}.`;
    await expectRefusal(verifier, bearer(token), AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED);
  });

  it('an "alg": "none" token carrying a real signature of another token is still refused', async () => {
    const signature = (await sign(ed, validClaims())).split(".")[2];
    const token = `${b64url(JSON.stringify({ alg: "none", kid: ed.kid }))}.${b64url(JSON.stringify(validClaims()))}.${signature}`;
    await expectRefusal(verifier, bearer(token), AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED);
  });
});

describe("HMAC tokens", () => {
  it("an HS256 token signed with a secret is AUTH_ALGORITHM_NOT_ALLOWED", async () => {
    const secret = new TextEncoder().encode("correct horse battery staple, long enough for HS256");
    const token = await hs256(validClaims(), secret);
    await expect(jwtVerify(token, secret, { algorithms: ["HS256"], currentDate: NOW })).resolves.toBeDefined();
    await expectRefusal(verifier, bearer(token), AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED);
  });

  it("key confusion: HS256 keyed with the RS256 public key's PEM, under its kid, is AUTH_ALGORITHM_NOT_ALLOWED", async () => {
    const secret = new TextEncoder().encode(await exportSPKI(rs.publicKey));
    const token = await hs256(validClaims(), secret, rs.kid);
    await expect(jwtVerify(token, secret, { algorithms: ["HS256"], currentDate: NOW })).resolves.toBeDefined();
    await expectRefusal(verifier, bearer(token), AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED);
  });

  it("key confusion: HS256 keyed with the published JWK's bytes is AUTH_ALGORITHM_NOT_ALLOWED", async () => {
    for (const secret of [new TextEncoder().encode(JSON.stringify(ed.publicJwk)), Buffer.from(ed.publicJwk.x as string, "base64url")]) {
      const token = await hs256(validClaims(), secret, ed.kid);
      await expect(jwtVerify(token, secret, { algorithms: ["HS256"], currentDate: NOW })).resolves.toBeDefined();
      await expectRefusal(verifier, bearer(token), AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED);
    }
  });

  it("is refused even when the key set holds an oct key for it", async () => {
    const secret = new TextEncoder().encode("a shared secret that somebody put in the key set");
    const keySet = createLocalJWKSet({ keys: [ed.publicJwk, { kty: "oct", k: b64url(secret), kid: "shared", alg: "HS256" }] });
    const withOct = createTokenVerifier(authConfig({ kind: "file", path: jwksPath }), { now: () => NOW, jwks: keySet });
    await expectRefusal(withOct, bearer(await hs256(validClaims(), secret, "shared")), AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED);
    // The same verifier still accepts the asymmetric key next to it.
    await expect(withOct.verify(bearer(await sign(ed, validClaims())))).resolves.toMatchObject({ issuer: validClaims().iss });
  });

  it("is refused even when the key resolver hands out the HMAC secret itself", async () => {
    const secret = new TextEncoder().encode("a resolver that returns whatever it is asked for");
    const careless = createTokenVerifier(authConfig({ kind: "file", path: jwksPath }), { now: () => NOW, jwks: () => Promise.resolve(secret) });
    await expectRefusal(careless, bearer(await hs256(validClaims(), secret)), AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED);
  });
});

describe("other algorithms", () => {
  it("an ES384 token (valid, but not on the list) is AUTH_ALGORITHM_NOT_ALLOWED", async () => {
    const { privateKey } = await generateKeyPair("ES384");
    const token = await new SignJWT(validClaims()).setProtectedHeader({ alg: "ES384" }).sign(privateKey);
    await expectRefusal(verifier, bearer(token), AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED);
  });

  it("an RS256 token is refused by a verifier whose list is EdDSA only", async () => {
    const edOnly = createTokenVerifier(authConfig({ kind: "file", path: jwksPath }, { algorithms: ["EdDSA"] }), { now: () => NOW });
    await expectRefusal(edOnly, bearer(await sign(rs, validClaims())), AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED);
    await expect(edOnly.verify(bearer(await sign(ed, validClaims())))).resolves.toMatchObject({ issuer: validClaims().iss });
  });

  it.each([[["HS256"]], [["EdDSA", "none"]], [["EdDSA", "HS512"]], [[]]])("a verifier cannot be built with the list %j, even by hand", (algorithms) => {
    expect(() => createTokenVerifier(authConfig({ kind: "file", path: jwksPath }, { algorithms }))).toThrow(
      new AuthConfigError(
        "Invalid auth configuration: AUTH_ALGORITHMS: only asymmetric algorithms are accepted (EdDSA, Ed25519, ES256, ES384, ES512, RS256, RS384, RS512, PS256, PS384, PS512)",
      ),
    );
  });
});
