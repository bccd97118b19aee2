import type { GraphQLFormattedError } from "graphql";
import { AUTH_ERROR_CODES } from "../auth/errors.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import type { Logger } from "../../platform/logger.js";
import { currentRequestId } from "../../platform/requestScope.js";
import { LIMIT_CODE_EXTENSION } from "../limits/limitRules.js";
import { ALL_DECISION_CODES } from "../../policy/decisionCodes.js";

/**
 * Codes whose message is written for the client (by this project, or by Apollo/graphql-js
 * about the client's own document). Everything else is masked: its text could carry a
 * subgraph URL, SQL, a Prisma message or worse.
 */
const PUBLIC_CODES = new Set<string>([
  ...Object.values(ERROR_CODES).filter((code) => code !== ERROR_CODES.INTERNAL_SERVER_ERROR && code !== ERROR_CODES.SERVICE_UNAVAILABLE),
  ...Object.values(AUTH_ERROR_CODES),
  // The consent rule's codes: fixed messages that never carry a value.
  ...ALL_DECISION_CODES,
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** Extensions a public error may keep besides its code: what names the client's mistake. */
const PUBLIC_EXTENSIONS = ["argumentName", "problems"] as const;

// A subgraph that is down, slow or saturated: the answer is partial, not broken.
const UNAVAILABLE = /fetch failed|ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|timed? ?out|aborted|is busy/i;
// graphql-js's own wording, typo included ("more that").
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more tha[nt] \d+ tokens/;

/**
 * Apollo Server's formatError for the gateway: stable codes through, everything else masked
 * to a generic message with the request id (also in the x-request-id header) under which the
 * full error is logged.
 */
export function formatGatewayError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const extensions = formatted.extensions ?? {};
    let code = typeof extensions.code === "string" ? extensions.code : undefined;
    if (typeof extensions[LIMIT_CODE_EXTENSION] === "string") code = extensions[LIMIT_CODE_EXTENSION];
    if (code === "GRAPHQL_PARSE_FAILED" && TOO_MANY_TOKENS.test(formatted.message)) code = ERROR_CODES.TOO_MANY_TOKENS;

    const base = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
    if (code && PUBLIC_CODES.has(code)) {
      const kept = Object.fromEntries(PUBLIC_EXTENSIONS.filter((key) => key in extensions).map((key) => [key, extensions[key]]));
      return { message: formatted.message, ...base, extensions: { code, ...kept } };
    }
    const requestId = currentRequestId();
    const unavailable = UNAVAILABLE.test(formatted.message);
    log.error(
      { requestId, code, serviceName: extensions.serviceName, path: formatted.path, err: error instanceof Error ? error : undefined, originalMessage: formatted.message },
      unavailable ? "subgraph unavailable" : "masked error",
    );
    return unavailable
      ? {
          message: "Part of the network is unavailable right now; the rest of the answer stands. Try again shortly.",
          ...base,
          extensions: { code: ERROR_CODES.SERVICE_UNAVAILABLE, requestId },
        }
      : { message: "Internal server error", ...base, extensions: { code: ERROR_CODES.INTERNAL_SERVER_ERROR, requestId } };
  };
}
