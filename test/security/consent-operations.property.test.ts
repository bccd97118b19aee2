/**
 * Generated operations through the real gateway never release a category the rule denies.
 * fast-check writes operations over one survivor's record with random aliases (many imitating the
 * gateway's own response keys), named and inline fragments, nesting through the profile's survivor,
 * and @include/@skip driven by variables. The caller, Fictional Legal Aid, holds the survivor's
 * consent for IDENTITY and CONTACT only, and its agreement with the owner covers neither LOCATION
 * nor HEALTH: the seeded location and health values must never appear in any answer, whatever
 * the shape, while identity and contact values do arrive where they are selected.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

const FORBIDDEN_VALUES = ["Harbor Light Emergency Beds (demo), room 3", "Invented: needs a follow-up clinic appointment."];
const RELEASED = { legalName: "Invented Person Aster (demo)", phone: "+1-555-0150" };

beforeAll(async () => {
  network = await startTestNetwork();
  const recorded = await network.query(
    `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
    {
      input: {
        survivorId: DEMO_SURVIVORS.aster,
        granteeOrganizationId: DEMO_ORGS.fictionalLegalAid,
        categories: ["IDENTITY", "CONTACT"],
        purposes: ["SERVICE_REFERRAL"],
        method: "VERBAL",
        language: "en",
      },
    },
    { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" },
  );
  expect(recorded.body.errors).toBeUndefined();
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

// ---- the operation generator ------------------------------------------------------------------

const ALIASES = ["__t", "__t0", "_0", "_1", "__x0", "__x1", "__x2", "__typename", "id", "survivorId", "ownerOrganizationId", "legalName", "phone", "a"];
const PROFILE_FIELDS = ["legalName", "dateOfBirth", "phone", "currentLocation", "healthNeeds", "survivorId", "ownerOrganizationId", "id", "__typename"];
const SURVIVOR_FIELDS = ["id", "pseudonym", "__typename"];

type Selection =
  | { kind: "field"; alias: string | null; name: string; directive: "none" | "include" | "skip"; children?: Selection[] }
  | { kind: "inline"; typed: boolean; directive: "none" | "include" | "skip"; children: Selection[] }
  | { kind: "spread"; children: Selection[] };

// Mostly no alias: the gateway refuses more than 15 aliases in one operation (a limit of its own).
const alias = fc.option(fc.constantFrom(...ALIASES), { nil: null, freq: 4 });
const directive = fc.constantFrom<"none" | "include" | "skip">("none", "none", "include", "skip");

const { profile: profileSelections } = fc.letrec<{ profile: Selection[]; survivor: Selection[] }>((tie) => ({
  profile: fc.array(
    fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.record({ kind: fc.constant("field" as const), alias, name: fc.constantFrom(...PROFILE_FIELDS), directive }),
      fc.record({ kind: fc.constant("field" as const), alias, name: fc.constant("survivor"), directive, children: tie("survivor") }),
      fc.record({ kind: fc.constant("inline" as const), typed: fc.boolean(), directive, children: tie("profile") }),
      fc.record({ kind: fc.constant("spread" as const), children: tie("profile") }),
    ),
    { minLength: 1, maxLength: 4 },
  ),
  survivor: fc.array(
    fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.record({ kind: fc.constant("field" as const), alias, name: fc.constantFrom(...SURVIVOR_FIELDS), directive }),
      fc.record({ kind: fc.constant("field" as const), alias, name: fc.constant("residentProfiles"), directive, children: tie("profile") }),
    ),
    { minLength: 1, maxLength: 3 },
  ),
}));

/**
 * Prints selections; named fragments are collected into `fragments`. `keys` holds the response keys
 * of the object being selected (fragments add to their parent's): an alias that would put two
 * different fields under one key (which GraphQL refuses) gets a suffix instead.
 */
