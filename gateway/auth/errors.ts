/**
 * Why a caller's identity was refused. The codes are stable and shared by the gateway, its
 * clients and the tests.
 */
export const AUTH_ERROR_CODES = {
  MISSING: "AUTH_MISSING",
  MALFORMED: "AUTH_MALFORMED",
  EXPIRED: "AUTH_EXPIRED",
  NOT_YET_VALID: "AUTH_NOT_YET_VALID",
  BAD_SIGNATURE: "AUTH_BAD_SIGNATURE",
  WRONG_ISSUER: "AUTH_WRONG_ISSUER",
  WRONG_AUDIENCE: "AUTH_WRONG_AUDIENCE",
  ALGORITHM_NOT_ALLOWED: "AUTH_ALGORITHM_NOT_ALLOWED",
  CLAIMS_INVALID: "AUTH_CLAIMS_INVALID",
  KEYS_UNAVAILABLE: "AUTH_KEYS_UNAVAILABLE",
} as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[keyof typeof AUTH_ERROR_CODES];

// One fixed message per code. A message never carries the token or any claim value: refusals
// reach the caller and the logs, and a token in a log line is a credential anyone reading the
// logs can replay, while its claims name a member and their organisation.
export const AUTH_ERROR_MESSAGES: Record<AuthErrorCode, string> = {
  AUTH_MISSING: "Authorization header is missing",
  AUTH_MALFORMED: "Authorization header is not a well-formed bearer token",
  AUTH_EXPIRED: "Token has expired",
  AUTH_NOT_YET_VALID: "Token is not yet valid",
  AUTH_BAD_SIGNATURE: "Token signature could not be verified with a trusted key",
  AUTH_WRONG_ISSUER: "Token was not issued by the trusted issuer",
  AUTH_WRONG_AUDIENCE: "Token is not intended for this gateway",
  AUTH_ALGORITHM_NOT_ALLOWED: "Token signing algorithm is not allowed",
  AUTH_CLAIMS_INVALID: "Token claims are missing or invalid",
  AUTH_KEYS_UNAVAILABLE: "Token signing keys are unavailable, try again later",
};

export class AuthError extends Error {
  override name = "AuthError";
  readonly code: AuthErrorCode;
  /** 503 when the keys could not be had (the caller may retry), 401 otherwise. */
  readonly status: 401 | 503;
  /**
   * For operators' logs only: which check failed (a claim name or a check, never a value).
   * Not meant for the caller.
   */
  readonly detail: string | undefined;

  constructor(code: AuthErrorCode, options: { detail?: string; cause?: unknown } = {}) {
    // Give a cause only for key-source failures (a network error naming the JWKS URL): jose's
    // claim errors carry the whole payload, and a logger that prints causes would print it.
    super(AUTH_ERROR_MESSAGES[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = code === AUTH_ERROR_CODES.KEYS_UNAVAILABLE ? 503 : 401;
    this.detail = options.detail;
  }
}
