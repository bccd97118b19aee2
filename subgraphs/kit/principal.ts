import { GraphQLError } from "graphql";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import type { Principal, Role } from "../../vocabulary/principal.js";

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
