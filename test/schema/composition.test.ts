import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { composeSupergraph, SCHEMA_DIR, staleSchemaFiles } from "../../schema/compose.js";

describe("schema/ (composed from the subgraphs' code)", () => {
  const composed = composeSupergraph();

  it("composes without errors or hints", () => {
    expect(composed.hints).toEqual([]);
    expect([...composed.files.keys()].sort()).toEqual([
      "policy/queryableCategories.ts",
      "schema/law-enforcement.graphql",
      "schema/legal-aid.graphql",
      "schema/network.graphql",
      "schema/shelters.graphql",
      "schema/supergraph.graphql",
    ]);
  });

  it("matches the checked-in files (run `npm run compose` and commit when this fails)", async () => {
    expect(await staleSchemaFiles(composed)).toEqual([]);
  });

  it("notices a checked-in file that no longer matches", async () => {
    const tampered = new Map(composed.files);
    tampered.set("schema/shelters.graphql", `${composed.files.get("schema/shelters.graphql")}\n# edited by hand\n`);
    expect(await staleSchemaFiles({ files: tampered, hints: [] })).toEqual(["schema/shelters.graphql"]);
  });

  it("keeps sensitive profile data off Survivor itself: profiles carry their own subject and owner", async () => {
    const supergraph = await readFile(path.join(SCHEMA_DIR, "supergraph.graphql"), "utf8");
    for (const profile of ["ResidentProfile", "LegalProfile", "LiaisonProfile"]) {
      const body = new RegExp(`type ${profile}\\b[^{]*\\{([^}]*)\\}`).exec(supergraph)?.[1] ?? "";
      expect(body, profile).toMatch(/survivorId: ID!/);
      expect(body, profile).toMatch(/ownerOrganizationId: ID!/);
    }
    const survivor = /type Survivor\b[^{]*\{([^}]*)\}/.exec(supergraph)?.[1] ?? "";
    expect(survivor).not.toMatch(/legalName|dateOfBirth|phone|immigrationStatus|caseNumber/);
  });
});
