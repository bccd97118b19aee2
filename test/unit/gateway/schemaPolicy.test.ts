import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { DEFAULT_SUPERGRAPH_PATH } from "../../../gateway/config.js";
import { readSchemaPolicy, rolesAllow, SchemaPolicyError } from "../../../gateway/policy/schemaPolicy.js";

const supergraph = await readFile(DEFAULT_SUPERGRAPH_PATH, "utf8");

describe("the policy read from the supergraph", () => {
  const policy = readSchemaPolicy(supergraph);

  it("knows every sensitive field and its category", () => {
    expect(Object.fromEntries([...policy.sensitiveFields].sort(([a], [b]) => a.localeCompare(b)))).toEqual({
      "LegalProfile.caseStage": "IMMIGRATION",
      "LegalProfile.countryOfOrigin": "IMMIGRATION",
      "LegalProfile.immigrationStatus": "IMMIGRATION",
      "LiaisonProfile.caseNumber": "LAW_ENFORCEMENT",
      "LiaisonProfile.certificationStatus": "LAW_ENFORCEMENT",
      "ResidentProfile.currentLocation": "LOCATION",
      "ResidentProfile.dateOfBirth": "IDENTITY",
      "ResidentProfile.healthNeeds": "HEALTH",
      "ResidentProfile.legalName": "IDENTITY",
      "ResidentProfile.phone": "CONTACT",
      "ShelterSite.confidentialAddress": "CONFIDENTIAL_SITE",
      "ShelterSite.confidentialPostalCode": "CONFIDENTIAL_SITE",
      "Survivor.liaisonProfiles": "LAW_ENFORCEMENT",
    });
  });

  it("knows the survivor record types and applies type and field roles together", () => {
    expect([...policy.survivorRecordTypes].sort()).toEqual(["Consent", "LegalProfile", "LiaisonProfile", "ResidentProfile", "Survivor"]);
    expect(rolesAllow(policy, ["LIAISON_OFFICER"], "Survivor", "liaisonProfiles")).toBe(true);
    expect(rolesAllow(policy, ["LIAISON_OFFICER"], "Survivor", "residentProfiles")).toBe(false);
    expect(rolesAllow(policy, ["ORG_ADMIN"], "Survivor", "pseudonym")).toBe(false);
    expect(rolesAllow(policy, ["PARTNER_APP"], "ShelterProgram", "name")).toBe(true);
  });

  it("refuses to load a supergraph whose policy it cannot read (fails closed)", () => {
    expect(() => readSchemaPolicy('type Query { a: String @access(roles: ["WIZARD"]) }')).toThrow(new SchemaPolicyError("@access on Query.a names an unknown role"));
    expect(() => readSchemaPolicy('type Query { a: String @sensitive(category: "SHOE_SIZE") }')).toThrow(new SchemaPolicyError("@sensitive on Query.a names no known category"));
  });
});
