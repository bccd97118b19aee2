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
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** The Redis key (after the configured prefix) whose value changes whenever a member or client does. */
export const MEMBERSHIP_REVISION_KEY = "membership:revision";
