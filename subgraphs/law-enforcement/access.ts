import { fieldRoles } from "../kit/principal.js";

/**
 * The roles of law enforcement's fields that its resolvers also check themselves: each declaration
 * is both the field's `@access` directive and the resolver's role check (subgraphs/kit/principal.ts,
 * `fieldRoles`). test/schema/field-roles.test.ts holds the composed schema to these.
 */
export const LAW_ENFORCEMENT_FIELD_ROLES = {
  certificationRequesters: fieldRoles(["Mutation.requestCertification"], "CASEWORKER"),
  certificationParties: fieldRoles(
    ["Query.certificationRequests", "Query.certificationRequest", "Mutation.reviewCertification", "Mutation.decideCertification", "Mutation.withdrawCertificationRequest"],
    "CASEWORKER",
    "LIAISON_OFFICER",
  ),
} as const;
