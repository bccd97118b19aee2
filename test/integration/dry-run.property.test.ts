/**
 * The sharing dry run and the real query agree, for every role: random consents of Demo Survivor
 * Aster (registered by Harbor Light), a random agreement between Harbor Light and Example Justice
 * Clinic, the standing Harbor Light → Fictional Legal Aid agreement suspended or not, a random viewer
 * (organisation and role, each a member who can really sign in with that role) and a random way of
 * asking (purpose, emergency justification present, blank or absent). Harbor Light's dry run for
 * that viewer must say, category by category, what the viewer's own request then receives of Harbor
 * Light's records: released or withheld, and the code — including what the viewer's role may not
 * query at all (`@access`), which the dry run used to ignore (a liaison officer was told CONTACT
 * would be released; the gateway never lets a liaison officer query a resident profile).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGREEMENT_PURPOSES } from "../../subgraphs/network/agreements/agreementInput.js";
import { DEMO_AGREEMENTS, DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { PURPOSES } from "../../vocabulary/principal.js";
import { ORGANIZATION_CATEGORIES, SENSITIVE_CATEGORIES } from "../../vocabulary/categories.js";
import { databaseMode } from "../support/databases.js";
import type { DemoPrincipalKey } from "../support/issuer.js";
import { startTestNetwork, type GraphQLResponse, type RequestOptions, type TestNetwork } from "../support/network.js";
import { propertyRuns } from "../support/rounds.js";

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork();
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

const survivorId = DEMO_SURVIVORS.aster;
const JUSTIFICATION = "Invented emergency (demo): the survivor missed a safety check-in.";
const DAY = 24 * 3_600_000;

/** Every viewer a member of the demo network can really be, with the role its token narrows to. */
const VIEWERS: { as: DemoPrincipalKey; organizationId: string; role: string }[] = [
  { as: "harbor-caseworker", organizationId: DEMO_ORGS.harborLight, role: "CASEWORKER" },
  { as: "harbor-admin", organizationId: DEMO_ORGS.harborLight, role: "ORG_ADMIN" },
  { as: "northstar-caseworker", organizationId: DEMO_ORGS.northstar, role: "CASEWORKER" },
  { as: "legal-caseworker", organizationId: DEMO_ORGS.fictionalLegalAid, role: "CASEWORKER" },
  { as: "clinic-admin", organizationId: DEMO_ORGS.exampleJusticeClinic, role: "CASEWORKER" },
  { as: "clinic-admin", organizationId: DEMO_ORGS.exampleJusticeClinic, role: "ORG_ADMIN" },
  { as: "city-liaison", organizationId: DEMO_ORGS.demoCityLiaison, role: "LIAISON_OFFICER" },
  { as: "steward", organizationId: DEMO_ORGS.networkCoordination, role: "NETWORK_STEWARD" },
];

/** Harbor Light's records about Aster the real query reads, and the category of each. */
const PROFILE_FIELDS = { legalName: "IDENTITY", dateOfBirth: "IDENTITY", phone: "CONTACT", currentLocation: "LOCATION", healthNeeds: "HEALTH" } as const;
const PROFILE = `query($id: ID!) { survivor(id: $id) { residentProfiles { ${Object.keys(PROFILE_FIELDS).join(" ")} } } }`;
/** Harbor Light's confidential site: an organisation category, decided without a subject. */
const SITE = `query($org: ID!) { organization(id: $org) { shelterPrograms { site { confidentialAddress } } } }`;
const DRY_RUN = `query($survivorId: ID!, $viewer: ID!, $purpose: String!, $role: MemberRole, $justification: String) {
  sharingDryRun(survivorId: $survivorId, viewerOrganizationId: $viewer, purpose: $purpose, viewerRole: $role, emergencyJustification: $justification) {
    survivorVisible decisions { category released code }
  }
}`;

