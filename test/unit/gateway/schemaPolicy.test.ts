import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { DEFAULT_SUPERGRAPH_PATH } from "../../../gateway/config.js";
import { ownerFieldOf, readSchemaPolicy, rolesAllow, SchemaPolicyError } from "../../../gateway/policy/schemaPolicy.js";
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

  it("knows the writer of each free text: the owner a field names, fetched with the record", () => {
    expect(Object.fromEntries(policy.sensitiveOwners)).toEqual({
      "Referral.statusDetail": "statusDetailOrganizationId",
      "Referral.outcome": "receiverOrganizationId",
      "ReferralEvent.reason": "actorOrganizationId",
    });
    expect(ownerFieldOf(policy, "Referral", "outcome")).toBe("receiverOrganizationId");
    expect(ownerFieldOf(policy, "Referral", "note")).toBe("ownerOrganizationId");
    expect(policy.recordFields.get("Referral")).toEqual(expect.arrayContaining(["survivorId", "ownerOrganizationId", "statusDetailOrganizationId", "receiverOrganizationId"]));
    expect(policy.recordFields.get("ReferralEvent")).toEqual(["id", "survivorId", "actorOrganizationId"]);
  });

  it("refuses an owner that is not a field of the type, or on a presence field", () => {
    expect(() => readSchemaPolicy('type Step { survivorId: ID! reason: String @sensitive(category: "CASE_NARRATIVE", owner: "writerId") }')).toThrow(
      new SchemaPolicyError("Step holds sensitive data but has no writerId"),
    );
    expect(() =>
      readSchemaPolicy(
        'type P { survivorId: ID! ownerOrganizationId: ID! } type S { survivorId: ID! ownerOrganizationId: ID! writerId: ID! ps: [P] @sensitive(category: "LAW_ENFORCEMENT", owner: "writerId") }',
      ),
    ).toThrow(new SchemaPolicyError("@sensitive on S.ps: a presence field is decided on its elements' own owner; owner: does not apply"));
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
