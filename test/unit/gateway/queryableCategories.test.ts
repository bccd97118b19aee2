import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { DEFAULT_SUPERGRAPH_PATH } from "../../../gateway/config.js";
import { queryableCategories } from "../../../gateway/policy/queryableCategories.js";
import { readSchemaPolicy, SchemaPolicyError, type SchemaPolicy } from "../../../gateway/policy/schemaPolicy.js";
import { QUERYABLE_CATEGORIES } from "../../../policy/queryableCategories.js";

const policy = readSchemaPolicy(await readFile(DEFAULT_SUPERGRAPH_PATH, "utf8"));

describe("what each role may query at all, derived from the supergraph's @access", () => {
  it("is what policy/queryableCategories.ts holds (the composition test keeps the file current)", () => {
    expect(queryableCategories(policy)).toEqual(QUERYABLE_CATEGORIES);
  });

  it("keeps a liaison officer off the resident profile: no IDENTITY, no CONTACT, whatever the role table allows", () => {
    expect(QUERYABLE_CATEGORIES.LIAISON_OFFICER).not.toContain("IDENTITY");
    expect(QUERYABLE_CATEGORIES.LIAISON_OFFICER).not.toContain("CONTACT");
    expect(QUERYABLE_CATEGORIES.LIAISON_OFFICER).toContain("LAW_ENFORCEMENT");
    expect(QUERYABLE_CATEGORIES.CASEWORKER).toContain("CONTACT");
  });

  it("refuses a schema whose @access opens some fields of a category to a role and closes others", () => {
    const split: SchemaPolicy = {
      ...policy,
      sensitiveFields: new Map([...policy.sensitiveFields, ["LiaisonProfile.contactPhone", "CONTACT"]]),
    };
    expect(() => queryableCategories(split)).toThrow(
      new SchemaPolicyError("@access lets LIAISON_OFFICER select some CONTACT fields but not others: the sharing dry run cannot answer for the category"),
    );
  });
});
