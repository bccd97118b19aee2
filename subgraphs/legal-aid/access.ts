import { fieldRoles } from "../kit/principal.js";

/**
 * The roles of legal aid's fields that its resolvers also check themselves: each declaration is
 * both the field's `@access` directive and the resolver's role check (subgraphs/kit/principal.ts,
 * `fieldRoles`). test/schema/field-roles.test.ts holds the composed schema to these.
 */
export const LEGAL_AID_FIELD_ROLES = {
  conflictCheckers: fieldRoles(["Mutation.recordConflictCheck"], "CASEWORKER"),
} as const;
