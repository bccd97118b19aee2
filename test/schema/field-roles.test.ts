/**
 * Roles per field, said once: a subgraph's `access.ts` declares who may use some fields
 * (`fieldRoles`, subgraphs/kit/principal.ts), and that one declaration is both the field's `@access`
 * directive and the resolver's own check. Here every coordinate a declaration names carries, in
 * its subgraph's generated SDL, an `@access` with exactly the declaration's roles (so a directive
 * written by hand beside it, or a declaration naming a field that is not there, fails), and the
 * check allows exactly those roles.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Kind, parse, type ConstDirectiveNode, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from "graphql";
import { describe, expect, it } from "vitest";
import type { FieldRoles } from "../../subgraphs/kit/principal.js";
import { NETWORK_FIELD_ROLES } from "../../subgraphs/network/access.js";
import { SHELTERS_FIELD_ROLES } from "../../subgraphs/shelters/access.js";
import { LEGAL_AID_FIELD_ROLES } from "../../subgraphs/legal-aid/access.js";
import { LAW_ENFORCEMENT_FIELD_ROLES } from "../../subgraphs/law-enforcement/access.js";
import { ROLES, SYSTEM_PRINCIPAL, type Role } from "../../vocabulary/principal.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TABLES: [string, Record<string, FieldRoles>][] = [
  ["network", NETWORK_FIELD_ROLES],
  ["shelters", SHELTERS_FIELD_ROLES],
  ["legal-aid", LEGAL_AID_FIELD_ROLES],
  ["law-enforcement", LAW_ENFORCEMENT_FIELD_ROLES],
];

/** The roles of `@access` on `Type.field` in the subgraph's SDL; undefined without the field, null without the directive. */
function accessOf(subgraph: string, coordinate: string): string[] | null | undefined {
  const [typeName, fieldName] = coordinate.split(".");
  const document = parse(readFileSync(path.join(ROOT, "schema", `${subgraph}.graphql`), "utf8"));
  const types = document.definitions.filter(
    (definition): definition is ObjectTypeDefinitionNode | ObjectTypeExtensionNode =>
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) && definition.name.value === typeName,
  );
  const field = types.flatMap((type) => type.fields ?? []).find((candidate) => candidate.name.value === fieldName);
  if (field === undefined) return undefined;
  const directive: ConstDirectiveNode | undefined = field.directives?.find((candidate) => candidate.name.value === "access");
  const roles = directive?.arguments?.find((argument) => argument.name.value === "roles")?.value;
  if (roles === undefined) return null;
  return roles.kind === Kind.LIST ? roles.values.map((value) => (value.kind === Kind.STRING ? value.value : "(not a string)")) : ["(not a list)"];
}

const holding = (role: Role) => ({ ...SYSTEM_PRINCIPAL, kind: "member" as const, roles: [role] });

describe("roles per field: the @access directive and the subgraph's own check are one declaration", () => {
  for (const [subgraph, table] of TABLES) {
    for (const [name, declaration] of Object.entries(table)) {
      it(`${subgraph} ${name}: every field it names carries @access(roles: ${declaration.roles.join(", ")})`, () => {
        expect(declaration.fields.length).toBeGreaterThan(0);
        for (const coordinate of declaration.fields) expect(accessOf(subgraph, coordinate), coordinate).toEqual([...declaration.roles]);
      });

      it(`${subgraph} ${name}: the check allows exactly those roles`, () => {
        expect(ROLES.filter((role) => declaration.allows(holding(role)))).toEqual(ROLES.filter((role) => declaration.roles.includes(role)));
      });
    }
  }
});
