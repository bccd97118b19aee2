import { ERROR_CODES } from "../../subgraphs/kit/errorCodes.js";
import { SystemCallError } from "../network/systemClient.js";

/**
 * Why a relay delivery failed, and whether trying again could change the answer. A permanent
 * failure is the destination refusing the message for what it is (the same message gets the same
 * answer on every try): the relay parks it and carries on with the others. Anything else —
 * unreachable, slow, 5xx, saturated, a race, a refusal we do not recognise — is transient: the
 * relay waits and tries again, as it always did. When in doubt, transient: a message held back is
 * late, a message parked needs a person.
 */
export interface DeliveryFailure {
  permanent: boolean;
  /** The destination's error code, or what stands for it (`HTTP_503`, `TIMEOUT`, `UNREACHABLE`). */
  code: string;
  /** One line for the record and the log: what the destination said, never the message's content. */
  reason: string;
}

/**
 * Codes with which a destination refuses a message for good: its content is invalid or names
 * what is not there (BAD_USER_INPUT, NOT_FOUND), or it asks a step the record's state has moved
 * past (INVALID_TRANSITION; states only move forward). Not CONFLICT (a race: the next try reads
 * again), nor the codes of a subgraph that cannot answer now (SERVICE_UNAVAILABLE,
 * POLICY_UNAVAILABLE, PRINCIPAL_UNAVAILABLE, REQUEST_TIMEOUT), nor ROLE_FORBIDDEN or
 * GRAPHQL_VALIDATION_FAILED: those are the gateway and the subgraph disagreeing about keys or
 * schema (a deployment under way), which every message meets alike and a fix mends.
 */
export const PERMANENT_REFUSAL_CODES: ReadonlySet<string> = new Set([ERROR_CODES.BAD_USER_INPUT, ERROR_CODES.NOT_FOUND, ERROR_CODES.INVALID_TRANSITION]);

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

const clip = (text: string) => (text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text);

export function classifyDeliveryFailure(error: unknown): DeliveryFailure {
  if (error instanceof PermanentDeliveryError) return { permanent: true, code: error.code, reason: clip(error.message) };
  if (error instanceof SystemCallError) {
    const code = error.code ?? (error.status !== null && error.status >= 300 ? `HTTP_${error.status}` : "ERROR");
    // A refusal by code; a 5xx is the subgraph failing, whatever code it names.
    const permanent = error.code !== null && PERMANENT_REFUSAL_CODES.has(error.code) && (error.status === null || error.status < 500);
    return { permanent, code, reason: clip(error.detail ? `${error.message}: ${error.detail}` : error.message) };
  }
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "TimeoutError" || name === "AbortError") return { permanent: false, code: "TIMEOUT", reason: clip(`no answer in time (${name})`) };
  // fetch's own failure (refused, reset, no route): the destination is not there now.
  if (name === "TypeError" && /fetch failed/i.test(message)) return { permanent: false, code: "UNREACHABLE", reason: clip(`unreachable: ${message}`) };
  return { permanent: false, code: "ERROR", reason: clip(`${name}: ${message}`) };
}
