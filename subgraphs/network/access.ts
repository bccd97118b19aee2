import { fieldRoles } from "../kit/principal.js";

/**
 * The roles of the network's fields that its resolvers also check themselves: each declaration is
 * both the field's `@access` directive and the resolver's role check (subgraphs/kit/principal.ts,
 * `fieldRoles`). test/schema/field-roles.test.ts holds the composed schema to these.
 */
export const NETWORK_FIELD_ROLES = {
  consentWriters: fieldRoles(["Mutation.recordConsent", "Mutation.withdrawConsent"], "CASEWORKER"),
  ownerStaff: fieldRoles(["Query.survivorDisclosures", "Query.overrideNotices", "Mutation.acknowledgeOverrideNotice"], "CASEWORKER", "ORG_ADMIN"),
  dryRunners: fieldRoles(["Query.sharingDryRun"], "ORG_ADMIN", "CASEWORKER"),
} as const;
