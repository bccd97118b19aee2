import { GraphQLError } from "graphql";
import { z } from "zod";
import { ERROR_CODES } from "./errorCodes.js";
import { OrganizationKind } from "./directory.js";

/** What a caller may do, as member records and tokens name it. */
export const ROLES = ["CASEWORKER", "ORG_ADMIN", "NETWORK_STEWARD", "LIAISON_OFFICER", "PARTNER_APP"] as const;
export type Role = (typeof ROLES)[number];

/** Why a caller asks (X-Purpose-Of-Use). Consent and agreements are bound to purposes. */
export const PURPOSES = [
  "SERVICE_REFERRAL",
  "SAFETY_PLANNING",
  "LEGAL_REPRESENTATION",
  "CERTIFICATION",
  "CRIMINAL_INVESTIGATION",
  "EMERGENCY",
  "DIRECTORY",
] as const;
export type Purpose = (typeof PURPOSES)[number];

/**
 * The verified caller as the gateway forwards it to subgraphs. `system` is the gateway itself
 * (e.g. looking up a member); it carries no organisation and no roles.
 */
export const principalSchema = z.object({
  kind: z.enum(["member", "client", "system"]),
  id: z.string().min(1).max(255),
  organizationId: z.uuid().nullable(),
  organizationKind: z.enum(OrganizationKind).nullable(),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  purpose: z.enum(PURPOSES).nullable(),
});
export type Principal = z.infer<typeof principalSchema>;

export const SYSTEM_PRINCIPAL: Principal = {
  kind: "system",
  id: "gateway",
  organizationId: null,
  organizationKind: null,
  roles: [],
  purpose: null,
};

/** `@access(roles: [...])` for type-graphql's `@Directive`, with the role names checked by tsc. */
export function access(...roles: Role[]): string {
  return `@access(roles: [${roles.map((r) => JSON.stringify(r)).join(", ")}])`;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

/**
 * For internal fields (@inaccessible) that only the gateway itself may ask: anyone else gets the
 * same refusal, whatever the field, so that probing them learns nothing.
 */
export function requireSystemPrincipal(principal: Principal): void {
  if (principal.kind !== "system") throw new GraphQLError("Not available", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
}