const SURVIVOR_CATEGORIES = SENSITIVE_CATEGORIES.filter((c) => !ORGANIZATION_CATEGORIES.includes(c));
const GRANTEES = [
  ...[DEMO_ORGS.northstar, DEMO_ORGS.fictionalLegalAid, DEMO_ORGS.exampleJusticeClinic, DEMO_ORGS.demoCityLiaison].map((id) => ({ granteeOrganizationId: id })),
  ...(["SHELTER", "LEGAL_AID", "LAW_ENFORCEMENT_LIAISON"] as const).map((kind) => ({ granteeKind: kind })),
];

const subset = <T>(items: readonly T[]) => fc.subarray([...items], { minLength: 1 });
const world = fc.record({
  consents: fc.array(fc.record({ grantee: fc.constantFrom(...GRANTEES), categories: subset(SURVIVOR_CATEGORIES), purposes: subset(AGREEMENT_PURPOSES) }), { maxLength: 3 }),
  clinicAgreement: fc.option(
    fc.record({ direction: fc.constantFrom("PROPOSER_SHARES", "COUNTERPART_SHARES", "BOTH_WAYS"), categories: subset(SENSITIVE_CATEGORIES), purposes: subset(AGREEMENT_PURPOSES) }),
    { nil: null },
  ),
  legalAidAgreementSuspended: fc.boolean(),
  viewer: fc.constantFrom(...VIEWERS),
  purpose: fc.constantFrom(...PURPOSES),
  justification: fc.constantFrom<string | null>(JUSTIFICATION, " \t ", null),
});
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

interface Outcome {
  released: boolean;
  code: string | null;
}

async function ok<T>(query: string, variables: Record<string, unknown>, options: RequestOptions): Promise<T> {
  const response = await network.query<T>(query, variables, options);
  expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
  return response.body.data!;
}

/** What is in place from the previous run, undone before the next. */
const standing = { consentIds: [] as string[], clinicAgreementId: null as string | null, legalAidSuspended: false };
const caseworker = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const admin = { as: "harbor-admin" } as const;

async function arrange(w: World): Promise<void> {
  for (const id of standing.consentIds.splice(0)) {
    await ok(`mutation($id: ID!) { withdrawConsent(id: $id, reason: "Invented reason (demo): next case.") { id } }`, { id }, caseworker);
  }
  for (const consent of w.consents) {
    const input = { survivorId, ...consent.grantee, categories: consent.categories, purposes: consent.purposes, method: "WRITTEN", language: "en" };
    const recorded = await ok<{ recordConsent: { id: string } }>(`mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`, { input }, caseworker);
    standing.consentIds.push(recorded.recordConsent.id);
  }
  if (standing.clinicAgreementId !== null) {
    await ok(`mutation($id: ID!) { revokeAgreement(id: $id, reason: "Invented reason (demo): next case.") { id } }`, { id: standing.clinicAgreementId }, admin);
    standing.clinicAgreementId = null;
  }
  if (w.clinicAgreement !== null) {
    const input = {
      counterpartOrganizationId: DEMO_ORGS.exampleJusticeClinic,
      ...w.clinicAgreement,
      validFrom: new Date(Date.now() - DAY).toISOString(),
      validUntil: new Date(Date.now() + 365 * DAY).toISOString(),
      summary: "Invented demo agreement for the dry-run property test.",
    };
    const proposed = await ok<{ proposeAgreement: { id: string } }>(`mutation($input: ProposeAgreementInput!) { proposeAgreement(input: $input) { id } }`, { input }, admin);
    await ok(`mutation($id: ID!) { countersignAgreement(id: $id) { id } }`, { id: proposed.proposeAgreement.id }, { as: "clinic-admin" });
    standing.clinicAgreementId = proposed.proposeAgreement.id;
  }
  if (w.legalAidAgreementSuspended !== standing.legalAidSuspended) {
    const id = DEMO_AGREEMENTS.harborToLegalAid;
    if (w.legalAidAgreementSuspended) await ok(`mutation($id: ID!) { suspendAgreement(id: $id, reason: "Invented reason (demo): review.") { id } }`, { id }, admin);
    else await ok(`mutation($id: ID!) { reinstateAgreement(id: $id) { id } }`, { id }, admin);
    standing.legalAidSuspended = w.legalAidAgreementSuspended;
  }
}

