import { GraphQLError } from "graphql";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { ERROR_CODES, type ErrorCode } from "../../../vocabulary/errorCodes.js";
import type { Principal } from "../../../vocabulary/principal.js";
import { LAW_ENFORCEMENT_FIELD_ROLES } from "../access.js";

/** An error of the certification operations: a stable code and a message written for the client. */
export function certificationError(code: ErrorCode, message: string, argumentName?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...(argumentName ? { argumentName } : {}) } });
}

/** A request the caller's organisation is no party to is indistinguishable from none at all. */
export const requestNotFound = () => certificationError(ERROR_CODES.NOT_FOUND, "No certification request of your organisation with this id", "id");

/** Whether a Prisma error is a unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

export interface CertificationActor {
  organizationId: string;
  memberId: string;
}

/** Only caseworkers of a legal-aid organisation request certifications, for that organisation. */
export function requireRequester(principal: Principal): CertificationActor {
  if (
    principal.kind !== "member" ||
    !principal.organizationId ||
    principal.organizationKind !== OrganizationKind.LEGAL_AID ||
    !LAW_ENFORCEMENT_FIELD_ROLES.certificationRequesters.allows(principal)
  ) {
    throw certificationError(ERROR_CODES.ROLE_FORBIDDEN, "Only a caseworker of a legal-aid organisation may request a certification");
  }
  return { organizationId: principal.organizationId, memberId: principal.id };
}

/** Members act on their organisation's requests; which step is theirs is decided by the party their organisation is. */
export function requireMember(principal: Principal): CertificationActor {
  if (principal.kind !== "member" || !principal.organizationId || !LAW_ENFORCEMENT_FIELD_ROLES.certificationParties.allows(principal)) {
    throw certificationError(ERROR_CODES.ROLE_FORBIDDEN, "Only a caseworker or liaison officer may act on certification requests");
  }
  return { organizationId: principal.organizationId, memberId: principal.id };
}
