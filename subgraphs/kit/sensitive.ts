import type { SensitiveCategory } from "../../vocabulary/categories.js";

/**
 * `@sensitive(category: "...")` for type-graphql's `@Directive`, with the category checked by tsc.
 * `owner` names the field of the same type that holds the organisation owning this value, when it
 * is not the record's `ownerOrganizationId`: free text belongs to the organisation that wrote it.
 */
export function sensitive(category: SensitiveCategory, owner?: string): string {
  const ownerArgument = owner === undefined ? "" : `, owner: ${JSON.stringify(owner)}`;
  return `@sensitive(category: ${JSON.stringify(category)}${ownerArgument})`;
}
