import { GraphQLError } from "graphql";
import { z } from "zod";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { OrganizationKind } from "../../vocabulary/organizations.js";
import { PURPOSES, type Principal, ROLES, type Role } from "../../vocabulary/principal.js";



/** The forwarded principal as the subgraphs validate it (the shape is vocabulary/principal.ts's `Principal`). */
export const principalSchema = z.object({
  kind: z.enum(["member", "client", "system"]),
  id: z.string().min(1).max(255),
  organizationId: z.uuid().nullable(),
  organizationKind: z.enum(OrganizationKind).nullable(),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  purpose: z.enum(PURPOSES).nullable(),
});
// The schema and the vocabulary's type must describe the same thing, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const principalShapesAgree: Same<z.infer<typeof principalSchema>, Principal> = true;
void principalShapesAgree;


/** `@access(roles: [...])` for type-graphql's `@Directive`, with the role names checked by tsc. */
export function access(...roles: Role[]): string {
  return `@access(roles: [${roles.map((r) => JSON.stringify(r)).join(", ")}])`;
}


/**
 * For internal fields (@inaccessible) that only the gateway itself may ask: anyone else gets the
 * same refusal, whatever the field, so that probing them learns nothing.
 */
export function requireSystemPrincipal(principal: Principal): void {
  if (principal.kind !== "system") throw new GraphQLError("Not available", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
}
