import { ROLES, type Role } from "../../vocabulary/principal.js";
import { SENSITIVE_CATEGORIES, type SensitiveCategory } from "../../vocabulary/categories.js";
import { roleAllows } from "../../policy/categories.js";
import { rolesAllow, SchemaPolicyError, type SchemaPolicy } from "./schemaPolicy.js";

/** Per role, the data categories whose fields the schema's `@access` lets that role select at all. */
export type QueryableCategories = Readonly<Record<Role, readonly SensitiveCategory[]>>;

/**
 * What `@access` adds to the consent rule's `roleAllows`: the gateway removes a field whose type or
 * field `@access` leaves out the caller's role before anything is fetched, so the rule never gets
 * to release it (a liaison officer's role allows CONTACT, but no liaison officer may query a
 * `ResidentProfile`, the only type that holds CONTACT). Whoever predicts what the gateway releases
 * (the sharing dry run, the referral coverage check) must apply both; this derives the second from
 * the supergraph, so that the schema stays the one statement of it.
 *
 * Answered per category, as the dry run is. That is exact only while every field of a category is
 * open to a role or closed to it alike; a schema where `@access` splits a category for some role
 * is refused here (and so by `npm run compose`), not answered approximately — unless the role may
 * never see the category at all (`roleAllows`), when no field of it is released whatever `@access` says.
 */
export function queryableCategories(policy: SchemaPolicy): QueryableCategories {
  // The fields the rule decides on, on concrete types (tags on interfaces bind their implementations).
  const fields = [...policy.sensitiveFields].filter(([key]) => policy.recordFields.has(key.split(".")[0]!) || policy.presenceFields.has(key));
  const table = {} as Record<Role, readonly SensitiveCategory[]>;
  for (const role of ROLES) {
    const queryable: SensitiveCategory[] = [];
    for (const category of SENSITIVE_CATEGORIES) {
      const verdicts = fields
        .filter(([, tagged]) => tagged === category)
        .map(([key]) => {
          const [typeName, fieldName] = key.split(".") as [string, string];
          return rolesAllow(policy, [role], typeName, fieldName);
        });
      if (verdicts.includes(true) && verdicts.includes(false) && roleAllows([role], category)) {
        throw new SchemaPolicyError(`@access lets ${role} select some ${category} fields but not others: the sharing dry run cannot answer for the category`);
      }
      if (verdicts.includes(true)) queryable.push(category);
    }
    table[role] = Object.freeze(queryable);
  }
  return Object.freeze(table);
}

/** The TypeScript module `npm run compose` writes to `schema/queryableCategories.ts`. */
export function renderQueryableCategories(table: QueryableCategories): string {
  const rows = ROLES.map((role) => `  ${role}: [${table[role].map((c) => JSON.stringify(c)).join(", ")}],`);
  return [
    "// Written by `npm run compose` from supergraph.graphql (gateway/policy/queryableCategories.ts). Do not edit.",
    'import type { Role } from "../vocabulary/principal.js";',
    'import type { SensitiveCategory } from "../vocabulary/categories.js";',
    "",
    "/** Per role, the data categories whose fields the supergraph's `@access` lets that role select at all. */",
    "export const QUERYABLE_CATEGORIES: Readonly<Record<Role, readonly SensitiveCategory[]>> = {",
    ...rows,
    "};",
    "",
  ].join("\n");
}
