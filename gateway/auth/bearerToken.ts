import { AUTH_ERROR_CODES, AuthError } from "./errors.js";

/** Longer tokens are refused before any parsing: no identity provider needs more. */
export const MAX_TOKEN_BYTES = 8 * 1024;

// Three base64url parts; the signature may be empty so that an unsigned ("alg": "none") token
// reaches the algorithm check and is refused as such rather than as malformed.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * The compact JWS in an `Authorization: Bearer <token>` header. The scheme is case-insensitive
 * (RFC 9110); anything but exactly one token after it is refused.
 */
export function readBearerToken(authorizationHeader: string | undefined): string {
  if (authorizationHeader === undefined || authorizationHeader.trim() === "") {
    throw new AuthError(AUTH_ERROR_CODES.MISSING);
  }
  const parts = authorizationHeader.trim().split(/[ \t]+/);
  if (parts.length !== 2 || parts[0]?.toLowerCase() !== "bearer") {
    throw new AuthError(AUTH_ERROR_CODES.MALFORMED, { detail: "not one bearer token" });
  }
  const token = parts[1] as string;
  if (token.length > MAX_TOKEN_BYTES) {
    throw new AuthError(AUTH_ERROR_CODES.MALFORMED, { detail: "token too long" });
  }
  if (!COMPACT_JWS.test(token)) {
    throw new AuthError(AUTH_ERROR_CODES.MALFORMED, { detail: "not a compact JWS" });
  }
  return token;
}
