import { CompactSign, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseClaimPath } from "../../../gateway/auth/claimPath.js";
import { readAuthConfig } from "../../../gateway/auth/config.js";
import { AUTH_ERROR_CODES } from "../../../gateway/auth/errors.js";
import { createTokenVerifier, type TokenVerifier } from "../../../gateway/auth/verifyToken.js";
import { AUDIENCE, authConfig, b64url, expectRefusal, ISSUER, makeKey, NOW, NOW_S, ORG, ROLES, sign, SUBJECT, tempDir, validClaims, writeJwksFile, type TestKey } from "./kit.js";

let ed: TestKey;
let es: TestKey;
let rs: TestKey;
let ed2: TestKey;
let stranger: TestKey;
let jwksPath: string;
let verifier: TokenVerifier;
let cleanup: () => Promise<void>;

const bearer = (token: string) => `Bearer ${token}`;
const expected = {
  subject: SUBJECT,
  organizationId: ORG,
  roles: ROLES,
  issuer: ISSUER,
  expiresAt: new Date((NOW_S + 600) * 1000),
  tokenId: "9d2c1f0e-token-id",
};

beforeAll(async () => {
  [ed, es, rs, ed2, stranger] = await Promise.all([makeKey("EdDSA"), makeKey("ES256"), makeKey("RS256"), makeKey("EdDSA"), makeKey("EdDSA")]);
  const dir = await tempDir();
  cleanup = dir.remove;
  jwksPath = await writeJwksFile(dir.dir, "jwks.json", { keys: [ed.publicJwk, es.publicJwk, rs.publicJwk, ed2.publicJwk] });
  verifier = createTokenVerifier(authConfig({ kind: "file", path: jwksPath }), { now: () => NOW });
});
afterAll(() => cleanup());

describe("a valid token", () => {
  it.each(["EdDSA", "ES256", "RS256"] as const)("signed with %s by a key of the JWKS is accepted", async (alg) => {
    const key = { EdDSA: ed, ES256: es, RS256: rs }[alg];
    await expect(verifier.verify(bearer(await sign(key, validClaims())))).resolves.toStrictEqual(expected);
  });

  it("is accepted whatever the case of the scheme", async () => {
    const token = await sign(ed, validClaims());
    await expect(verifier.verify(`bearer ${token}`)).resolves.toStrictEqual(expected);
    await expect(verifier.verify(`BEARER  ${token} `)).resolves.toStrictEqual(expected);
  });

  it("without jti has no tokenId, without roles has no roles", async () => {
    const { jti: _jti, roles: _roles, ...claims } = validClaims();
    await expect(verifier.verify(bearer(await sign(ed, claims)))).resolves.toStrictEqual({
      subject: SUBJECT,
      organizationId: ORG,
      roles: [],
      issuer: ISSUER,
      expiresAt: expected.expiresAt,
    });
  });

  it("may carry roles as one space-separated string (OAuth scope style)", async () => {
    const token = await sign(ed, { ...validClaims(), roles: " CASEWORKER  ORG_ADMIN" });
    expect((await verifier.verify(bearer(token))).roles).toEqual(["CASEWORKER", "ORG_ADMIN"]);
  });

  it("may name several audiences, one of them ours", async () => {
    const token = await sign(ed, { ...validClaims(), aud: ["https://other.example", AUDIENCE] });
    await expect(verifier.verify(bearer(token))).resolves.toStrictEqual(expected);
  });

  it("without kid is matched against every key of its type, and only a real signature passes", async () => {
    // Two EdDSA keys in the JWKS: jose reports several candidates and each is tried.
    await expect(verifier.verify(bearer(await sign(ed2, validClaims(), null)))).resolves.toStrictEqual(expected);
    await expectRefusal(verifier, bearer(await sign(stranger, validClaims(), null)), AUTH_ERROR_CODES.BAD_SIGNATURE);
  });
});

