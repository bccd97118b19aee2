import type { GraphQLFormattedError } from "graphql";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { mentionsGatewayKey } from "./gatewayKeys.js";
import type { PathSet } from "./PathSet.js";

/** Said instead of a message that would name the gateway's own response keys. */
export const INVALID_ANSWER_MESSAGE = "A subgraph answered a value that the schema does not allow here; it is left out.";

/** The error for a value a subgraph answered that the schema does not allow there (at `path` when known). */
export function invalidAnswerError(path: readonly (string | number)[] | undefined): GraphQLFormattedError {
  return { message: INVALID_ANSWER_MESSAGE, ...(path ? { path: [...path] } : {}), extensions: { code: ERROR_CODES.SUBGRAPH_ANSWER_INVALID } };
}

/**
 * An error as it may leave the gateway: a message that names one of the gateway's own keys (`_0`,
 * `__x2`, `__t`, as in Apollo's "Cannot return null for non-nullable field …") is replaced by a fixed
 * one, and every error carries a code (INTERNAL_SERVER_ERROR when it came without one).
 */
export function publicError(error: GraphQLFormattedError): GraphQLFormattedError {
  if (mentionsGatewayKey(error.message)) return invalidAnswerError(error.path);
  if (typeof error.extensions?.code === "string") return error;
  return { ...error, extensions: { ...error.extensions, code: ERROR_CODES.INTERNAL_SERVER_ERROR } };
}

/**
 * Execution errors carry paths in gateway keys. Each is given the client's path. When the path runs
 * through a key the client never asked for (`__t`, an extra field such as a record's owner), the
 * error is placed where its null landed for the client: the deepest position along the client part
 * of the path that is null in the rebuilt `data` (a null propagates up to the nearest nullable
 * field, and that is the position the client sees missing); with no such null, it keeps no path. An error at or under a
 * position the gateway nulled is dropped: it would tell the client something about a value it may not
 * see (that it exists, that it failed, or — from a verbatim subgraph message — part of it).
 * Locations point into the rewritten document, which the client never sent, so they are not kept.
 */
export function translateExecutionErrors(
  errors: readonly GraphQLFormattedError[],
  clientKeyOf: ReadonlyMap<string, string>,
  nulled: PathSet,
  data: unknown = undefined,
): GraphQLFormattedError[] {
  const translated: GraphQLFormattedError[] = [];
  for (const error of errors) {
    let path: (string | number)[] | undefined;
    if (error.path !== undefined) {
      const { prefix, complete } = clientPath(error.path, clientKeyOf);
      if (nulled.covers(prefix)) continue;
      path = complete ? prefix : nullAlong(data, prefix);
    }
    translated.push({
      message: error.message,
      ...(path === undefined ? {} : { path }),
      ...(error.extensions === undefined ? {} : { extensions: error.extensions }),
    });
  }
  return translated;
}

/** The longest prefix of `gatewayPath` that maps to client keys, and whether that is all of it. */
function clientPath(gatewayPath: readonly (string | number)[], clientKeyOf: ReadonlyMap<string, string>): { prefix: (string | number)[]; complete: boolean } {
  const prefix: (string | number)[] = [];
  for (const key of gatewayPath) {
    if (typeof key === "number") {
      prefix.push(key);
      continue;
    }
    const clientKey = clientKeyOf.get(key);
    if (clientKey === undefined) return { prefix, complete: false };
    prefix.push(clientKey);
  }
  return { prefix, complete: true };
}

/** The deepest position along `path` whose value in `data` is null (data itself when null), or undefined. */
function nullAlong(data: unknown, path: readonly (string | number)[]): (string | number)[] | undefined {
  if (data === undefined) return undefined;
  let value: unknown = data;
  for (let depth = 0; ; depth++) {
    if (value === null) return path.slice(0, depth);
    if (depth === path.length || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[path[depth]!];
    if (value === undefined) return undefined;
  }
}
