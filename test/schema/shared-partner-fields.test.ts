/**
 * The fields the three partner subgraphs share are declared once in the kit: the HSDS service
 * fields (`HsdsService`, subgraphs/kit/directory.ts) that ShelterProgram, LegalService and
 * LiaisonUnit extend, and the survivor profile's id, subject and owner (`SurvivorProfile`,
 * subgraphs/kit/survivorProfile.ts) that ResidentProfile, LegalProfile and LiaisonProfile extend.
 * Here each of them, as its subgraph's generated SDL has it, holds exactly those fields, written
 * the same (type, nullability, description), and the two bases are no types of their own.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Kind, parse, print, type ObjectTypeDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { SUBGRAPH_NAMES } from "../../vocabulary/subgraphs.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

function objectType(subgraph: string, name: string): ObjectTypeDefinitionNode | undefined {
  const document = parse(readFileSync(path.join(ROOT, "schema", `${subgraph}.graphql`), "utf8"));
  return document.definitions.find((definition): definition is ObjectTypeDefinitionNode => definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === name);
}

function fieldsOf(subgraph: string, name: string, wanted: readonly string[]): string[] {
  const type = objectType(subgraph, name);
  if (type === undefined) throw new Error(`${subgraph} has no type ${name}`);
  return wanted.map((field) => {
    const node = type.fields?.find((candidate) => candidate.name.value === field);
    return node === undefined ? `(no ${field})` : print(node);
  });
}

const SERVICE_FIELDS = ["id", "name", "description", "status", "eligibilityDescription", "languages", "populationsServed"];
const PROFILE_FIELDS = ["id", "survivorId", "ownerOrganizationId"];
const SERVICES = [
  ["shelters", "ShelterProgram"],
  ["legal-aid", "LegalService"],
  ["law-enforcement", "LiaisonUnit"],
] as const;
const PROFILES = [
  ["shelters", "ResidentProfile"],
  ["legal-aid", "LegalProfile"],
  ["law-enforcement", "LiaisonProfile"],
] as const;

describe("the partner subgraphs' shared fields, declared once in the kit", () => {
  it("every partner's service has the HSDS service fields, written the same", () => {
    const [first, ...others] = SERVICES.map(([subgraph, name]) => fieldsOf(subgraph, name, SERVICE_FIELDS));
    expect(first).not.toContain(expect.stringMatching(/^\(no /));
    for (const fields of others) expect(fields).toEqual(first);
  });

  it("every partner's survivor profile has the same id, subject and owner fields", () => {
    const [first, ...others] = PROFILES.map(([subgraph, name]) => fieldsOf(subgraph, name, PROFILE_FIELDS));
    expect(first).not.toContain(expect.stringMatching(/^\(no /));
    for (const fields of others) expect(fields).toEqual(first);
  });

  it("the bases are no types of their own", () => {
    for (const subgraph of SUBGRAPH_NAMES) {
      expect(objectType(subgraph, "HsdsService")).toBeUndefined();
      expect(objectType(subgraph, "SurvivorProfile")).toBeUndefined();
    }
  });
});
