import { GraphQLError } from "graphql";
import { ERROR_CODES, type ErrorCode } from "../../../vocabulary/errorCodes.js";

/** An error of the agreements' own, with a stable code. Never carries a value from the request. */
export function agreementError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/**
 * A BAD_USER_INPUT about one field of `input` that only the database can judge (an unknown
 * counterpart, a duplicate), worded and shaped like validateInput's so that clients read one form.
 */
export function inputFieldError(field: string, message: string): GraphQLError {
  const path = `input.${field}`;
  return new GraphQLError(`Invalid input: ${path}: ${message}`, {
    extensions: { code: ERROR_CODES.BAD_USER_INPUT, argumentName: "input", problems: [{ path, message }] },
  });
}
