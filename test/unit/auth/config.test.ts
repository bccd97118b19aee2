import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseClaimPath } from "../../../gateway/auth/claimPath.js";
import { assertProductionSafe, AuthConfigError, readAuthConfig } from "../../../gateway/auth/config.js";
import { DEV_ISSUER } from "../../../gateway/auth/devIssuer.js";

const IDP = { AUTH_ISSUER: "https://idp.example/realms/srn", AUTH_JWKS_URL: "https://idp.example/realms/srn/certs" };

describe("auth configuration", () => {
  it("defaults to the project audience, asymmetric algorithms, 30 s tolerance and org/roles claims", () => {
    expect(readAuthConfig(IDP)).toEqual({
      issuer: "https://idp.example/realms/srn",
      audience: "safe-referral-network",
      jwks: { kind: "url", url: "https://idp.example/realms/srn/certs" },
      algorithms: ["EdDSA", "ES256", "RS256", "PS256"],
      clockToleranceSeconds: 30,
      organizationClaim: ["org"],
      rolesClaim: ["roles"],
      devIssuer: false,
      dataDir: path.resolve(".data"),
    });
  });

  it("reads every variable", () => {
    const config = readAuthConfig({
      AUTH_ISSUER: "https://tenant.auth0.example/",
      AUTH_AUDIENCE: "https://srn.example/api",
      AUTH_JWKS_FILE: "keys/idp.jwks.json",
      AUTH_ALGORITHMS: " RS256 , PS256 ",
      AUTH_CLOCK_TOLERANCE_S: "0",
      AUTH_ORG_CLAIM: '["https://srn.example/org"]',
      AUTH_ROLES_CLAIM: "realm_access.roles",
      DATA_DIR: "/var/lib/srn",
    });
    expect(config).toEqual({
      issuer: "https://tenant.auth0.example/",
      audience: "https://srn.example/api",
      jwks: { kind: "file", path: path.resolve("keys/idp.jwks.json") },
      algorithms: ["RS256", "PS256"],
      clockToleranceSeconds: 0,
      organizationClaim: ["https://srn.example/org"],
      rolesClaim: ["realm_access", "roles"],
      devIssuer: false,
      dataDir: "/var/lib/srn",
    });
  });

  it.each(["http://127.0.0.1:8080/jwks", "http://localhost:8080/jwks", "http://[::1]:8080/jwks"])("allows plain http for the loopback JWKS URL %s", (url) => {
    expect(readAuthConfig({ ...IDP, AUTH_JWKS_URL: url }).jwks).toEqual({ kind: "url", url });
  });

  it("with the development issuer on, trusts it through its JWKS file under DATA_DIR", () => {
    expect(readAuthConfig({ AUTH_DEV_ISSUER: "true", DATA_DIR: "/tmp/srn-data" })).toMatchObject({
      issuer: DEV_ISSUER,
      jwks: { kind: "file", path: "/tmp/srn-data/keys/dev-issuer.jwks.json" },
      devIssuer: true,
      dataDir: "/tmp/srn-data",
    });
  });

  it.each([
    [{ ...IDP, AUTH_ALGORITHMS: "RS256,HS256" }, 'AUTH_ALGORITHMS: "HS256" is refused: HMAC algorithms sign and verify with the same secret'],
    [{ ...IDP, AUTH_ALGORITHMS: "hs512" }, 'AUTH_ALGORITHMS: "hs512" is refused: HMAC algorithms sign and verify with the same secret'],
    [{ ...IDP, AUTH_ALGORITHMS: "none" }, 'AUTH_ALGORITHMS: "none" is refused: an unsigned token proves nothing'],
    [
      { ...IDP, AUTH_ALGORITHMS: "EdDSA,RS257" },
      'AUTH_ALGORITHMS: "RS257" is not supported (supported: EdDSA, Ed25519, ES256, ES384, ES512, RS256, RS384, RS512, PS256, PS384, PS512)',
    ],
    [{ ...IDP, AUTH_ALGORITHMS: " , " }, "AUTH_ALGORITHMS: must name at least one algorithm"],
    [{ ...IDP, AUTH_JWKS_FILE: "jwks.json" }, "AUTH_JWKS_URL: set exactly one of AUTH_JWKS_URL and AUTH_JWKS_FILE, not both"],
    [{ AUTH_ISSUER: IDP.AUTH_ISSUER }, "AUTH_JWKS_URL: one of AUTH_JWKS_URL and AUTH_JWKS_FILE is required unless AUTH_DEV_ISSUER is on"],
    [{ AUTH_JWKS_URL: IDP.AUTH_JWKS_URL }, "AUTH_ISSUER: required unless AUTH_DEV_ISSUER is on"],
    [{ ...IDP, AUTH_JWKS_URL: "http://idp.example/certs" }, "AUTH_JWKS_URL: must be an https:// URL (http:// only for a loopback host)"],
    [{ ...IDP, AUTH_JWKS_URL: "http://localhost.evil.example/certs" }, "AUTH_JWKS_URL: must be an https:// URL (http:// only for a loopback host)"],
    [{ ...IDP, AUTH_JWKS_URL: "not a url" }, "AUTH_JWKS_URL: Invalid URL"],
    [{ ...IDP, AUTH_CLOCK_TOLERANCE_S: "301" }, "AUTH_CLOCK_TOLERANCE_S: Too big: expected number to be <=300"],
    [{ ...IDP, AUTH_ORG_CLAIM: "realm_access..org" }, "AUTH_ORG_CLAIM: each claim name must be 1 to 200 characters"],
    [{ ...IDP, AUTH_ROLES_CLAIM: '["https://srn.example/roles"' }, "AUTH_ROLES_CLAIM: must be a dotted path or a JSON array of claim names"],
    [{ ...IDP, AUTH_ROLES_CLAIM: "[1]" }, "AUTH_ROLES_CLAIM: must be a dotted path or a JSON array of claim names"],
    [{ ...IDP, AUTH_ROLES_CLAIM: "[]" }, "AUTH_ROLES_CLAIM: must name between 1 and 8 claims"],
    [{ ...IDP, AUTH_DEV_ISSUER: "yes" }, 'AUTH_DEV_ISSUER: Invalid option: expected one of "0"|"1"|"true"|"false"'],
    [
      { ...IDP, AUTH_DEV_ISSUER: "true" },
      "AUTH_ISSUER: must not be set with AUTH_DEV_ISSUER on (the development issuer replaces it); AUTH_JWKS_URL: must not be set with AUTH_DEV_ISSUER on (the development issuer replaces it)",
    ],
  ])("refuses %o with a message naming the variable", (env, problem) => {
    expect(() => readAuthConfig(env)).toThrow(new AuthConfigError(`Invalid auth configuration: ${problem}`));
  });

  it("names every bad variable at once", () => {
    expect(() => readAuthConfig({ AUTH_ALGORITHMS: "HS256", AUTH_CLOCK_TOLERANCE_S: "-1" })).toThrow(
      new AuthConfigError(
        'Invalid auth configuration: AUTH_ALGORITHMS: "HS256" is refused: HMAC algorithms sign and verify with the same secret; ' +
          "AUTH_CLOCK_TOLERANCE_S: Too small: expected number to be >=0; " +
          "AUTH_ISSUER: required unless AUTH_DEV_ISSUER is on; " +
          "AUTH_JWKS_URL: one of AUTH_JWKS_URL and AUTH_JWKS_FILE is required unless AUTH_DEV_ISSUER is on",
      ),
    );
  });
});