function print(selections: readonly Selection[], typeName: "ResidentProfile" | "Survivor", fragments: string[], keys = new Map<string, string>()): string {
  const parts = selections.map((selection) => {
    const dir = (d: "none" | "include" | "skip") => (d === "include" ? " @include(if: $yes)" : d === "skip" ? " @skip(if: $no)" : "");
    if (selection.kind === "field") {
      const childType = selection.name === "survivor" ? "Survivor" : "ResidentProfile";
      let key = selection.alias ?? selection.name;
      // A key may be shared only by the same leaf field; anything else gets a key of its own.
      while (keys.has(key) && (keys.get(key) !== selection.name || selection.children)) key = `${key}_${keys.size}`;
      keys.set(key, selection.children ? `${selection.name}{}` : selection.name);
      const body = selection.children ? ` { ${print(selection.children, childType, fragments)} }` : "";
      return `${key === selection.name ? "" : `${key}: `}${selection.name}${dir(selection.directive)}${body}`;
    }
    if (selection.kind === "inline") return `...${selection.typed ? ` on ${typeName}` : ""}${dir(selection.directive)} { ${print(selection.children, typeName, fragments, keys)} }`;
    const name = `F${fragments.length}`;
    fragments.push("");
    const index = fragments.length - 1;
    fragments[index] = `fragment ${name} on ${typeName} { ${print(selection.children, typeName, fragments, keys)} }`;
    return `...${name}`;
  });
  return parts.join(" ");
}

/** Whether a field of that name is surely selected (its directives and every ancestor's let it through). */
function selects(selections: readonly Selection[], name: string, yes: boolean, no: boolean): boolean {
  const active = (d: "none" | "include" | "skip") => d === "none" || (d === "include" && yes) || (d === "skip" && !no);
  return selections.some((selection) => {
    if (selection.kind === "field") {
      if (!active(selection.directive)) return false;
      return selection.name === name || (selection.children !== undefined && selects(selection.children, name, yes, no));
    }
    if (selection.kind === "inline" && !active(selection.directive)) return false;
    return selects(selection.children, name, yes, no);
  });
}

function operation(selections: readonly Selection[]): string {
  const fragments: string[] = [];
  const body = print(selections, "ResidentProfile", fragments);
  return `query Generated($id: ID!, $yes: Boolean!, $no: Boolean!) {
    survivor(id: $id) @include(if: $yes) { pseudonym @skip(if: $no) residentProfiles { ${body} } }
  } ${fragments.join(" ")}`;
}

describe(`generated operations through the gateway (${databaseMode})`, () => {
  it("never release a denied category, whatever the aliases, fragments, nesting and directives", async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(profileSelections, fc.boolean(), fc.boolean(), async (selections, yes, no) => {
        const source = operation(selections);
        const response = await network.query<Record<string, unknown>>(source, { id: DEMO_SURVIVORS.aster, yes, no }, { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" });
        const text = JSON.stringify(response.body);
        for (const value of FORBIDDEN_VALUES) expect(text).not.toContain(value);
        if (response.status !== 200) {
          // Generated aliases can clash (two fields under one key): refused before anything runs.
          expect(response.status).toBe(400);
          expect(response.body.data ?? null).toBeNull();
          return;
        }
        answered++;
        for (const error of response.body.errors ?? []) {
          // Only the rule's own denials: never a masked internal error, never a subgraph's text.
          expect(["AGREEMENT_REQUIRED"]).toContain(error.extensions?.code);
        }
        // What is allowed does arrive: a selected phone or legal name comes back unchanged.
        if (yes && selects(selections, "phone", yes, no)) expect(text).toContain(RELEASED.phone);
        if (yes && selects(selections, "legalName", yes, no)) expect(text).toContain(RELEASED.legalName);
      }),
      { numRuns: 80, interruptAfterTimeLimit: 40_000 },
    );
    // Most generated operations are valid: the property was really exercised.
    expect(answered).toBeGreaterThan(20);
  }, 120_000);
});
