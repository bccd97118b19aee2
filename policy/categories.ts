/**
 * The data categories of the consent rule (docs/design.md, "Data categories and the schema") and
 * the static tables the rule consults: which roles may ever see a category, which categories are
 * about an organisation rather than a survivor, and what an emergency may release.
 *
 * Pure data: no I/O, no framework types. Every table is frozen.
 */
import type { Role } from "../vocabulary/principal.js";
import { ORGANIZATION_CATEGORIES as KIT_ORGANIZATION_CATEGORIES, SENSITIVE_CATEGORIES, type SensitiveCategory } from "../vocabulary/categories.js";

/**
 * What a sensitive field is about: the categories the schema's `@sensitive` tags name, one list
 * for the schema lint, the gateway's field map and this rule.
 */
export const DATA_CATEGORIES: typeof SENSITIVE_CATEGORIES = Object.freeze([...SENSITIVE_CATEGORIES] as const);
export type DataCategory = SensitiveCategory;

/**
 * Categories about an organisation, not a survivor (the address of a confidential shelter). They
 * have no consent term: `roleAllows ∧ (P = O ∨ agreement)`, and the record needs no subject.
 */
export const ORGANIZATION_CATEGORIES: readonly DataCategory[] = Object.freeze([...KIT_ORGANIZATION_CATEGORIES]);

/** Which categories each role may ever see, whatever the consents and agreements say. */
export const ROLE_CATEGORIES: Readonly<Record<Role, readonly DataCategory[]>> = Object.freeze({
  CASEWORKER: Object.freeze([...DATA_CATEGORIES]),
  LIAISON_OFFICER: Object.freeze(["IDENTITY", "CONTACT", "LAW_ENFORCEMENT"] as const),
  ORG_ADMIN: Object.freeze([] as const),
  NETWORK_STEWARD: Object.freeze([] as const),
  PARTNER_APP: Object.freeze([] as const),
});

/** The only categories an emergency (purpose EMERGENCY) may release without consent. */
export const EMERGENCY_CATEGORIES: readonly DataCategory[] = Object.freeze(["CONTACT", "LOCATION"] as const);

/** The roles that may invoke an emergency. */
export const EMERGENCY_ROLES: readonly Role[] = Object.freeze(["CASEWORKER", "LIAISON_OFFICER"] as const);

export function isOrganizationCategory(category: DataCategory): boolean {
  return ORGANIZATION_CATEGORIES.includes(category);
}

/**
 * Whether some of these roles is listed with the category in a role → categories table (the rule's
 * own, or the schema's `@access` as compose derives it). The one reading of every such table.
 */
export function anyRoleLists(table: Readonly<Partial<Record<Role, readonly DataCategory[]>>>, roles: readonly Role[], category: DataCategory): boolean {
  // Object.hasOwn guards against a role string that is not a key of the table (e.g. "toString").
  return roles.some((role) => Object.hasOwn(table, role) && (table[role] ?? []).includes(category));
}

/** `roleAllows(R, C)`: some role of the caller may ever see the category. */
export function roleAllows(roles: readonly Role[], category: DataCategory): boolean {
  return anyRoleLists(ROLE_CATEGORIES, roles, category);
}