describe("claim paths", () => {
  it.each([
    ["org", ["org"]],
    ["realm_access.roles", ["realm_access", "roles"]],
    ['["https://srn.example/org"]', ["https://srn.example/org"]],
    ['["https://srn.example/claims", "roles"]', ["https://srn.example/claims", "roles"]],
  ])("reads %s", (text, path) => {
    expect(parseClaimPath(text)).toEqual(path);
  });
});

describe("assertProductionSafe", () => {
  const dev = readAuthConfig({ AUTH_DEV_ISSUER: "true" });

  it("refuses the development issuer when the gateway is not in development mode", () => {
    expect(() => assertProductionSafe(dev, { development: false })).toThrow(
      new AuthConfigError(
        "Invalid auth configuration: AUTH_DEV_ISSUER: the gateway refuses to start in production mode with the development issuer on (set GATEWAY_MODE=development to use it)",
      ),
    );
  });

  it("refuses the development issuer configured by hand as AUTH_ISSUER in production mode", () => {
    const byHand = readAuthConfig({ AUTH_ISSUER: DEV_ISSUER, AUTH_JWKS_FILE: ".data/keys/dev-issuer.jwks.json" });
    expect(() => assertProductionSafe(byHand, { development: false })).toThrow(
      new AuthConfigError("Invalid auth configuration: AUTH_ISSUER: the gateway refuses to trust the development issuer (urn:safe-referral-network:dev-issuer) in production mode"),
    );
  });

  it("allows the development issuer in development mode, and an identity provider anywhere", () => {
    expect(() => assertProductionSafe(dev, { development: true })).not.toThrow();
    expect(() => assertProductionSafe(readAuthConfig(IDP), { development: false })).not.toThrow();
  });
});
