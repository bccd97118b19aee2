import { printSubgraphSchema } from "@apollo/subgraph";
import { describe, expect, it } from "vitest";
import { composeSupergraph, SchemaLintFailed } from "../../schema/compose.js";
import { formatSchemaLintErrors, lintSubgraphSchemas, lintSupergraphSchema, readSensitiveFields, type SubgraphSdl } from "../../schema/lint.js";
import { SUBGRAPH_SCHEMA_HEADER } from "../../subgraphs/kit/schema.js";
import { sensitive } from "../../subgraphs/kit/sensitive.js";
import { SENSITIVE_CATEGORIES } from "../../vocabulary/categories.js";
import { SUBGRAPHS } from "../../subgraphs/index.js";

/** The fields that carry survivor (or confidential-site) data, and their categories. */
const EXPECTED_SENSITIVE_FIELDS: Record<string, string> = {
  "ResidentProfile.legalName": "IDENTITY",
  "ResidentProfile.dateOfBirth": "IDENTITY",
  "ResidentProfile.phone": "CONTACT",
  "ResidentProfile.currentLocation": "LOCATION",
  "ResidentProfile.healthNeeds": "HEALTH",
  "LegalProfile.immigrationStatus": "IMMIGRATION",
  "LegalProfile.countryOfOrigin": "IMMIGRATION",
  "LegalProfile.caseStage": "IMMIGRATION",
  "LiaisonProfile.caseNumber": "LAW_ENFORCEMENT",
  "LiaisonProfile.certificationStatus": "LAW_ENFORCEMENT",
  "Survivor.liaisonProfiles": "LAW_ENFORCEMENT",
  "Referral.note": "CASE_NARRATIVE",
  "Referral.statusDetail": "CASE_NARRATIVE",
  "Referral.outcome": "CASE_NARRATIVE",
  "ReferralEvent.reason": "CASE_NARRATIVE",
  "Consent.withdrawalReason": "CASE_NARRATIVE",
  "CertificationRequest.statusReason": "LAW_ENFORCEMENT",
  "CertificationRequestEvent.reason": "LAW_ENFORCEMENT",
  "ShelterSite.confidentialAddress": "CONFIDENTIAL_SITE",
  "ShelterSite.confidentialPostalCode": "CONFIDENTIAL_SITE",
};

const KNOWN = SENSITIVE_CATEGORIES.join(", ");

/** One inline subgraph: the project's header plus `body`. */
function subgraph(name: string, body: string): SubgraphSdl {
  return { name, sdl: `${SUBGRAPH_SCHEMA_HEADER}\n${body}` };
}

function messages(...subgraphs: SubgraphSdl[]): string[] {
  return lintSubgraphSchemas(subgraphs).map((e) => e.message);
}

const PROFILE = `
type Profile @key(fields: "id") {
  id: ID!
  survivorId: ID!
  ownerOrganizationId: ID!
  phone: String @sensitive(category: "CONTACT")
}`;

describe("the project's subgraphs and supergraph", () => {
  const sdls = SUBGRAPHS.map((definition) => ({ name: definition.name, sdl: printSubgraphSchema(definition.schema()) }));
  const composed = composeSupergraph();
  const supergraph = composed.files.get("schema/supergraph.graphql") ?? "";

  it("pass the lint", () => {
    expect(lintSubgraphSchemas(sdls)).toEqual([]);
    expect(lintSupergraphSchema(supergraph, sdls)).toEqual([]);
  });

  it("the composed supergraph carries @sensitive on exactly the survivor-data fields, with their categories", () => {
    expect(supergraph).toContain("directive @sensitive(category: String!, owner: String) on FIELD_DEFINITION | ARGUMENT_DEFINITION");
    expect(Object.fromEntries(readSensitiveFields(supergraph))).toEqual(EXPECTED_SENSITIVE_FIELDS);
  });

  it("splits a shelter site's address: the public pair is untagged, the confidential pair tagged", () => {
    const site = /type ShelterSite\b[^{]*\{([^}]*)\}/.exec(supergraph)?.[1] ?? "";
    expect(site).toMatch(/publicAddress: String\n/);
    expect(site).toMatch(/publicPostalCode: String\n/);
    expect(site).toMatch(/ownerOrganizationId: ID!/);
    expect(site).not.toMatch(/addressLine|\bpostalCode\b/);
  });
});

