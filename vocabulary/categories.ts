/**
 * Data categories of survivor data, as the project's `@sensitive(category:)` directive names
 * them on fields (see SUBGRAPH_SCHEMA_HEADER in subgraphs/kit/schema.ts). The gateway releases a field only
 * when the rule for its category allows it; `schema/lint.ts` refuses schemas that tag fields with
 * any other name.
 *
 * `CONFIDENTIAL_SITE` is about an organisation (the address of a confidential shelter), not a
 * survivor: it has no consent term, and its fields need an owner but no subject.
 */
export const SENSITIVE_CATEGORIES = ["IDENTITY", "CONTACT", "LOCATION", "HEALTH", "IMMIGRATION", "LAW_ENFORCEMENT", "CASE_NARRATIVE", "CONFIDENTIAL_SITE"] as const;
export type SensitiveCategory = (typeof SENSITIVE_CATEGORIES)[number];

/** Categories about an organisation rather than a survivor: their records need no subject. */
export const ORGANIZATION_CATEGORIES: readonly SensitiveCategory[] = ["CONFIDENTIAL_SITE"];

export function isSensitiveCategory(value: string): value is SensitiveCategory {
  return (SENSITIVE_CATEGORIES as readonly string[]).includes(value);
}

/**
 * The fields that name a sensitive record for the rule, on every type that carries one: the
 * survivor it is about and the organisation that owns it. `schema/lint.ts` checks the schemas carry
 * them where `@sensitive` needs them; the gateway's schema policy fetches them on every record.
 */
export const SUBJECT_FIELD = "survivorId";
export const OWNER_FIELD = "ownerOrganizationId";
