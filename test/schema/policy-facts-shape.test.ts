/**
 * A fact for the rule has one shape (policy/factRecords.ts, CONSENT_RECORD and AGREEMENT_RECORD):
 * the network's `_policyFacts` answer types are built from it, and so are the gateway's query and
 * parser. Here the network's generated SDL holds exactly the shape's fields, each nullable exactly
 * when the shape says so, and of the GraphQL type its kind is served as.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Kind, parse, print, type ObjectTypeDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { AGREEMENT_RECORD, CONSENT_RECORD, type FactField, type FactFieldKind } from "../../policy/factRecords.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SERVED_AS: Record<FactFieldKind, string> = { id: "ID", text: "String", texts: "[String!]", flag: "Boolean", instant: "DateTimeISO", organizationKind: "OrganizationKind" };

function fieldsOf(name: string): Record<string, string> {
  const document = parse(readFileSync(path.join(ROOT, "schema", "network.graphql"), "utf8"));
  const type = document.definitions.find((definition): definition is ObjectTypeDefinitionNode => definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === name);
  return Object.fromEntries((type?.fields ?? []).map((field) => [field.name.value, print(field.type)]));
}

const expected = (shape: Record<string, FactField>) =>
  Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, `${SERVED_AS[field.kind]}${field.nullable ? "" : "!"}`]));

describe("a fact's one shape and the network's _policyFacts types", () => {
  it("ConsentFact is the consent's shape", () => {
    expect(fieldsOf("ConsentFact")).toEqual(expected(CONSENT_RECORD));
  });

  it("AgreementFact is the agreement's shape", () => {
    expect(fieldsOf("AgreementFact")).toEqual(expected(AGREEMENT_RECORD));
  });
});
