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
  /** The change would leave an organisation without an active admin (lock-out). Nothing changed. */
  LAST_ORG_ADMIN: "LAST_ORG_ADMIN",
  /** The record's current state does not allow this step (e.g. reinstating a revoked agreement). Nothing changed. */
  INVALID_TRANSITION: "INVALID_TRANSITION",
  /** Someone else changed the record first (concurrent edit); read it again. Nothing changed. */
  CONFLICT: "CONFLICT",
  /** This step is the other party's: countersigning a version the caller's organisation proposed, or reinstating an agreement the other party suspended. */
  OTHER_PARTY_REQUIRED: "OTHER_PARTY_REQUIRED",
  /** The programme has no free place left (another intake took the last one). Nothing changed. */
  NO_CAPACITY: "NO_CAPACITY",
  /** An idempotency key came back with different content: refused, never merged. Use a new key for a new request. */
  IDEMPOTENCY_KEY_REUSED: "IDEMPOTENCY_KEY_REUSED",
  /** The bed asked for is taken or out of use; ask for another, or for none. Nothing changed. */
  BED_UNAVAILABLE: "BED_UNAVAILABLE",
  /** A legal-aid organisation accepts a referral only after its latest conflict-of-interest check is CLEAR or WAIVED. Nothing changed. */
  CONFLICT_CHECK_REQUIRED: "CONFLICT_CHECK_REQUIRED",

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
  /** A subgraph answered what the schema does not allow there (a record without its key, a null where none may be): that value is left out. */
  SUBGRAPH_ANSWER_INVALID: "SUBGRAPH_ANSWER_INVALID",
  /** Anything else: the details are in the gateway's log under the request id given here. */
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** The Redis key (after the configured prefix) whose value changes whenever a member or client does. */
export const MEMBERSHIP_REVISION_KEY = "membership:revision";
