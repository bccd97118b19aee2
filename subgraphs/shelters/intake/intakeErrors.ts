import { GraphQLError } from "graphql";
import { ERROR_CODES, type ErrorCode } from "../../../vocabulary/errorCodes.js";

/** An error of the intake operations: a stable code and a message written for the client. */
export function intakeError(code: ErrorCode, message: string, argumentName?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...(argumentName ? { argumentName } : {}) } });
}

/** A referral the caller's organisation does not receive is indistinguishable from none at all. */
export const referralNotFound = () => intakeError(ERROR_CODES.NOT_FOUND, "No such referral to a programme of your organisation", "referralId");

/** Whether a Prisma error is a unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
