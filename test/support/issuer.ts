import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { readAuthConfig, type AuthConfig } from "../../gateway/auth/config.js";
import { createTokenVerifier, type TokenVerifier } from "../../gateway/auth/verifyToken.js";
import { DEMO_PRINCIPALS } from "../../vocabulary/demoIds.js";

export const TEST_ISSUER = "https://idp.test.invalid/realms/srn";
export const TEST_AUDIENCE = "safe-referral-network";

export type DemoPrincipalKey = (typeof DEMO_PRINCIPALS)[number]["key"];

export interface TokenClaims {
  subject: string;
  organizationId: string;
  roles?: readonly string[];
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  issuer?: string;
  audience?: string;
}

/**
 * A real identity provider stand-in for tests: an Ed25519 key pair whose public JWKS the
 * gateway trusts, issuing real signed JWTs. Only the key store is local (no HTTP JWKS), which
 * the auth unit tests cover on their own.
 */
export async function createTestIssuer() {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key-1", alg: "EdDSA", use: "sig" };
  const authConfig: AuthConfig = {
    ...readAuthConfig({ AUTH_ISSUER: TEST_ISSUER, AUTH_AUDIENCE: TEST_AUDIENCE, AUTH_JWKS_FILE: "/nonexistent/test-jwks.json" }),
    algorithms: ["EdDSA"],
  };
  const tokenVerifier: TokenVerifier = createTokenVerifier(authConfig, { jwks: createLocalJWKSet({ keys: [jwk] }) });

  async function sign(claims: TokenClaims, key: CryptoKey = privateKey): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ org: claims.organizationId, ...(claims.roles ? { roles: [...claims.roles] } : {}) })
      .setProtectedHeader({ alg: "EdDSA", kid: "test-key-1" })
      .setIssuer(claims.issuer ?? TEST_ISSUER)
      .setAudience(claims.audience ?? TEST_AUDIENCE)
      .setSubject(claims.subject)
      .setIssuedAt(now)
      .setExpirationTime(now + (claims.expiresIn ?? 600))
      .sign(key);
  }

  return {
    tokenVerifier,
    sign,
    /** A token for one of the seeded members or partner apps, with the roles its record has. */
    tokenFor(key: DemoPrincipalKey, overrides: Partial<TokenClaims> = {}): Promise<string> {
      const principal = DEMO_PRINCIPALS.find((p) => p.key === key);
      if (!principal) throw new Error(`No demo principal ${key}`);
      return sign({ subject: principal.id, organizationId: principal.organizationId, roles: principal.roles, ...overrides });
    },
  };
}
export type TestIssuer = Awaited<ReturnType<typeof createTestIssuer>>;