describe("the Authorization header", () => {
  it("absent or empty is AUTH_MISSING", async () => {
    await expectRefusal(verifier, undefined, AUTH_ERROR_CODES.MISSING);
    await expectRefusal(verifier, "", AUTH_ERROR_CODES.MISSING);
    await expectRefusal(verifier, "   ", AUTH_ERROR_CODES.MISSING);
  });

  it.each([
    ["another scheme", "Basic xyz"],
    ["the scheme alone", "Bearer"],
    ["garbage", "Bearer garbage"],
    ["a token with four parts", "Bearer aaa.bbb.ccc.ddd"],
    ["characters outside base64url", "Bearer aaa.b+b.ccc"],
    ["parts that are not JSON", "Bearer aaaa.bbbb.cccc"],
  ])("with %s is AUTH_MALFORMED", async (_case, header) => {
    await expectRefusal(verifier, header, AUTH_ERROR_CODES.MALFORMED);
  });

  it("with two tokens is AUTH_MALFORMED, even when both are valid", async () => {
    const token = await sign(ed, validClaims());
    await expectRefusal(verifier, `Bearer ${token} ${token}`, AUTH_ERROR_CODES.MALFORMED);
    await expectRefusal(verifier, `Bearer ${token}, Bearer ${token}`, AUTH_ERROR_CODES.MALFORMED);
  });

  it("with a validly signed token over 8 KiB is AUTH_MALFORMED; at 8 KiB it is accepted", async () => {
    // Padding one character at a time moves the length by one or two: find each side of 8192.
    const padded = (n: number) => sign(ed, { ...validClaims(), pad: "x".repeat(n) });
    let n = 5000;
    while ((await padded(n + 1)).length <= 8192) n += 1;
    const fits = await padded(n);
    const over = await padded(n + 1);
    expect([fits.length >= 8191, over.length <= 8194]).toEqual([true, true]);
    await expect(verifier.verify(bearer(fits))).resolves.toStrictEqual(expected);
    await expectRefusal(verifier, bearer(over), AUTH_ERROR_CODES.MALFORMED);
  });

  it("with a signed payload that is not a JSON object is AUTH_MALFORMED", async () => {
    const token = await new CompactSign(new TextEncoder().encode("not json")).setProtectedHeader({ alg: "EdDSA", kid: ed.kid }).sign(ed.privateKey);
    await expectRefusal(verifier, bearer(token), AUTH_ERROR_CODES.MALFORMED);
  });
});

describe("the signature", () => {
  it("by a key outside the JWKS, with an unknown kid, is AUTH_BAD_SIGNATURE", async () => {
    await expectRefusal(verifier, bearer(await sign(stranger, validClaims())), AUTH_ERROR_CODES.BAD_SIGNATURE);
  });

  it("by a key outside the JWKS, claiming a trusted kid, is AUTH_BAD_SIGNATURE", async () => {
    await expectRefusal(verifier, bearer(await sign(stranger, validClaims(), ed.kid)), AUTH_ERROR_CODES.BAD_SIGNATURE);
  });

  it("over a tampered payload is AUTH_BAD_SIGNATURE", async () => {
    const [header, , signature] = (await sign(ed, validClaims())).split(".");
    const forged = b64url(JSON.stringify({ ...validClaims(), roles: ["NETWORK_STEWARD"] }));
    await expectRefusal(verifier, bearer(`${header}.${forged}.${signature}`), AUTH_ERROR_CODES.BAD_SIGNATURE, ["NETWORK_STEWARD"]);
  });

  it("of another key type under a trusted kid is AUTH_BAD_SIGNATURE", async () => {
    // An ES256 signature presented under the Ed25519 key's kid: no key of that kid fits ES256.
    await expectRefusal(verifier, bearer(await sign(es, validClaims(), ed.kid)), AUTH_ERROR_CODES.BAD_SIGNATURE);
  });
});

