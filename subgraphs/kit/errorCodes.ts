/**
 * Stable `extensions.code` values of the project's own errors, shared by the gateway, the
 * subgraphs and the tests. Clients may branch on them; never rename one.
 */
export const ERROR_CODES = {
  /** The caller's roles do not allow this field or operation. */
  ROLE_FORBIDDEN: "ROLE_FORBIDDEN",
  /** The operation touches survivor records and declared no purpose of use. */
  PURPOSE_REQUIRED: "PURPOSE_REQUIRED",
  /** X-Purpose-Of-Use names no known purpose. */
  PURPOSE_INVALID: "PURPOSE_INVALID",
  /** The token's subject is no member or partner-app client of the network. */
  PRINCIPAL_UNKNOWN: "PRINCIPAL_UNKNOWN",
  /** The member was deactivated or the client revoked; the token's expiry does not matter. */
  PRINCIPAL_INACTIVE: "PRINCIPAL_INACTIVE",
  /** The token names another organisation than the member record does. */
  ORGANIZATION_MISMATCH: "ORGANIZATION_MISMATCH",
  /** The record belongs to another organisation's scope. */
  OUT_OF_SCOPE: "OUT_OF_SCOPE",
  /** Membership could not be checked (network subgraph unreachable): refused, never assumed. */
  PRINCIPAL_UNAVAILABLE: "PRINCIPAL_UNAVAILABLE",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",

  // Operation limits (HTTP 400), checked before planning.
  OPERATION_TOO_DEEP: "OPERATION_TOO_DEEP",
  TOO_MANY_ALIASES: "TOO_MANY_ALIASES",
  TOO_MANY_ROOT_FIELDS: "TOO_MANY_ROOT_FIELDS",
  TOO_MANY_DIRECTIVES: "TOO_MANY_DIRECTIVES",
  TOO_MANY_TOKENS: "TOO_MANY_TOKENS",
  OPERATION_TOO_COSTLY: "OPERATION_TOO_COSTLY",
  BATCH_TOO_LARGE: "BATCH_TOO_LARGE",

  /** Too many requests from this caller; see Retry-After (HTTP 429). */
  RATE_LIMITED: "RATE_LIMITED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  /** The whole request took longer than the gateway allows (HTTP 503). */
  REQUEST_TIMEOUT: "REQUEST_TIMEOUT",
  /** A part of the network could not answer (down, slow or saturated); the rest of the answer stands. */
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  /** Anything else: the details are in the gateway's log under the request id given here. */
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** The Redis key (after the configured prefix) whose value changes whenever a member or client does. */
export const MEMBERSHIP_REVISION_KEY = "membership:revision";
