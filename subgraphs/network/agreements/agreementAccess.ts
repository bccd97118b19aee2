import type { Prisma } from "../../../prisma/network/generated/client.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { hasAnyRole, type Principal } from "../../../vocabulary/principal.js";
import { NO_ORGANIZATION } from "../../kit/scope.js";
import { agreementError } from "./agreementErrors.js";

// Who may see and who may change agreements. The gateway already refuses the mutations to every
// role but ORG_ADMIN (@access); these checks hold in the subgraph whatever the schema says.

/** Someone who acts FOR an organisation on its agreements: a member who is its admin. */
export interface AgreementAdmin {
  memberId: string;
  organizationId: string;
}

/**
 * Only an organisation admin proposes, signs and changes agreements, and only for their own
 * organisation (every step checks that organisation is the right party). A network steward never
 * does, even one who also holds ORG_ADMIN: stewards oversee the network, and a signature of the
 * body that runs it would read as the network's endorsement.
 */
export function requireAgreementAdmin(principal: Principal): AgreementAdmin {
  if (principal.kind !== "member" || !principal.organizationId || !hasAnyRole(principal, ["ORG_ADMIN"]) || hasAnyRole(principal, ["NETWORK_STEWARD"])) {
    throw agreementError(ERROR_CODES.ROLE_FORBIDDEN, "Only an organisation admin may propose, sign or change an agreement of their organisation");
  }
  return { memberId: principal.id, organizationId: principal.organizationId };
}

/** Agreements where the organisation is a party (either side). */
export function partyTo(organizationId: string): Prisma.AgreementWhereInput {
  return { OR: [{ fromOrganizationId: organizationId }, { toOrganizationId: organizationId }] };
}

/**
 * Which agreements a caller may read: a network steward every one, an organisation admin those of
 * their organisation (either party), anyone else none.
 */
export function visibleAgreements(principal: Principal): Prisma.AgreementWhereInput {
  if (hasAnyRole(principal, ["NETWORK_STEWARD"])) return {};
  if (hasAnyRole(principal, ["ORG_ADMIN"]) && principal.organizationId) return partyTo(principal.organizationId);
  return { id: NO_ORGANIZATION };
}
