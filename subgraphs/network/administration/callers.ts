import { GraphQLError } from "graphql";
import type { OrganizationKind } from "../../../vocabulary/organizations.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { hasAnyRole } from "../../../vocabulary/principal.js";
import type { NetworkContext } from "../context.js";

export interface Administrator {
  memberId: string;
  organizationId: string;
  organizationKind: OrganizationKind | null;
}

// The gateway already refused these mutations to every other role (@access, before planning);
// the owner of the records checks again, and also that the caller is a person, never an app.

/** An organisation admin, acting for their own organisation only. */
export function requireOrganizationAdmin(ctx: NetworkContext): Administrator {
  const { principal } = ctx;
  if (principal.kind !== "member" || !principal.organizationId || !hasAnyRole(principal, ["ORG_ADMIN"])) {
    throw new GraphQLError("Only an organisation admin may do this", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
  }
  return { memberId: principal.id, organizationId: principal.organizationId, organizationKind: principal.organizationKind };
}

/** A network steward: onboards organisations, and does nothing inside them. */
export function requireSteward(ctx: NetworkContext): { memberId: string; organizationId: string } {
  const { principal } = ctx;
  if (principal.kind !== "member" || !principal.organizationId || !hasAnyRole(principal, ["NETWORK_STEWARD"])) {
    throw new GraphQLError("Only a network steward may onboard an organisation", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
  }
  return { memberId: principal.id, organizationId: principal.organizationId };
}
