/**
 * useAuthenticate: the bearer token, verified (gateway/auth/): signature against the identity
 * provider's keys (or the gateway's own, for partner-app tokens), issuer, audience, expiry,
 * not-before, algorithm allow-list. The token is never echoed.
 *
 * Refuses with HTTP 401: AUTH_MISSING, AUTH_MALFORMED, AUTH_EXPIRED, AUTH_NOT_YET_VALID,
 * AUTH_BAD_SIGNATURE, AUTH_WRONG_ISSUER, AUTH_WRONG_AUDIENCE, AUTH_ALGORITHM_NOT_ALLOWED,
 * AUTH_CLAIMS_INVALID; with HTTP 503 AUTH_KEYS_UNAVAILABLE when the keys cannot be fetched.
 */
import type { TokenVerifier } from "../auth/verifyToken.js";
import type { CallerStep } from "./step.js";

export function useAuthenticate(options: { tokenVerifier: TokenVerifier }): CallerStep {
  const { tokenVerifier } = options;
  return async (state) => {
    state.token = await tokenVerifier.verify(state.req.headers.authorization);
  };
}
