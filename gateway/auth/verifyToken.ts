import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from "jose";
import { readBearerToken } from "./bearerToken.js";
import { AuthConfigError, SUPPORTED_AUTH_ALGORITHMS, type AuthConfig, type JwksSource } from "./config.js";
import { AUTH_ERROR_CODES, AuthError } from "./errors.js";
import { loadJwksFile } from "./jwksFile.js";
import { readPrincipalClaims } from "./principalClaims.js";

/** Upper bound on one fetch of the JWKS URL. */
export const JWKS_TIMEOUT_MS = 5_000;
/** An unknown `kid` refetches the JWKS at most this often (key rotation), not on every token. */
export const JWKS_COOLDOWN_MS = 30_000;
/** Fetched keys are refreshed after this long even when every `kid` is known (key revocation). */
export const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;

/** The caller as the token states it, after every check passed. */
export interface VerifiedToken {
  subject: string;
  organizationId: string;
  /** Empty when the token carries no roles: the gateway then takes them from the member record. */
  roles: string[];
  issuer: string;
  expiresAt: Date;
  tokenId?: string;
}

export interface TokenVerifier {
  /** Resolves with the caller, or rejects with an AuthError (never anything else). */
  verify(authorizationHeader: string | undefined): Promise<VerifiedToken>;
  close?(): void;
}

export interface TokenVerifierOptions {
  /** The clock that exp and nbf are checked against. */
  now?: () => Date;
  /** A key resolver to use instead of `config.jwks` (e.g. jose's `createLocalJWKSet`). */
  jwks?: JWTVerifyGetKey;
  /** Overrides JWKS_TIMEOUT_MS for a JWKS URL. */
  jwksTimeoutMs?: number;
}

/**
 * Verifies bearer tokens from the one configured issuer. Keys come from a JWKS URL (fetched
 * lazily, cached, refetched on an unknown `kid`) or a JWKS file read once, here.
 */
export function createTokenVerifier(config: AuthConfig, options: TokenVerifierOptions = {}): TokenVerifier {
  // The algorithm allow-list is the defence against "alg": "none" and against key confusion
  // (an HS256 token whose HMAC "secret" is the issuer's public key, which anyone can fetch).
  // readAuthConfig refuses such lists already; a config built by hand is checked again here.
  if (config.algorithms.length === 0 || config.algorithms.some((alg) => !SUPPORTED_AUTH_ALGORITHMS.includes(alg))) {
    throw new AuthConfigError(`Invalid auth configuration: AUTH_ALGORITHMS: only asymmetric algorithms are accepted (${SUPPORTED_AUTH_ALGORITHMS.join(", ")})`);
  }
  const getKey = options.jwks ?? keyResolver(config.jwks, options.jwksTimeoutMs ?? JWKS_TIMEOUT_MS);
  const now = options.now ?? (() => new Date());
  const checks = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms: [...config.algorithms],
    clockTolerance: config.clockToleranceSeconds,
    // Without exp a stolen token would work forever.
    requiredClaims: ["exp"],
  } satisfies JWTVerifyOptions;

  return {
    async verify(authorizationHeader) {
      const token = readBearerToken(authorizationHeader);
      let payload: JWTPayload;
      try {
        payload = await verifyJwt(token, getKey, { ...checks, currentDate: now() });
      } catch (error) {
        throw toAuthError(error);
      }
      const expiresAt = new Date((payload.exp as number) * 1000);
      if (Number.isNaN(expiresAt.getTime())) {
        throw new AuthError(AUTH_ERROR_CODES.CLAIMS_INVALID, { detail: "exp claim out of range" });
      }
      const { subject, organizationId, roles, tokenId } = readPrincipalClaims(payload, config);
      const verified: VerifiedToken = { subject, organizationId, roles, issuer: payload.iss as string, expiresAt };
      if (tokenId !== undefined) verified.tokenId = tokenId;
      return verified;
    },
  };
}

function keyResolver(source: JwksSource, timeoutMs: number): JWTVerifyGetKey {
  if (source.kind === "file") {
    const jwks = loadJwksFile(source.path);
    try {
      return createLocalJWKSet(jwks);
    } catch {
      throw new AuthConfigError(`Invalid auth configuration: AUTH_JWKS_FILE: ${source.path} is not a valid JWKS`);
    }
  }
  const remote = createRemoteJWKSet(new URL(source.url), {
    timeoutDuration: timeoutMs,
    cooldownDuration: JWKS_COOLDOWN_MS,
    cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      // No key for the token's kid is the token's problem (401); failing to get any keys at all
      // (unreachable, timeout, not a JWKS) is ours, and the caller may retry (503).
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys || error instanceof errors.JOSENotSupported) {
        throw error;
      }
      throw new AuthError(AUTH_ERROR_CODES.KEYS_UNAVAILABLE, { detail: "JWKS could not be fetched", cause: error });
    }
  };
}

async function verifyJwt(token: string, getKey: JWTVerifyGetKey, options: JWTVerifyOptions): Promise<JWTPayload> {
  try {
    return (await jwtVerify(token, getKey, options)).payload;
  } catch (error) {
    // A token without a kid, and a JWKS with several keys for its algorithm (during a key
    // rotation): try each candidate, as jose documents, and accept only a valid signature.
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    for await (const key of error) {
      try {
        return (await jwtVerify(token, key, options)).payload;
      } catch (inner) {
        if (!(inner instanceof errors.JWSSignatureVerificationFailed)) throw inner;
      }
    }
    throw new errors.JWSSignatureVerificationFailed();
  }
}

// Every failure becomes one of the fixed AuthErrors. jose's own errors are not passed on as
// causes: claim errors carry the token's whole payload.
export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const code = error instanceof errors.JOSEError ? error.code : "unexpected";
  if (error instanceof errors.JWTExpired) {
    return new AuthError(AUTH_ERROR_CODES.EXPIRED, { detail: code });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const detail = `${error.claim} claim ${error.reason}`;
    if (error.claim === "iss") return new AuthError(AUTH_ERROR_CODES.WRONG_ISSUER, { detail });
    if (error.claim === "aud") return new AuthError(AUTH_ERROR_CODES.WRONG_AUDIENCE, { detail });
    if (error.claim === "nbf" && error.reason === "check_failed") {
      return new AuthError(AUTH_ERROR_CODES.NOT_YET_VALID, { detail });
    }
    return new AuthError(AUTH_ERROR_CODES.CLAIMS_INVALID, { detail });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new AuthError(AUTH_ERROR_CODES.ALGORITHM_NOT_ALLOWED, { detail: code });
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return new AuthError(AUTH_ERROR_CODES.MALFORMED, { detail: code });
  }
  if (error instanceof errors.JWKSTimeout) {
    return new AuthError(AUTH_ERROR_CODES.KEYS_UNAVAILABLE, { detail: code });
  }
  // A failed signature, no matching key, or a key that cannot verify this token (wrong type,
  // too weak, unsupported): whatever the cause, nothing vouches for the token. Fail closed.
  return new AuthError(AUTH_ERROR_CODES.BAD_SIGNATURE, {
    detail: error instanceof errors.JOSEError ? code : `unexpected ${(error as Error)?.name ?? "error"}`,
  });
}
