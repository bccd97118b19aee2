/**
 * Which fields of a survivor's records reveal what (README, "Which fields reveal what"): every
 * field of a type about a survivor — a `@survivorRecord` type, or any type with a `survivorId` — is
 * tagged `@sensitive`, or named in the README's table with the reason it is not. The table is read
 * from the README itself, so that what operators read and what the schema holds cannot drift. A
 * new untagged field on such a type fails here until someone decides what it reveals.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Kind, parse, type FieldDefinitionNode, type TypeNode } from "graphql";
import { describe, expect, it } from "vitest";
import { SUBGRAPH_NAMES } from "../../vocabulary/subgraphs.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));
const has = (node: { directives?: readonly { name: { value: string } }[] }, name: string) => (node.directives ?? []).some((d) => d.name.value === name);

/** Every object type of every subgraph SDL, with its fields, merged by name. */
function objectTypes(): Map<string, { survivorRecord: boolean; fields: Map<string, FieldDefinitionNode> }> {
  const types = new Map<string, { survivorRecord: boolean; fields: Map<string, FieldDefinitionNode> }>();
  for (const name of SUBGRAPH_NAMES) {
    const document = parse(readFileSync(path.join(ROOT, "schema", `${name}.graphql`), "utf8"));
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      const node = definition;
      const entry = types.get(node.name.value) ?? { survivorRecord: false, fields: new Map() };
      entry.survivorRecord ||= has(node, "survivorRecord");
      for (const field of node.fields ?? []) entry.fields.set(field.name.value, field);
      types.set(node.name.value, entry);
    }
  }
  return types;
}

/** The README table's rows: the `Type.field` (or `Type.*`) names of the first cell, and the reason. */
function readmeRows(): { names: string[]; reason: string }[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("### Which fields reveal what");
  expect(start, "README has the section").toBeGreaterThan(-1);
  const section = readme
    .slice(start)
    .split(/\n#{2,3} /)[0]!
    .split(/\n(?=#{2,3} )/)[0]!;
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [, names, reason] = line.split("|").map((cell) => cell.trim());
      return { names: [...names!.matchAll(/`([A-Za-z]+\.(?:[A-Za-z_]+|\*))`/g)].map((m) => m[1]!), reason: reason ?? "" };
    });
}

const types = objectTypes();
const survivorTypes = [...types].filter(([, t]) => t.survivorRecord || t.fields.has("survivorId"));
const rows = readmeRows();

/** Whether no client can reach the type: every field returning it is @inaccessible or on such a type. */
function unreachable(typeName: string, seen: Set<string> = new Set()): boolean {
  if (seen.has(typeName)) return true;
  seen.add(typeName);
  const reaching = [...types].flatMap(([owner, type]) => [...type.fields.values()].filter((f) => namedType(f.type) === typeName).map((field) => ({ owner, field })));
  if (reaching.length === 0) return false; // nothing returns it: a root type, or not ours to judge
  return reaching.every(({ owner, field }) => has(field, "inaccessible") || unreachable(owner, seen));
}
const listed = new Map(rows.flatMap((row) => row.names.map((name) => [name, row.reason] as const)));

describe("what each field of a survivor's records reveals", () => {
  it("finds the survivor records (the check would pass vacuously otherwise)", () => {
    const names = survivorTypes.map(([name]) => name);
    for (const expected of ["Survivor", "ResidentProfile", "LegalProfile", "LiaisonProfile", "Referral", "CertificationRequest", "Consent"]) expect(names).toContain(expected);
    expect(rows.length).toBeGreaterThan(10);
  });

  it("tags every field or lists it in the README with a reason", () => {
    const unexplained: string[] = [];
    for (const [typeName, type] of survivorTypes) {
      for (const [fieldName, field] of type.fields) {
        if (has(field, "sensitive")) continue;
        const reason = listed.get(`${typeName}.${fieldName}`) ?? listed.get(`${typeName}.*`);
        if (!reason || reason.length < 20) unexplained.push(`${typeName}.${fieldName}`);
      }
    }
    expect(unexplained, "untagged fields of survivor records, not in README's table").toEqual([]);
  });

  it("lists only fields that exist and are untagged (no stale rows)", () => {
    const stale: string[] = [];
    for (const name of listed.keys()) {
      const [typeName, fieldName] = name.split(".") as [string, string];
      const type = types.get(typeName);
      if (!type || !survivorTypes.some(([n]) => n === typeName)) stale.push(`${name} (not a survivor type)`);
      else if (fieldName !== "*" && !type.fields.has(fieldName)) stale.push(`${name} (no such field)`);
      else if (fieldName !== "*" && has(type.fields.get(fieldName)!, "sensitive")) stale.push(`${name} (tagged: remove the row)`);
    }
    expect(stale).toEqual([]);
  });

  it("lists whole types only for the gateway's own facts or owner-only views, and those are not in the clients' API", () => {
    const wholeTypes = [...listed.keys()].filter((name) => name.endsWith(".*")).map((name) => name.slice(0, -2));
    expect(wholeTypes.sort()).toEqual(["ConsentFact", "OverrideNotice", "ReferralFeedItem", "SharingDryRun", "ShelterReferralCopy"]);
    // The system facts are reached only through @inaccessible fields (or fields of types that are
    // themselves reached only so): no client can name them.
    for (const system of ["ConsentFact", "ReferralFeedItem", "ShelterReferralCopy"]) expect(unreachable(system), system).toBe(true);
    // And the check can tell: a client type is reachable.
    expect(unreachable("Referral")).toBe(false);
  });
});