describe("sensitive()", () => {
  it("writes the directive for type-graphql's @Directive", () => {
    expect(sensitive("CONFIDENTIAL_SITE")).toBe('@sensitive(category: "CONFIDENTIAL_SITE")');
    expect(sensitive("CASE_NARRATIVE", "authorOrganizationId")).toBe('@sensitive(category: "CASE_NARRATIVE", owner: "authorOrganizationId")');
    // @ts-expect-error: only known categories compile
    sensitive("SHOE_SIZE");
  });
});

describe("the schema lint", () => {
  it("accepts a profile that carries its own subject and owner", () => {
    expect(messages(subgraph("a", PROFILE))).toEqual([]);
  });

  it("refuses an unknown category", () => {
    expect(messages(subgraph("a", PROFILE.replace('"CONTACT"', '"SHOE_SIZE"')))).toEqual([
      `Profile.phone (subgraph "a"): unknown @sensitive category "SHOE_SIZE" (known: ${KNOWN})`,
    ]);
  });

  it("refuses a non-null sensitive field", () => {
    expect(messages(subgraph("a", PROFILE.replace("phone: String", "phone: String!")))).toEqual([
      'Profile.phone (subgraph "a"): @sensitive field is non-null (String!); a sensitive field must be nullable, so that a withheld value can be null',
    ]);
    expect(messages(subgraph("a", PROFILE.replace("phone: String", "phone: [String]!")))).toEqual([
      'Profile.phone (subgraph "a"): @sensitive field is non-null ([String]!); a sensitive field must be nullable, so that a withheld value can be null',
    ]);
  });

  it("refuses a sensitive field on a type without its subject and owner", () => {
    const loose = `
type Survivor @key(fields: "id") {
  id: ID!
  phone: String @sensitive(category: "CONTACT")
}`;
    expect(messages(subgraph("a", loose))).toEqual([
      'Survivor.phone (subgraph "a"): @sensitive(CONTACT) needs survivorId: ID! and ownerOrganizationId: ID! (public, resolved in this subgraph) on Survivor, or on the field\'s own type when its presence is what is sensitive; Survivor lacks survivorId and ownerOrganizationId',
    ]);
  });

  it("refuses a subject or owner that is missing, of another type, @external or @inaccessible", () => {
    const expected = (lacking: string) => [
      `Profile.phone (subgraph "a"): @sensitive(CONTACT) needs survivorId: ID! and ownerOrganizationId: ID! (public, resolved in this subgraph) on Profile, or on the field's own type when its presence is what is sensitive; Profile lacks ${lacking}`,
    ];
    expect(messages(subgraph("a", PROFILE.replace("  survivorId: ID!\n", "")))).toEqual(expected("survivorId"));
    expect(messages(subgraph("a", PROFILE.replace("survivorId: ID!", "survivorId: String!")))).toEqual(expected("survivorId"));
    expect(messages(subgraph("a", PROFILE.replace("survivorId: ID!", "survivorId: ID")))).toEqual(expected("survivorId"));
    expect(messages(subgraph("a", PROFILE.replace("ownerOrganizationId: ID!", "ownerOrganizationId: ID! @external")))).toEqual(expected("ownerOrganizationId"));
    expect(messages(subgraph("a", PROFILE.replace("ownerOrganizationId: ID!", "ownerOrganizationId: ID! @inaccessible")))).toEqual(expected("ownerOrganizationId"));
  });

  it("asks only an owner of CONFIDENTIAL_SITE fields, but asks it", () => {
    const site = `
type Site {
  ownerOrganizationId: ID!
  confidentialAddress: String @sensitive(category: "CONFIDENTIAL_SITE")
}`;
    expect(messages(subgraph("a", site))).toEqual([]);
    expect(messages(subgraph("a", site.replace("ownerOrganizationId: ID!", "organizationId: ID!")))).toEqual([
      'Site.confidentialAddress (subgraph "a"): @sensitive(CONFIDENTIAL_SITE) needs ownerOrganizationId: ID! (public, resolved in this subgraph) on Site, or on the field\'s own type when its presence is what is sensitive; Site lacks ownerOrganizationId',
    ]);
  });

  it("accepts a field whose presence is sensitive when its own type carries subject and owner", () => {
    const presence = `
type Survivor @key(fields: "id") {
  id: ID!
  profiles: [Profile!] @sensitive(category: "LAW_ENFORCEMENT")
}
${PROFILE}`;
    expect(messages(subgraph("a", presence))).toEqual([]);
    expect(messages(subgraph("a", presence.replace("  survivorId: ID!\n", "")))).toEqual([
      'Survivor.profiles (subgraph "a"): @sensitive(LAW_ENFORCEMENT) needs survivorId: ID! and ownerOrganizationId: ID! (public, resolved in this subgraph) on Survivor, or on the field\'s own type when its presence is what is sensitive; Survivor lacks survivorId and ownerOrganizationId, Profile lacks survivorId',
      'Profile.phone (subgraph "a"): @sensitive(CONTACT) needs survivorId: ID! and ownerOrganizationId: ID! (public, resolved in this subgraph) on Profile, or on the field\'s own type when its presence is what is sensitive; Profile lacks survivorId',
    ]);
  });

  it("refuses a subject and owner resolved by another subgraph", () => {
    const owner = subgraph("owner", `type Profile @key(fields: "id") { id: ID! survivorId: ID! ownerOrganizationId: ID! }`);
    const other = subgraph("other", `type Profile @key(fields: "id") { id: ID! phone: String @sensitive(category: "CONTACT") }`);
    expect(messages(owner, other)).toEqual([
      'Profile.phone (subgraph "other"): @sensitive(CONTACT) needs survivorId: ID! and ownerOrganizationId: ID! (public, resolved in this subgraph) on Profile, or on the field\'s own type when its presence is what is sensitive; Profile lacks survivorId and ownerOrganizationId',
    ]);
  });

  it("refuses a non-null query root field that some roles may not select (withholding it would null the whole answer)", () => {
    const roots = (type: string) => subgraph("a", `type Query { visible: String  guarded: ${type} @access(roles: ["CASEWORKER"]) }`);
    expect(messages(roots("String!"))).toEqual([
      'Query.guarded (subgraph "a"): a root field with @access is non-null (String!); it must be nullable, so that withholding it does not null the rest of the answer',
    ]);
    expect(messages(roots("String"))).toEqual([]);
  });

  it("refuses an argument carrying @sensitive", () => {
    const filter = `${PROFILE}
type Query {
  profiles(phone: String @sensitive(category: "CONTACT"), first: Int): [Profile!]!
}`;
    expect(messages(subgraph("a", filter))).toEqual([
      'Query.profiles(phone:) (subgraph "a"): an argument carries @sensitive; filters on sensitive data are a channel around the rule',
    ]);
  });

  it("refuses a @key that names a sensitive field, also nested", () => {
    expect(messages(subgraph("a", PROFILE.replace('@key(fields: "id")', '@key(fields: "id phone")')))).toEqual([
      'Profile (subgraph "a"): @key(fields: "id phone") reads sensitive field Profile.phone; keys and requires on sensitive data are a channel around the rule',
    ]);
    const nested = `${PROFILE}
type Stay @key(fields: "profile { phone }") {
  profile: Profile!
  nights: Int
}`;
    expect(messages(subgraph("a", nested))).toEqual([
      'Stay (subgraph "a"): @key(fields: "profile { phone }") reads sensitive field Profile.phone; keys and requires on sensitive data are a channel around the rule',
    ]);
  });

  it("refuses a @requires that names a field another subgraph tags sensitive", () => {
    const reader = subgraph(
      "reader",
      `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@requires"])
type Profile @key(fields: "id") {
  id: ID!
  phone: String @external
  callable: Boolean @requires(fields: "phone")
}`,
    );
    expect(messages(subgraph("owner", PROFILE), reader)).toEqual([
      'Profile.callable (subgraph "reader"): @requires(fields: "phone") reads sensitive field Profile.phone; keys and requires on sensitive data are a channel around the rule',
    ]);
  });

  it("takes the owner a field names (free text is its writer's), and asks that field instead of the record's owner", () => {
    const note = `
type Step {
  survivorId: ID!
  actorOrganizationId: ID!
  reason: String @sensitive(category: "CASE_NARRATIVE", owner: "actorOrganizationId")
}`;
    expect(messages(subgraph("a", note))).toEqual([]);
    const needs = (lacking: string) => [
      `Step.reason (subgraph "a"): @sensitive(CASE_NARRATIVE) needs survivorId: ID! and actorOrganizationId: ID! (public, resolved in this subgraph) on Step, or on the field's own type when its presence is what is sensitive; Step lacks ${lacking}`,
    ];
    expect(messages(subgraph("a", note.replace("actorOrganizationId: ID!", "actorOrganizationId: ID")))).toEqual(needs("actorOrganizationId"));
    expect(messages(subgraph("a", note.replace('owner: "actorOrganizationId"', 'owner: "writerId"')))).toEqual([
      `Step.reason (subgraph "a"): @sensitive(CASE_NARRATIVE) needs survivorId: ID! and writerId: ID! (public, resolved in this subgraph) on Step, or on the field's own type when its presence is what is sensitive; Step lacks writerId`,
    ]);
    expect(messages(subgraph("a", note.replace('owner: "actorOrganizationId"', "owner: 3")))).toEqual([
      'Step.reason (subgraph "a"): @sensitive(owner:) must name a field of Step as a string',
    ]);
  });

  it("refuses a field the subgraphs that resolve it tag with different owners", () => {
    const tagged = (owner: string) => `
type Step @shareable {
  survivorId: ID!
  ownerOrganizationId: ID!
  actorOrganizationId: ID!
  reason: String @sensitive(category: "CASE_NARRATIVE"${owner})
}`;
    expect(messages(subgraph("a", tagged(', owner: "actorOrganizationId"')), subgraph("b", tagged("")))).toEqual([
      "Step.reason: tagged differently by the subgraphs that resolve it (a: CASE_NARRATIVE (owner: actorOrganizationId), b: CASE_NARRATIVE); each must tag it @sensitive alike",
    ]);
  });

  it("refuses a field the subgraphs that resolve it tag differently", () => {
    const a = subgraph("a", PROFILE.replace("@key", "@shareable @key"));
    const b = subgraph("b", PROFILE.replace("@key", "@shareable @key").replace(' @sensitive(category: "CONTACT")', ""));
    expect(messages(a, b)).toEqual(["Profile.phone: tagged differently by the subgraphs that resolve it (a: CONTACT, b: untagged); each must tag it @sensitive alike"]);
  });

  describe("on the supergraph", () => {
    const sdls = SUBGRAPHS.map((definition) => ({ name: definition.name, sdl: printSubgraphSchema(definition.schema()) }));
    const supergraph = composeSupergraph().files.get("schema/supergraph.graphql") ?? "";

    it("refuses a supergraph that lost a tag", () => {
      const lost = supergraph.replace('phone: String @sensitive(category: "CONTACT")', "phone: String");
      expect(lost).not.toBe(supergraph);
      expect(lintSupergraphSchema(lost, sdls).map((e) => e.message)).toEqual(["ResidentProfile.phone: the subgraphs tag it CONTACT but the composed supergraph carries untagged"]);
    });

    it("refuses a supergraph without the composed directive", () => {
      const without = supergraph.replace(/^directive @sensitive.*$/m, "");
      expect(lintSupergraphSchema(without, sdls).map((e) => e.message)).toEqual([
        'supergraph: @sensitive is not defined; every subgraph must import it and @composeDirective(name: "@sensitive")',
      ]);
    });
  });

  it("reports every problem at once, in one message naming each type.field", () => {
    const errors = lintSubgraphSchemas([subgraph("a", PROFILE.replace("phone: String", "phone: String!").replace('"CONTACT"', '"SHOE_SIZE"'))]);
    const failure = new SchemaLintFailed(errors);
    expect(failure.message).toBe(formatSchemaLintErrors(errors));
    expect(failure.message).toBe(
      [
        "Schema lint failed (2 problems):",
        `  - Profile.phone (subgraph "a"): unknown @sensitive category "SHOE_SIZE" (known: ${KNOWN})`,
        '  - Profile.phone (subgraph "a"): @sensitive field is non-null (String!); a sensitive field must be nullable, so that a withheld value can be null',
      ].join("\n"),
    );
  });
});
