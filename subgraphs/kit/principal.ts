import { GraphQLError } from "graphql";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { hasAnyRole, type Principal, type Role } from "../../vocabulary/principal.js";

/** `@access(roles: [...])` for type-graphql's `@Directive`, with the role names checked by tsc. */
export function access(...roles: Role[]): string {
  return `@access(roles: [${roles.map((r) => JSON.stringify(r)).join(", ")}])`;
}

/**
 * Who may use some fields, said once: the `@access` directive the gateway enforces before planning
 * and the subgraph's own check in the resolver read the same role list, so the two cannot differ.
 * `fields` names the schema coordinates (`Mutation.recordConsent`) that carry it; each subgraph
 * keeps its declarations in its `access.ts`, and test/schema/field-roles.test.ts holds every named
 * coordinate's composed `@access` to the declaration's roles.
 */
export interface FieldRoles {
  readonly fields: readonly string[];
  readonly roles: readonly Role[];
  /** `@access(roles: [...])` for type-graphql's `@Directive`. */
  readonly directive: string;
  /** The subgraph's own check: the principal holds one of the roles. */
  allows(principal: Principal): boolean;
}

export function fieldRoles(fields: readonly string[], ...roles: Role[]): FieldRoles {
  const frozen = Object.freeze([...roles]);
  return Object.freeze({ fields: Object.freeze([...fields]), roles: frozen, directive: access(...frozen), allows: (principal: Principal) => hasAnyRole(principal, frozen) });
}

/**
 * For internal fields (@inaccessible) that only the gateway itself may ask: anyone else gets the
 * same refusal, whatever the field, so that probing them learns nothing.
 */
export function requireSystemPrincipal(principal: Principal): void {
  if (principal.kind !== "system") throw new GraphQLError("Not available", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
}