/** The deepest error at or above `path`: the code the client is given for that position. */
function codeAt(response: GraphQLResponse, path: readonly (string | number)[]): string | null {
  let best: { depth: number; code: string } | null = null;
  for (const error of response.body.errors ?? []) {
    const at = error.path ?? [];
    if (at.length > path.length || !at.every((key, i) => key === path[i])) continue;
    const code = error.extensions?.code;
    if (best === null || at.length > best.depth) best = { depth: at.length, code: typeof code === "string" ? code : "NO_CODE" };
  }
  return best?.code ?? null;
}

/** What the viewer's own requests received, per category; `visible` as far as it can be seen. */
async function realQuery(w: World): Promise<{ visible: boolean | null; outcomes: Map<string, Outcome[]> }> {
  const token = await network.issuer.tokenFor(w.viewer.as, { roles: [w.viewer.role] });
  const headers: Record<string, string> = w.justification === null ? {} : { "x-emergency-justification": w.justification };
  const options: RequestOptions = { as: { token }, purpose: w.purpose, headers };
  const outcomes = new Map<string, Outcome[]>();
  const note = (category: string, outcome: Outcome) => outcomes.set(category, [...(outcomes.get(category) ?? []), outcome]);

  const profile = await network.query<{ survivor: { residentProfiles: Record<string, unknown>[] | null } | null }>(PROFILE, { id: survivorId }, options);
  expect(profile.status, JSON.stringify(profile.body)).toBeLessThan(500);
  const survivor = profile.body.data?.survivor ?? null;
  const survivorCode = codeAt(profile, ["survivor"]);
  let visible: boolean | null = null;
  if (survivor === null && survivorCode === null) {
    visible = false;
  } else {
    if (survivorCode === null) visible = true;
    const profiles = survivor?.residentProfiles ?? null;
    if (profiles !== null) expect(profiles, "Aster has one resident profile, Harbor Light's").toHaveLength(1);
    for (const [field, category] of Object.entries(PROFILE_FIELDS)) {
      const path = ["survivor", "residentProfiles", 0, field];
      const code = codeAt(profile, path);
      const value = profiles?.[0]?.[field] ?? null;
      expect(code !== null || value !== null, `${field}: neither a value nor a code`).toBe(true);
      note(category, { released: code === null, code });
    }
  }

  const site = await network.query<{ organization: { shelterPrograms: { site: { confidentialAddress: string | null } }[] } | null }>(SITE, { org: DEMO_ORGS.harborLight }, options);
  const programs = site.body.data?.organization?.shelterPrograms ?? null;
  const path = ["organization", "shelterPrograms", 0, "site", "confidentialAddress"];
  const code = codeAt(site, path);
  if (code !== null || programs?.[0]?.site.confidentialAddress != null) note("CONFIDENTIAL_SITE", { released: code === null, code });
  return { visible, outcomes };
}

describe(`the sharing dry run and the real query agree for every role (${databaseMode})`, () => {
  it("category by category: released or withheld, and the code", async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        await arrange(w);
        const { visible, outcomes } = await realQuery(w);
        const run = (
          await ok<{ sharingDryRun: { survivorVisible: boolean; decisions: { category: string; released: boolean; code: string | null }[] } }>(
            DRY_RUN,
            { survivorId, viewer: w.viewer.organizationId, purpose: w.purpose, role: w.viewer.role, justification: w.justification },
            admin,
          )
        ).sharingDryRun;
        if (visible !== null) expect(run.survivorVisible, "survivorVisible").toBe(visible);
        for (const [category, seen] of outcomes) {
          const decision = run.decisions.find((d) => d.category === category)!;
          for (const outcome of seen) expect(outcome, category).toEqual({ released: decision.released, code: decision.code });
        }
      }),
      { numRuns: propertyRuns({ normal: 10, long: 60 }), endOnFailure: true },
    );
  }, 240_000);
});