describe("time", () => {
  const at = async (claims: JWTPayload) => bearer(await sign(ed, { ...validClaims(), ...claims }));

  it("an expired token is AUTH_EXPIRED", async () => {
    await expectRefusal(verifier, await at({ exp: NOW_S - 60 }), AUTH_ERROR_CODES.EXPIRED);
  });

  it("a token expired within the 30 s clock tolerance is accepted, up to the boundary", async () => {
    await expect(verifier.verify(await at({ exp: NOW_S - 29 }))).resolves.toMatchObject({ expiresAt: new Date((NOW_S - 29) * 1000) });
    await expectRefusal(verifier, await at({ exp: NOW_S - 30 }), AUTH_ERROR_CODES.EXPIRED);
  });

  it("with no tolerance configured, a token one second past exp is AUTH_EXPIRED", async () => {
    const strict = createTokenVerifier(authConfig({ kind: "file", path: jwksPath }, { clockToleranceSeconds: 0 }), { now: () => NOW });
    await expectRefusal(strict, await at({ exp: NOW_S - 1 }), AUTH_ERROR_CODES.EXPIRED);
    await expect(strict.verify(await at({ exp: NOW_S + 1 }))).resolves.toMatchObject({ subject: SUBJECT });
  });

  it("nbf beyond the tolerance is AUTH_NOT_YET_VALID; within it, accepted", async () => {
    await expectRefusal(verifier, await at({ nbf: NOW_S + 120 }), AUTH_ERROR_CODES.NOT_YET_VALID);
    await expectRefusal(verifier, await at({ nbf: NOW_S + 31 }), AUTH_ERROR_CODES.NOT_YET_VALID);
    await expect(verifier.verify(await at({ nbf: NOW_S + 30 }))).resolves.toStrictEqual(expected);
  });

  it("follows the injected clock", async () => {
    const later = createTokenVerifier(authConfig({ kind: "file", path: jwksPath }), { now: () => new Date((NOW_S + 3600) * 1000) });
    const token = await at({});
    await expect(verifier.verify(token)).resolves.toStrictEqual(expected);
    await expectRefusal(later, token, AUTH_ERROR_CODES.EXPIRED);
  });

  it.each([
    ["without exp", { exp: undefined }],
    ["with exp as a string", { exp: "tomorrow" }],
    ["with exp beyond any date", { exp: 1e300 }],
    ["with nbf as a string", { nbf: "now" }],
    ["with iat as a string", { iat: "now" }],
  ])("a token %s is AUTH_CLAIMS_INVALID", async (_case, claims) => {
    await expectRefusal(verifier, await at(claims as JWTPayload), AUTH_ERROR_CODES.CLAIMS_INVALID);
  });

  it("exp is required by the verification itself, not only by reading it", async () => {
    const refusal = await expectRefusal(verifier, await at({ exp: undefined }), AUTH_ERROR_CODES.CLAIMS_INVALID);
    expect(refusal.detail).toBe("exp claim missing");
  });
});

describe("issuer and audience", () => {
  it.each([
    ["another issuer", { iss: "https://evil.example/realms/srn" }],
    ["the issuer with a trailing slash", { iss: `${ISSUER}/` }],
    ["no issuer", { iss: undefined }],
  ])("%s is AUTH_WRONG_ISSUER", async (_case, claims) => {
    await expectRefusal(verifier, bearer(await sign(ed, { ...validClaims(), ...claims })), AUTH_ERROR_CODES.WRONG_ISSUER);
  });

  it.each([
    ["another audience", { aud: "another-api" }],
    ["several audiences, none ours", { aud: ["another-api", "a-third"] }],
    ["no audience", { aud: undefined }],
  ])("%s is AUTH_WRONG_AUDIENCE", async (_case, claims) => {
    await expectRefusal(verifier, bearer(await sign(ed, { ...validClaims(), ...claims })), AUTH_ERROR_CODES.WRONG_AUDIENCE);
  });
});

