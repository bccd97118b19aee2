import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { SystemCallError } from "../../platform/systemClient.js";

/**
 * Why a relay delivery failed, and what trying again could change. Three kinds, because the relay
 * answers each differently (docs/design.md, "Referrals across two databases"):
 *
 * - REFUSED: the destination refuses the message for what it is; the same message gets the same
 *   answer on every try. The relay parks it at once and carries on with the others.
 * - UNAVAILABLE: the destination cannot answer now (unreachable, slow, overloaded, or the workers and
 *   it disagree about keys or schema during a deployment). Every message would meet it alike, so
 *   the relay holds the whole channel back and waits; such a failure never parks anything.
 * - FAILED: anything else — a 500, an error code we do not recognise, a race (CONFLICT). It may be
 *   this message's own (a destination bug that only its content meets) or the destination failing
 *   for everyone. The relay keeps the message's referral back and goes on with the others; it parks
 *   the message only once it has failed again and again while the destination took other messages
 *   meanwhile (`repeatedFailures.ts`), which an outage cannot produce.
 * - UNRECORDED: the destination took the message, but the source failed to record its answer (a
 *   shelter's intake confirmed or released after the network decided). Retried like FAILED, never
 *   parked: a parked message can be discarded, and discarding would undo at the source what the
 *   destination already holds (a bed freed for a referral the network has accepted).
 *
 * When in doubt, not REFUSED: a message held back is late, a message parked needs a person.
 */
export const DeliveryFailureKind = {
  REFUSED: "REFUSED",
  UNAVAILABLE: "UNAVAILABLE",
  FAILED: "FAILED",
  UNRECORDED: "UNRECORDED",
} as const;
export type DeliveryFailureKind = (typeof DeliveryFailureKind)[keyof typeof DeliveryFailureKind];

export interface DeliveryFailure {
  kind: DeliveryFailureKind;
  /** The destination's error code, or what stands for it (`HTTP_503`, `TIMEOUT`, `UNREACHABLE`, `REPEATED_FAILURE`). */
  code: string;
  /** One line for the record and the log: what the destination said, never the message's content. */
  reason: string;
}

/**
 * Codes with which a destination refuses a message for good: its content is invalid or names
 * what is not there (BAD_USER_INPUT, NOT_FOUND), or it asks a step the record's state has moved
 * past (INVALID_TRANSITION; states only move forward).
 */
export const PERMANENT_REFUSAL_CODES: ReadonlySet<string> = new Set([ERROR_CODES.BAD_USER_INPUT, ERROR_CODES.NOT_FOUND, ERROR_CODES.INVALID_TRANSITION]);

/**
 * Codes of a destination that cannot answer any message now: saturated or timed out
 * (SERVICE_UNAVAILABLE, REQUEST_TIMEOUT, RATE_LIMITED, and every `*_UNAVAILABLE`), or refusing the
 * workers themselves rather than the message (ROLE_FORBIDDEN, UNAUTHENTICATED, `ASSERTION_*`, `AUTH_*`,
 * GRAPHQL_VALIDATION_FAILED, GRAPHQL_PARSE_FAILED: keys or schema out of step, which a deployment
 * mends). Not CONFLICT: a race is about one record, and the next try reads again.
 */
export const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  ERROR_CODES.SERVICE_UNAVAILABLE,
  ERROR_CODES.REQUEST_TIMEOUT,
  ERROR_CODES.RATE_LIMITED,
  ERROR_CODES.ROLE_FORBIDDEN,
  "UNAUTHENTICATED",
  "GRAPHQL_VALIDATION_FAILED",
  "GRAPHQL_PARSE_FAILED",
]);
const UNAVAILABLE_CODE = /(_UNAVAILABLE$|^ASSERTION_|^AUTH_)/;

/** HTTP statuses that speak of the destination, not the message: not let in, too many, a proxy without it behind. */
const UNAVAILABLE_STATUSES: ReadonlySet<number> = new Set([401, 403, 429, 502, 503, 504]);

/** Longest reason kept (the column's width). */
export const MAX_REASON_LENGTH = 500;

/** Thrown by a channel about a message it cannot carry at all (an unknown kind, a payload that does not parse). */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Thrown by a channel when the destination took the message and the source's own step after it
 * failed for a reason that is not a refusal: retried, never parked (see UNRECORDED).
 */
export class UnrecordedDeliveryError extends Error {
  override name = "UnrecordedDeliveryError";
  constructor(readonly failure: DeliveryFailure) {
    super(failure.reason);
  }
}

export const clipReason = (text: string) => (text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text);

function kindOfAnswer(error: SystemCallError): DeliveryFailureKind {
  const { code, status } = error;
  if (status !== null && UNAVAILABLE_STATUSES.has(status)) return DeliveryFailureKind.UNAVAILABLE;
  if (code !== null && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_CODE.test(code))) return DeliveryFailureKind.UNAVAILABLE;
  // A refusal by code; a 5xx is the subgraph failing, whatever code it names.
  if (code !== null && PERMANENT_REFUSAL_CODES.has(code) && (status === null || status < 500)) return DeliveryFailureKind.REFUSED;
  return DeliveryFailureKind.FAILED;
}

export function classifyDeliveryFailure(error: unknown): DeliveryFailure {
  if (error instanceof UnrecordedDeliveryError) return error.failure;
  if (error instanceof PermanentDeliveryError) return { kind: DeliveryFailureKind.REFUSED, code: error.code, reason: clipReason(error.message) };
  if (error instanceof SystemCallError) {
    const code = error.code ?? (error.status !== null && error.status >= 300 ? `HTTP_${error.status}` : "ERROR");
    return { kind: kindOfAnswer(error), code, reason: clipReason(error.detail ? `${error.message}: ${error.detail}` : error.message) };
  }
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "TimeoutError" || name === "AbortError") return { kind: DeliveryFailureKind.UNAVAILABLE, code: "TIMEOUT", reason: clipReason(`no answer in time (${name})`) };
  // fetch's own failure (refused, reset, no route): the destination is not there now.
  if (name === "TypeError" && /fetch failed/i.test(message)) return { kind: DeliveryFailureKind.UNAVAILABLE, code: "UNREACHABLE", reason: clipReason(`unreachable: ${message}`) };
  return { kind: DeliveryFailureKind.FAILED, code: "ERROR", reason: clipReason(`${name}: ${message}`) };
}
