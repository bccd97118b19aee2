import { GraphQLError } from "graphql";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";

/**
 * A refused input found only by looking at the database (a subject already in use), in the same
 * shape as `validateInput`'s refusals: "Invalid input: input.<field>: <message>".
 */
export function inputConflict(field: string, message: string): GraphQLError {
  const path = `input.${field}`;
  return new GraphQLError(`Invalid input: ${path}: ${message}`, {
    extensions: { code: ERROR_CODES.BAD_USER_INPUT, argumentName: "input", problems: [{ path, message }] },
  });
}

/** Another organisation's member is indistinguishable from one that does not exist. */
export function noSuchMember(): GraphQLError {
  return new GraphQLError("No such member in your organisation", { extensions: { code: ERROR_CODES.NOT_FOUND } });
}

/** Nor is another organisation's partner-app client, or one already revoked. */
export function noActiveClient(): GraphQLError {
  return new GraphQLError("No active partner-app client with this id in your organisation", { extensions: { code: ERROR_CODES.NOT_FOUND } });
}
