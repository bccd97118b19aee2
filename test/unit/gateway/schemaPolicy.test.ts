import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { DEFAULT_SUPERGRAPH_PATH } from "../../../gateway/config.js";
import { readSchemaPolicy, rolesAllow, SchemaPolicyError } from "../../../gateway/policy/schemaPolicy.js";
import { readSensitiveFields } from "../../../schema/lint.js";

const supergraph = await readFile(DEFAULT_SUPERGRAPH_PATH, "utf8");

describe("the policy read from the supergraph", () => {
  const policy = readSchemaPolicy(supergraph);

  it("knows every sensitive field and its category: the same map the compose lint reads (its test holds the hand-written list)", () => {
    expect(Object.fromEntries(policy.sensitiveFields)).toEqual(Object.fromEntries(readSensitiveFields(supergraph)));
    expect(policy.sensitiveFields.get("ResidentProfile.healthNeeds")).toBe("HEALTH");
    expect(policy.sensitiveFields.get("ShelterSite.confidentialAddress")).toBe("CONFIDENTIAL_SITE");
    expect(policy.presenceFields).toEqual(new Map([["Survivor.liaisonProfiles", "LiaisonProfile"]]));
    expect(policy.recordFields.get("ResidentProfile")).toEqual(["id", "survivorId", "ownerOrganizationId"]);
    // A confidential site is an organisation's: owner only.
    expect(policy.recordFields.get("ShelterSite")).toEqual(["ownerOrganizationId"]);
  });

  it("knows the survivor record types and applies type and field roles together", () => {
    expect([...policy.survivorRecordTypes].sort()).toEqual(
      expect.arrayContaining(["Consent", "LegalProfile", "LiaisonProfile", "Referral", "ResidentProfile", "ShelterIntake", "Survivor"]),
    );
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
