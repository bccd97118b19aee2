import { fieldRoles } from "../kit/principal.js";

/**
 * The roles of the shelters' fields that their resolvers also check themselves: each declaration
 * is both the field's `@access` directive and the resolver's role check (subgraphs/kit/principal.ts,
 * `fieldRoles`). test/schema/field-roles.test.ts holds the composed schema to these.
 */
export const SHELTERS_FIELD_ROLES = {
  intakeAcceptors: fieldRoles(["Mutation.acceptReferralIntake"], "CASEWORKER"),
} as const;