describe("principal claims", () => {
  it.each([
    ["no sub", { sub: undefined }],
    ["an empty sub", { sub: "" }],
    ["a numeric sub", { sub: 42 }],
    ["no org", { org: undefined }],
    ["an empty org", { org: "" }],
    ["a numeric org", { org: 101 }],
    ["an org list", { org: [ORG] }],
    ["an org over 200 characters", { org: "o".repeat(201) }],
    ["roles as a number", { roles: 7 }],
    ["roles as an object", { roles: { CASEWORKER: true } }],
    ["roles as null", { roles: null }],
    ["roles holding a non-string", { roles: ["CASEWORKER", 1] }],
    ["more than 20 roles", { roles: Array.from({ length: 21 }, (_, i) => `R${i}`) }],
    ["a role over 64 characters", { roles: ["R".repeat(65)] }],
    ["an empty role", { roles: ["CASEWORKER", ""] }],
    ["a numeric jti", { jti: 5 }],
  ])("%s is AUTH_CLAIMS_INVALID", async (_case, claims) => {
    await expectRefusal(verifier, bearer(await sign(ed, { ...validClaims(), ...claims } as JWTPayload)), AUTH_ERROR_CODES.CLAIMS_INVALID);
  });

  it("accepts the bounds themselves: 20 roles of 64 characters, an org of 200", async () => {
    const roles = Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(64, "R"));
    const token = await sign(ed, { ...validClaims(), roles, org: "o".repeat(200) });
    await expect(verifier.verify(bearer(token))).resolves.toMatchObject({ roles, organizationId: "o".repeat(200) });
  });

  it("names the failing claim in the log detail, never its value", async () => {
    const refusal = await expectRefusal(verifier, bearer(await sign(ed, { ...validClaims(), roles: 7 })), AUTH_ERROR_CODES.CLAIMS_INVALID);
    expect(refusal.detail).toBe("roles claim (roles) is neither a string array nor a string");
  });

  it("does not read inherited members through a claim path", async () => {
    // Object.prototype.constructor is not a claim: a roles path naming it finds no roles.
    const inherited = createTokenVerifier(authConfig({ kind: "file", path: jwksPath }, { rolesClaim: parseClaimPath("constructor") }), {
      now: () => NOW,
    });
    await expect(inherited.verify(bearer(await sign(ed, validClaims())))).resolves.toMatchObject({ roles: [] });
    const own = await sign(ed, JSON.parse(`{"constructor": ["CASEWORKER"], ${JSON.stringify(validClaims()).slice(1)}`) as JWTPayload);
    await expect(inherited.verify(bearer(own))).resolves.toMatchObject({ roles: ["CASEWORKER"] });
  });
});

describe("claim paths into nested and namespaced claims", () => {
  const keycloakAuth0 = () =>
    createTokenVerifier(
      readAuthConfig({
        AUTH_ISSUER: ISSUER,
        AUTH_JWKS_FILE: jwksPath,
        AUTH_ORG_CLAIM: '["https://srn.example/org"]',
        AUTH_ROLES_CLAIM: "realm_access.roles",
      }),
      { now: () => NOW },
    );
  const nested = () => {
    const { org: _org, roles: _roles, ...claims } = validClaims();
    return { ...claims, "https://srn.example/org": ORG, realm_access: { roles: ["CASEWORKER", "ORG_ADMIN"] } };
  };

  it("reads the organisation from a namespaced URL claim and roles from realm_access.roles", async () => {
    await expect(keycloakAuth0().verify(bearer(await sign(ed, nested())))).resolves.toStrictEqual(expected);
  });

  it("ignores same-named top-level claims when the paths point elsewhere", async () => {
    await expectRefusal(keycloakAuth0(), bearer(await sign(ed, validClaims())), AUTH_ERROR_CODES.CLAIMS_INVALID);
  });

  it("has no roles when realm_access has none, and refuses realm_access.roles of the wrong type", async () => {
    const noRoles = { ...nested(), realm_access: {} };
    await expect(keycloakAuth0().verify(bearer(await sign(ed, noRoles)))).resolves.toMatchObject({ roles: [] });
    const wrong = { ...nested(), realm_access: { roles: { CASEWORKER: true } } };
    await expectRefusal(keycloakAuth0(), bearer(await sign(ed, wrong)), AUTH_ERROR_CODES.CLAIMS_INVALID);
  });

  it("cannot reach a namespaced claim with the dotted spelling (hence the JSON array form)", async () => {
    const dotted = createTokenVerifier(readAuthConfig({ AUTH_ISSUER: ISSUER, AUTH_JWKS_FILE: jwksPath, AUTH_ORG_CLAIM: "https://srn.example/org" }), { now: () => NOW });
    await expectRefusal(dotted, bearer(await sign(ed, { ...nested(), roles: ROLES })), AUTH_ERROR_CODES.CLAIMS_INVALID);
  });
});
