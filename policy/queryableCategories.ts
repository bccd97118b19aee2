// Written by `npm run compose` from supergraph.graphql (gateway/policy/queryableCategories.ts). Do not edit.
import type { Role } from "../vocabulary/principal.js";
import type { SensitiveCategory } from "../vocabulary/categories.js";

/** Per role, the data categories whose fields the supergraph's `@access` lets that role select at all. */
export const QUERYABLE_CATEGORIES: Readonly<Record<Role, readonly SensitiveCategory[]>> = {
  CASEWORKER: ["IDENTITY", "CONTACT", "LOCATION", "HEALTH", "IMMIGRATION", "LAW_ENFORCEMENT", "CASE_NARRATIVE", "CONFIDENTIAL_SITE"],
  ORG_ADMIN: ["CONFIDENTIAL_SITE"],
  NETWORK_STEWARD: ["CONFIDENTIAL_SITE"],
  LIAISON_OFFICER: ["LAW_ENFORCEMENT", "CASE_NARRATIVE", "CONFIDENTIAL_SITE"],
  PARTNER_APP: ["CONFIDENTIAL_SITE"],
};
