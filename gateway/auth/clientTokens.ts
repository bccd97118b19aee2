import { randomUUID } from "node:crypto";
import { decodeJwt, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { readBearerToken } from "./bearerToken.js";
import type { ClientTokenKey } from "./clientTokenKey.js";
import { DEFAULT_ORG_CLAIM, DEFAULT_ROLES_CLAIM } from "./config.js";
import { AUTH_ERROR_CODES, AuthError } from "./errors.js";
import { readPrincipalClaims } from "./principalClaims.js";
import { toAuthError, type TokenVerifier, type VerifiedToken } from "./verifyToken.js";

/**
 * Partner-app tokens that the gateway issues itself, at its client-credentials token endpoint
 * (RFC 6749 §4.4), to clients whose secret the network keeps (hashed). They are JWT access
 * tokens (RFC 9068: `typ` "at+jwt") signed with the gateway's own Ed25519 key, and they grant
 * nothing by themselves: every request still finds the client's record live (active, its
 * organisation), exactly as for the identity provider's tokens.
 */
export interface ClientTokenConfig {
  /** `iss` of the tokens; must differ from the identity provider's, since it picks the key. */
  issuer: string;
  /** `aud` of the tokens: the gateway's own audience (AUTH_AUDIENCE). */
  audience: string;
  ttlSeconds: number;
  /** Ed25519 private JWK; null: DATA_DIR/keys/client-token.private.jwk, made on first use. */
  privateKeyFile: string | null;
  clockToleranceSeconds: number;
  /** Requests per minute to the token endpoint from one address. */
  requestsPerMinutePerAddress: number;
}

export const DEFAULT_CLIENT_TOKEN_ISSUER = "urn:srn:gateway";
export const DEFAULT_CLIENT_TOKEN_TTL_S = 600;
export const MAX_CLIENT_TOKEN_TTL_S = 3_600;
export const DEFAULT_TOKEN_REQUESTS_PER_MINUTE = 60;
export const CLIENT_TOKEN_TYPE = "at+jwt";
/** Where the organisation and roles sit in these tokens: fixed, whatever the identity provider's claim mapping. */
const CLAIMS = { organizationClaim: [DEFAULT_ORG_CLAIM], rolesClaim: [DEFAULT_ROLES_CLAIM] } as const;
// One algorithm, the key's own: the allow-list that keeps out "none", HMAC and key confusion.
const ALGORITHMS = ["EdDSA"];

export interface IssuedClientToken {
  accessToken: string;
  expiresIn: number;
}

export function createClientTokenIssuer(config: ClientTokenConfig, key: () => Promise<ClientTokenKey>) {
  return {
    async issue(client: { clientId: string; organizationId: string }): Promise<IssuedClientToken> {
      const { privateKey, kid } = await key();
      const now = Math.floor(Date.now() / 1000);
      const accessToken = await new SignJWT({
        [DEFAULT_ORG_CLAIM]: client.organizationId,
        [DEFAULT_ROLES_CLAIM]: ["PARTNER_APP"],
        client_id: client.clientId,
      })
        .setProtectedHeader({ alg: "EdDSA", typ: CLIENT_TOKEN_TYPE, kid })
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setSubject(client.clientId)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + config.ttlSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
      return { accessToken, expiresIn: config.ttlSeconds };
    },
  };
}
export type ClientTokenIssuer = ReturnType<typeof createClientTokenIssuer>;

/** Verifies the gateway's own partner-app tokens, with every check the identity provider's get. */
export function createClientTokenVerifier(config: ClientTokenConfig, key: () => Promise<ClientTokenKey>, now: () => Date = () => new Date()): TokenVerifier {
  return {
    async verify(authorizationHeader) {
      const token = readBearerToken(authorizationHeader);
      let publicKey;
      try {
        publicKey = (await key()).publicKey;
      } catch (error) {
        throw new AuthError(AUTH_ERROR_CODES.KEYS_UNAVAILABLE, { detail: "client-token key could not be loaded", cause: error });
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, publicKey, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: ALGORITHMS,
          typ: CLIENT_TOKEN_TYPE,
          clockTolerance: config.clockToleranceSeconds,
          currentDate: now(),
          requiredClaims: ["exp", "iat", "jti"],
        }));
      } catch (error) {
        throw toAuthError(error);
      }
      const { subject, organizationId, roles, tokenId } = readPrincipalClaims(payload, CLAIMS);
      const verified: VerifiedToken = { subject, organizationId, roles, issuer: config.issuer, expiresAt: new Date((payload.exp as number) * 1000) };
      if (tokenId !== undefined) verified.tokenId = tokenId;
      return verified;
    },
  };
}

/**
 * The gateway's verifier when it issues partner-app tokens too: a token naming the gateway's
 * own issuer is checked against the gateway's own key, any other against the identity
 * provider. The `iss` read here (unverified) only picks the key; the chosen verifier checks it
 * again, with the signature, so a token cannot pick the key and then claim another issuer.
 */
export function withClientTokens(identityProvider: TokenVerifier, clientTokens: TokenVerifier, clientTokenIssuer: string): TokenVerifier {
  return {
    async verify(authorizationHeader) {
      let issuer: unknown;
      try {
        issuer = decodeJwt(readBearerToken(authorizationHeader)).iss;
      } catch {
        // Malformed: the identity provider's verifier refuses it with its own code.
        issuer = undefined;
      }
      return issuer === clientTokenIssuer ? clientTokens.verify(authorizationHeader) : identityProvider.verify(authorizationHeader);
    },
    close: () => identityProvider.close?.(),
  };
}
