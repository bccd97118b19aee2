import type { OrganizationKind } from "./organizations.js";

/** What a caller may do, as member records and tokens name it. */
export const ROLES = ["CASEWORKER", "ORG_ADMIN", "NETWORK_STEWARD", "LIAISON_OFFICER", "PARTNER_APP"] as const;
export type Role = (typeof ROLES)[number];

/** Why a caller asks (X-Purpose-Of-Use). Consent and agreements are bound to purposes. */
export const PURPOSES = ["SERVICE_REFERRAL", "SAFETY_PLANNING", "LEGAL_REPRESENTATION", "CERTIFICATION", "CRIMINAL_INVESTIGATION", "EMERGENCY", "DIRECTORY"] as const;
export type Purpose = (typeof PURPOSES)[number];

/**
 * The verified caller as the gateway forwards it to subgraphs. `system` is the gateway itself
 * (e.g. looking up a member); it carries no organisation and no roles. The subgraphs validate it
 * with the kit's `principalSchema`, which a compile-time check holds to this shape.
 */
export interface Principal {
  kind: "member" | "client" | "system";
  id: string;
  organizationId: string | null;
  organizationKind: OrganizationKind | null;
  roles: Role[];
  purpose: Purpose | null;
}

export const SYSTEM_PRINCIPAL: Principal = {
  kind: "system",
  id: "gateway",
  organizationId: null,
  organizationKind: null,
  roles: [],
  purpose: null,
};

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}
