/**
 * A caller that may not know a survivor walks every way it has to them, and must get exactly what
 * it gets when the same operation names an id of nobody (README, "Existence is decided too";
 * docs/design.md, the existence rule): "a probe for a hidden record and a probe for a missing one
 * are answered the same way, byte for byte apart from ids that the caller supplied". So every probe
 * here is sent twice, once with the hidden survivor (or record) and once with a random id in its
 * place, and the two answers are compared whole: HTTP status and the JSON body, with each supplied
 * id replaced by one marker.
 *
 * Who walks, one group per partner type, none holding a consent when the walk starts (the seed has
 * none; the consents this file records to set things up are withdrawn before the walk):
 *  - shelter caseworkers: Harbor Light (it receives a referral of Fictional Legal Aid's survivor
 *    Cedar, sent while Cedar's consent was in force) and Northstar (no agreement with anyone);
 *  - legal-aid caseworkers: Fictional Legal Aid (the seed gives it a legal profile of Harbor Light's
 *    survivor Aster; it receives a referral of Aster sent while Aster's consent was in force; it
 *    holds certification requests about Aster and about a survivor id that names nobody, written
 *    straight into the law-enforcement subgraph as seed data would be) and the Example Justice
 *    Clinic's admin-caseworker;
 *  - liaison officers: Demo City (the seed gives it a liaison profile of Aster; the certification
 *    requests above are addressed to it), Demo County, and "Lantern", a liaison unit onboarded here
 *    that holds an agreement from Harbor Light but no consent;
 *  - partner apps of Harbor Light and of Fictional Legal Aid.
 *
 * What is tried:
 *  - root fields: `survivor(id)` in five shapes (plain; aliases imitating the gateway's own keys;
 *    named and inline fragments with @include/@skip; the id written into the document; beside a
 *    survivor the caller may see), `survivors` (list, totalCount), `survivorDisclosures(survivorId:)`,
 *    `sharingDryRun`, as one JSON-array batch — for every survivor that is not the caller's (a
 *    partner app: every survivor) and a random id, under every purpose (each X-Purpose-Of-Use value;
 *    EMERGENCY with, without and with a blank justification; none);
 *  - nested paths from the caller's own records (legal profiles, liaison profiles, resident profiles,
 *    certification requests sent and received, referrals received, conflict checks) to `survivor` and
 *    on to that survivor's other profiles (`residentProfiles { … organization { name } program { name
 *    site { city } } }`, `legalProfiles`, `liaisonProfiles`); the survivor's own organisation asking
 *    for other organisations' profiles of its survivor, against a survivor of its own who has none;
 *  - mutations that name a survivor or a record about one;
 *  - the ledger, as far as a caller can read it: `survivorDisclosures` of the prober itself, and of
 *    an organisation whose record a refused walk reached. (Federation `_entities` is not in the client
 *    API at all; the gateway's own representations are reached through the nested paths.)
 *
 * What the rule says after a withdrawal: a referral and a certification request stay shown to both
 * their parties (owner and addressee hold the record whatever the consents say), but the survivor's
 * own network record under them follows IDENTITY: hidden, and nothing of what is under it.
 *
 * A positive control in every group: with the consent and the agreement in force, the same walk does
 * show the record — so that this file cannot pass by showing nothing to anyone. In a justified
 * emergency the rule shows the survivor to an organisation holding an agreement that shares the
 * owner's records with it; those cases are asserted as shown.
 *
 * Two cases found leaks when this file was written and are kept as regression tests: the emergency
 * without a justification (nested references) and the refused walk seen in another organisation's
 * disclosures. Their comments say what came back and what mended it.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MEMBERS, DEMO_ORGS, DEMO_PROFILES, DEMO_SERVICES, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import type { Principal } from "../../vocabulary/principal.js";
import { databaseMode } from "../support/databases.js";
import { legalReferralInput, recordConsent, shelterReferralInput, submitReferral } from "../support/fixtures.js";
import type { DemoPrincipalKey } from "../support/issuer.js";
import { startTestNetwork, type GraphQLResponse, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

const { aster, birch, cedar, dahlia, elm } = DEMO_SURVIVORS;
const ALL_SURVIVORS = [aster, birch, cedar, dahlia, elm];
const JUSTIFICATION = "Invented emergency (test): a missed safety check-in.";

type Who = DemoPrincipalKey | "lantern-officer";

/** One way of declaring the purpose of use. */
interface Variant {
  label: string;
  purpose?: string;
  justification?: string;
}
const PURPOSES = ["SERVICE_REFERRAL", "LEGAL_REPRESENTATION", "CERTIFICATION", "SAFETY_PLANNING", "CRIMINAL_INVESTIGATION", "DIRECTORY"] as const;
const JUSTIFIED: Variant = { label: "EMERGENCY with a justification", purpose: "EMERGENCY", justification: JUSTIFICATION };
const UNJUSTIFIED: Variant = { label: "EMERGENCY without a justification", purpose: "EMERGENCY" };
// A zero-width space, percent-encoded as the gateway takes text outside Latin-1: blank for the rule.
const BLANK: Variant = { label: "EMERGENCY with a blank justification", purpose: "EMERGENCY", justification: "%E2%80%8B" };
const VARIANTS: Variant[] = [...PURPOSES.map((purpose) => ({ label: purpose, purpose })), JUSTIFIED, UNJUSTIFIED, BLANK, { label: "no purpose" }];
const variant = (purpose: string): Variant => ({ label: purpose, purpose });

interface Walker {
  who: Who;
  /** The survivors its own organisation registered. */
  own: string[];
  /** The survivors a justified emergency shows it: their organisation shares its records with the walker's (agreement). */
  emergencyReach: string[];
  /** The purpose its work is usually declared with. */
  usual: Variant;
  partnerApp?: boolean;
}

const WALKERS: Walker[] = [
  // Harbor Light ⇄ Fictional Legal Aid (two-way) and Demo City Liaison → Harbor Light.
  { who: "harbor-caseworker", own: [aster, dahlia], emergencyReach: [cedar, elm], usual: variant("SERVICE_REFERRAL") },
  { who: "northstar-caseworker", own: [birch], emergencyReach: [], usual: variant("SERVICE_REFERRAL") },
  { who: "legal-caseworker", own: [cedar], emergencyReach: [aster, dahlia], usual: variant("LEGAL_REPRESENTATION") },
  { who: "clinic-admin", own: [], emergencyReach: [], usual: variant("LEGAL_REPRESENTATION") },
  // Demo City's agreement runs from it to Harbor Light: it shares the liaison unit's records, not Harbor Light's.
  { who: "city-liaison", own: [elm], emergencyReach: [], usual: variant("CERTIFICATION") },
  { who: "county-liaison", own: [], emergencyReach: [], usual: variant("SAFETY_PLANNING") },
  { who: "lantern-officer", own: [], emergencyReach: [aster, dahlia], usual: variant("CERTIFICATION") },
  { who: "harbor-app", own: [], emergencyReach: [], usual: variant("DIRECTORY"), partnerApp: true },
  { who: "legal-app", own: [], emergencyReach: [], usual: variant("DIRECTORY"), partnerApp: true },
];

// ── Operations ────────────────────────────────────────────────────────────────────────────────

const FRAGMENTS = `
fragment Walk on Survivor {
  id pseudonym createdAt ownerOrganizationId registeredBy { id name }
  residentProfiles { ...Resident }
  legalProfiles { id ownerOrganizationId updatedAt organization { name } survivor { id } }
  liaisonProfiles { id ownerOrganizationId updatedAt organization { name } survivor { id } }
}
fragment Resident on ResidentProfile { id ownerOrganizationId updatedAt organization { name } program { name site { city } } survivor { id } }`;

/** `survivor(id)` plainly, under aliases that imitate the gateway's keys, in inline fragments with @include/@skip, and the list. */
const PROBE = `query Probe($id: ID!, $yes: Boolean!, $no: Boolean!) {
  direct: survivor(id: $id) { ...Walk }
  __typename: survivor(id: $id) { __t: id _0: pseudonym survivorId: ownerOrganizationId }
  inline: survivor(id: $id) @include(if: $yes) { ... on Survivor { id registeredBy { id name } } ... @skip(if: $no) { liaisonProfiles { id survivor { id } } } }
  skipped: survivor(id: $id) @skip(if: $yes) { id }
  list: survivors(first: 100) { totalCount pageInfo { hasNextPage } edges { node { id } } }
}${FRAGMENTS}`;
const literal = (id: string) => `{ literal: survivor(id: "${id}") { id pseudonym consents { id status } } }`;
const DISCLOSURES = `query Disclosures($id: ID!) {
  survivorDisclosures(survivorId: $id, first: 100) { totalCount pageInfo { hasNextPage } edges { node { seq kind organization { name } items { recordType recordId category released code ownerOrganization { id } } } } }
}`;
const DRY_RUN = `query DryRun($id: ID!, $viewer: ID!) { sharingDryRun(survivorId: $id, viewerOrganizationId: $viewer, purpose: "SERVICE_REFERRAL") { survivorVisible decisions { category released } } }`;
const BESIDE_OWN = `query BesideOwn($own: ID!, $id: ID!) { own: survivor(id: $own) { id pseudonym residentProfiles { id } } probe: survivor(id: $id) { ...Walk } }${FRAGMENTS}`;

const REQUEST_WALK = `query Request($id: ID!) {
  certificationRequest(id: $id) { id survivorId ownerOrganizationId liaisonOrganizationId kind status survivor { ...Walk } events { requestId survivorId toStatus } }
}${FRAGMENTS}`;
const REQUESTS_LIST = `{ certificationRequests(first: 100) { totalCount edges { node { id survivorId survivor { id } } } } }`;
const REFERRAL_WALK = `query Referral($id: ID!) {
  referral(id: $id) { id survivorId status receiverOrganization { name } survivor { ...Walk } certificationRequests { id survivor { id } } events { toStatus } }
}${FRAGMENTS}`;
const LEGAL_PROFILES = `{ legalProfiles(first: 10) { totalCount edges { node { id survivorId survivor { ...Walk } } } } }${FRAGMENTS}`;
const LIAISON_PROFILES = `{ liaisonProfiles(first: 10) { totalCount edges { node { id survivorId survivor { ...Walk } } } } }${FRAGMENTS}`;
const RECEIVED = `{ referralsReceived(first: 10) { totalCount edges { node { id survivorId survivor { ...Walk } } } } }${FRAGMENTS}`;
/** The survivor's own organisation asking for what other organisations hold of them. */
const OTHERS_PROFILES = `query Others($id: ID!) {
  survivor(id: $id) { id legalProfiles { id ownerOrganizationId updatedAt organization { name } survivor { id } } liaisonProfiles { id ownerOrganizationId organization { name } } }
}`;

// ── Requests ──────────────────────────────────────────────────────────────────────────────────

const tokens = new Map<Who, string>();

/** An answer's status and its JSON body, typed as the request expects it (`unknown`: read as text only). */
interface Answer<TBody = unknown> {
  status: number;
  body: TBody;
}

/** One operation's answer in the body: `data` as the operation asks for it. */
type Result<TData = unknown> = GraphQLResponse<TData>["body"];

/** The data of an executed operation; an answer without any fails the test here, showing the answer. */
function dataOf<TData>(result: Result<TData>): TData {
  if (result.data === undefined || result.data === null) throw new Error(`no data in ${JSON.stringify(result)}`);
  return result.data;
}

/** What the `Walk` fragment reads of a survivor (and `Resident` of a resident profile). */
interface Walked {
  id: string;
  pseudonym: string;
  createdAt: string;
  ownerOrganizationId: string;
  registeredBy: { id: string; name: string };
  residentProfiles: (Profile & { program: { name: string; site: { city: string } } })[];
  legalProfiles: Profile[];
  liaisonProfiles: Profile[];
}
interface Profile {
  id: string;
  ownerOrganizationId: string;
  updatedAt: string;
  organization: { name: string };
  survivor: { id: string } | null;
}
interface Page<TNode> {
  totalCount: number;
  edges: { node: TNode }[];
}
/** A record of the caller's own, with the survivor it is about. */
interface AboutSurvivor<TSurvivor = Walked> {
  id: string;
  survivorId: string;
  survivor: TSurvivor | null;
}

/** The data of each operation, as it asks for it. */
interface ProbeData {
  direct: Walked | null;
  inline: { id: string } | null;
  list: Page<{ id: string }> & { pageInfo: { hasNextPage: boolean } };
}
interface DisclosuresData {
  survivorDisclosures: Page<{ seq: string; kind: string; organization: { name: string }; items: { recordType: string; ownerOrganization: { id: string } }[] }>;
}
interface RequestData {
  certificationRequest: (AboutSurvivor & { ownerOrganizationId: string; liaisonOrganizationId: string; kind: string; status: string }) | null;
}
interface RequestsListData {
  certificationRequests: Page<AboutSurvivor<{ id: string }>>;
}
interface ReferralData {
  referral: (AboutSurvivor & { status: string; receiverOrganization: { name: string } }) | null;
}
interface LegalProfilesData {
  legalProfiles: Page<AboutSurvivor>;
}
interface LiaisonProfilesData {
  liaisonProfiles: Page<AboutSurvivor>;
}
interface ReceivedData {
  referralsReceived: Page<AboutSurvivor>;
}
interface OthersProfilesData {
  survivor: { id: string; legalProfiles: Profile[]; liaisonProfiles: Omit<Profile, "updatedAt" | "survivor">[] } | null;
}
/** A root batch (`rootBatch`): the probe first, then what `full` adds. */
type RootAnswer = [Result<ProbeData>, ...Result[]];

/** POSTs one operation, or a batch when `body` is an array, as `who` with `how` declared. */
async function post<TBody = unknown>(who: Who, how: Variant, body: unknown): Promise<Answer<TBody>> {
  const headers: Record<string, string> = { "content-type": "application/json", authorization: `Bearer ${tokens.get(who)}` };
  if (how.purpose !== undefined) headers["x-purpose-of-use"] = how.purpose;
  if (how.justification !== undefined) headers["x-emergency-justification"] = how.justification;
  const response = await fetch(network.gateway.graphqlUrl, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as TBody };
}

const ask = <TData = unknown>(who: Who, how: Variant, query: string, variables: Record<string, unknown> = {}) => post<Result<TData>>(who, how, { query, variables });
/** POSTs a root batch (`rootBatch`). */
const postRoot = (who: Who, how: Variant, batch: unknown[]) => post<RootAnswer>(who, how, batch);

/** The answer as the comparison reads it: status and body, each supplied id replaced by one marker. */
function masked(answer: Answer, supplied: readonly string[]): string {
  let text = JSON.stringify(answer);
  for (const id of supplied) text = text.split(id).join("<supplied id>");
  return text;
}

/** Codes of answers refused before execution for the shape of the request: a probe that meets one has probed nothing. */
const NOT_EXECUTED = ["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "OPERATION_TOO_COSTLY", "OPERATION_TOO_COMPLEX", "BAD_REQUEST", "RATE_LIMITED"];

/**
 * Asserts that the probe for the hidden id and the probe for a random one were answered alike, and
 * (`executed`) that they were executed at all: two identical refusals of a malformed or too costly
 * probe would prove nothing.
 */
function expectAlike(hidden: Answer, hiddenIds: readonly string[], missing: Answer<Result | readonly Result[]>, missingIds: readonly string[], label: string, executed = true) {
  if (executed) {
    for (const answer of [missing.body].flat()) {
      const codes = (answer.errors ?? []).map((e) => e.extensions?.code);
      expect(
        codes.filter((code) => (typeof code === "string" && NOT_EXECUTED.includes(code)) || code === "PURPOSE_REQUIRED"),
        `${label}: executed`,
      ).toEqual([]);
    }
  }
  expect(masked(hidden, hiddenIds), label).toBe(masked(missing, missingIds));
}

/**
 * The errors an answer may carry when a record of the caller's points at a survivor the network
 * does not give it: what a reference to an id of nobody gets too (compared byte for byte in the
 * certification-request walks) — each at, or under, a `survivor` that is null in the data.
 */
function expectOnlyMissingSurvivorErrors(body: Result, label: string) {
  for (const error of body.errors ?? []) {
    expect(error.extensions?.code, label).toBe("SUBGRAPH_ANSWER_INVALID");
    const at = (error.path ?? []).indexOf("survivor");
    if (error.path === undefined) continue;
    expect(at, label).toBeGreaterThan(0);
    const value = error.path.slice(0, at + 1).reduce<unknown>((node, key) => (typeof node === "object" && node !== null ? Reflect.get(node, key) : undefined), body.data);
    expect(value, label).toBeNull();
  }
}

/**
 * The root probes of `id`, as one batch; `full` adds the id written into the document, the dry run,
 * a survivor of the caller's own beside the probe, and (`disclosures`) the caller's disclosures page.
 */
function rootBatch(walker: Walker, id: string, full: boolean, disclosures = true): unknown[] {
  const ops: unknown[] = [{ query: PROBE, variables: { id, yes: true, no: false } }];
  if (!full) return ops;
  ops.push({ query: literal(id) }, { query: DRY_RUN, variables: { id, viewer: DEMO_ORGS.northstar } });
  if (walker.own[0]) ops.push({ query: BESIDE_OWN, variables: { own: walker.own[0], id } });
  if (disclosures) ops.push({ query: DISCLOSURES, variables: { id } });
  return ops;
}

/** Whether the walker's organisation holds records about the target: then its disclosures page lists the items about them (checked on its own). */
const holdsRecordsOf = (walker: Walker, target: string) => walker.who === "legal-caseworker" && target === aster;

/** Runs `work` for each item, a few at a time. */
async function eachConcurrently<T>(items: readonly T[], work: (item: T) => Promise<void>, width = 4): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

// ── The situation ─────────────────────────────────────────────────────────────────────────────

/** Harbor Light's referral of Aster to Fictional Legal Aid, and Fictional Legal Aid's of Cedar to Harbor Light. */
let legalReferral = "";
let shelterReferral = "";
/** Fictional Legal Aid's certification requests to Demo City: about Aster, and about a survivor id that names nobody. */
let requestAboutAster = "";
let requestAboutNobody = "";
const nobody = randomUUID();
let lanternOrganization = "";

async function withdraw(consentId: string, as: DemoPrincipalKey) {
  const response = await network.query(
    `mutation($id: ID!) { withdrawConsent(id: $id, reason: "Invented (test): the survivor asked to stop.") { id } }`,
    { id: consentId },
    { as, purpose: "SERVICE_REFERRAL" },
  );
  expect(response.body.errors).toBeUndefined();
}

async function ok<T = unknown>(query: string, variables: Record<string, unknown>, options: Parameters<TestNetwork["query"]>[2]): Promise<T> {
  const response = await network.query<T>(query, variables, options);
  expect(response.body.errors, JSON.stringify(response.body)).toBeUndefined();
  return response.body.data!;
}

/**
 * A certification request as the law-enforcement subgraph records it, made straight there as the
 * gateway forwards a request: seed data, in effect. (The gateway would refuse both today: Fictional
 * Legal Aid may not know Aster, nobody is no survivor, and no agreement shares Harbor Light's records
 * with Demo City. A request made before that check, or about a survivor removed since, is what the
 * walk must cope with.)
 */
async function seededRequest(survivorId: string): Promise<string> {
  const requester: Principal = {
    kind: "member",
    id: DEMO_MEMBERS.legalAidCaseworker,
    organizationId: DEMO_ORGS.fictionalLegalAid,
    organizationKind: "LEGAL_AID",
    roles: ["CASEWORKER"],
    purpose: "CERTIFICATION",
  };
  const input = {
    survivorId,
    liaisonUnitId: DEMO_SERVICES.cityLiaison,
    kind: "T_VISA",
    dueDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    idempotencyKey: randomUUID(),
  };
  const response = await network.callSubgraph<{ requestCertification: { id: string } }>(
    "law-enforcement",
    requester,
    `mutation($input: RequestCertificationInput!) { requestCertification(input: $input) { id } }`,
    { input },
  );
  expect(response.body.errors, JSON.stringify(response.body)).toBeUndefined();
  return response.body.data!.requestCertification.id;
}

beforeAll(async () => {
  const unlimited = { memberPerMinute: 1_000_000, clientPerMinute: 1_000_000, addressPerMinute: 1_000_000 };
  network = await startTestNetwork({ gateway: { maxBatchOperations: 10, rateLimits: unlimited } });
  for (const walker of WALKERS) if (walker.who !== "lantern-officer") tokens.set(walker.who, await network.issuer.tokenFor(walker.who));

  // Lantern: a liaison unit onboarded by the steward; Harbor Light shares identity and contact with it.
  const onboarded = await ok<{ onboardOrganization: { organization: { id: string } } }>(
    `mutation($input: OnboardOrganizationInput!) { onboardOrganization(input: $input) { organization { id } } }`,
    {
      input: {
        name: "Lantern Liaison Unit (test)",
        kind: "LAW_ENFORCEMENT_LIAISON",
        jurisdiction: "Test County",
        languages: ["en"],
        firstAdmin: { displayName: "Robin Admin (test)", email: "robin@lantern.example.org", subject: "idp|lantern-walk-admin" },
      },
    },
    { as: "steward" },
  );
  lanternOrganization = onboarded.onboardOrganization.organization.id;
  const admin = { token: await network.issuer.sign({ subject: "idp|lantern-walk-admin", organizationId: lanternOrganization }) };
  await ok(
    `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { id } }`,
    { input: { displayName: "Officer Kit (test)", email: "kit@lantern.example.org", subject: "idp|lantern-walk-officer", roles: ["LIAISON_OFFICER"] } },
    { as: admin },
  );
  tokens.set("lantern-officer", await network.issuer.sign({ subject: "idp|lantern-walk-officer", organizationId: lanternOrganization }));
  const proposed = await ok<{ proposeAgreement: { id: string } }>(
    `mutation($input: ProposeAgreementInput!) { proposeAgreement(input: $input) { id } }`,
    {
      input: {
        counterpartOrganizationId: lanternOrganization,
        direction: "PROPOSER_SHARES",
        categories: ["IDENTITY", "CONTACT"],
        purposes: ["CERTIFICATION", "SAFETY_PLANNING"],
        validFrom: new Date(Date.now() - 3_600_000).toISOString(),
        validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
        summary: "Invented test agreement: the shelter shares identity and contact of consenting residents with the liaison unit.",
      },
    },
    { as: "harbor-admin" },
  );
  await ok(`mutation($id: ID!) { countersignAgreement(id: $id) { id } }`, { id: proposed.proposeAgreement.id }, { as: admin });

  // Harbor Light refers Aster to Fictional Legal Aid while Aster consents; then the consent is withdrawn.
  const asterConsent = await recordConsent(network, { survivorId: aster, granteeOrganizationId: DEMO_ORGS.fictionalLegalAid, categories: ["IDENTITY", "CONTACT"] });
  legalReferral = (await submitReferral(network, legalReferralInput())).id;
  await withdraw(asterConsent, "harbor-caseworker");
  // Fictional Legal Aid refers Cedar to Harbor Light's beds while Cedar consents; then withdrawn.
  const cedarConsent = await recordConsent(
    network,
    { survivorId: cedar, granteeOrganizationId: DEMO_ORGS.harborLight, categories: ["IDENTITY"] },
    { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" },
  );
  shelterReferral = (await submitReferral(network, shelterReferralInput(), { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" })).id;
  await withdraw(cedarConsent, "legal-caseworker");
  // Fictional Legal Aid's own note on the referral it received.
  await ok(
    `mutation($id: ID!) { recordConflictCheck(referralId: $id, outcome: CLEAR) { id } }`,
    { id: legalReferral },
    { as: "legal-caseworker", purpose: "LEGAL_REPRESENTATION" },
  );

  requestAboutAster = await seededRequest(aster);
  requestAboutNobody = await seededRequest(nobody);
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

// ── Root probes ───────────────────────────────────────────────────────────────────────────────

describe(`root probes for a survivor the caller may not know, by every caller and purpose (${databaseMode})`, () => {
  it("answer byte for byte as for a random id, list only the caller's own survivors, and show a survivor only in a justified emergency with an agreement", async () => {
    await eachConcurrently(WALKERS, async (walker) => {
      const targets = walker.partnerApp ? ALL_SURVIVORS : ALL_SURVIVORS.filter((s) => !walker.own.includes(s));
      for (const how of VARIANTS) {
        const full = how.label === walker.usual.label || how === UNJUSTIFIED;
        const random = randomUUID();
        const missing = await postRoot(walker.who, how, rootBatch(walker, random, full));
        const missingWithoutDisclosures = full && walker.who === "legal-caseworker" ? await postRoot(walker.who, how, rootBatch(walker, random, full, false)) : missing;
        const label = (target: string) => `${walker.who}, ${how.label}, survivor ${target}`;
        if (how.purpose === undefined) {
          // An operation that reaches survivor records needs a declared purpose, whoever asks.
          expect(missing.status, label("random")).toBe(400);
          for (const answer of missing.body) expect(answer.errors?.[0]?.extensions?.code, label("random")).toBe("PURPOSE_REQUIRED");
        } else if (walker.partnerApp) {
          // A partner app's role may not read survivor records at all, not even its organisation's own.
          expect(
            (missing.body[0].errors ?? []).map((e) => e.extensions?.code),
            label("random"),
          ).toContain("ROLE_FORBIDDEN");
        } else {
          // The list and its count are the caller's own survivors, whatever the purpose (an emergency lists nothing more).
          const list = dataOf(missing.body[0]).list;
          expect(list.edges.map((e) => e.node.id).sort(), label("list")).toEqual([...walker.own].sort());
          expect(list.totalCount, label("count")).toBe(walker.own.length);
        }
        for (const target of targets) {
          const disclosures = !holdsRecordsOf(walker, target);
          const hidden = await postRoot(walker.who, how, rootBatch(walker, target, full, disclosures));
          if (how === JUSTIFIED && walker.emergencyReach.includes(target)) {
            // Positive: the rule's emergency clause shows the survivor (by id only, not in the list).
            expect(dataOf(hidden.body[0]).direct?.id, label(target)).toBe(target);
            expect(dataOf(hidden.body[0]).inline?.id, label(target)).toBe(target);
            expect(
              dataOf(hidden.body[0]).list.edges.map((e) => e.node.id),
              label(target),
            ).not.toContain(target);
            continue;
          }
          expectAlike(hidden, [target], disclosures ? missing : missingWithoutDisclosures, [random], label(target), how.purpose !== undefined);
        }
      }
    });
  }, 120_000);

  it("positive control: the same probe shows each caller its own survivors, with what it may see under them", async () => {
    const harbor = await postRoot("harbor-caseworker", variant("SERVICE_REFERRAL"), rootBatch(WALKERS[0]!, aster, false));
    expect(dataOf(harbor.body[0]).direct).toMatchObject({
      id: aster,
      pseudonym: "Demo Survivor Aster",
      registeredBy: { name: "Harbor Light Shelter (demo)" },
      residentProfiles: [
        {
          id: DEMO_PROFILES.asterResident,
          organization: { name: "Harbor Light Shelter (demo)" },
          program: { name: "Harbor Light Emergency Beds (demo)", site: { city: "Demo City" } },
        },
      ],
      // Fictional Legal Aid's and Demo City's profiles of Aster: no consent lets Harbor Light know of them.
      legalProfiles: [],
      liaisonProfiles: [],
    });
    const northstar = await postRoot("northstar-caseworker", variant("SERVICE_REFERRAL"), rootBatch(WALKERS[1]!, birch, false));
    expect(dataOf(northstar.body[0]).direct).toMatchObject({
      id: birch,
      residentProfiles: [{ id: DEMO_PROFILES.birchResident, organization: { name: "Northstar Safe House (demo)" } }],
    });
    const city = await postRoot("city-liaison", variant("CERTIFICATION"), rootBatch(WALKERS[4]!, elm, false));
    expect(dataOf(city.body[0]).direct).toMatchObject({ id: elm, registeredBy: { name: "Demo City Police Victim Services Liaison (demo)" } });
  });

  it("federation `_entities` is not part of the client API: refused whole, the same for a hidden survivor and a random id", async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Survivor { id pseudonym } } }`;
    const hidden = await ask("legal-caseworker", variant("SERVICE_REFERRAL"), query, { r: [{ __typename: "Survivor", id: aster }] });
    const random = randomUUID();
    const missing = await ask("legal-caseworker", variant("SERVICE_REFERRAL"), query, { r: [{ __typename: "Survivor", id: random }] });
    expect(hidden.status).toBe(400);
    expectAlike(hidden, [aster], missing, [random], "_entities", false);
  });
});

// ── Nested paths from the caller's own records ────────────────────────────────────────────────

/** The variants under which the nested answers must match a random id's (the emergency ones apart, asserted on their own). */
const ORDINARY = VARIANTS.filter((v) => v.purpose !== "EMERGENCY");

describe(`nested paths from a legal-aid caseworker's own records to Harbor Light's survivor Aster (${databaseMode})`, () => {
  it("a certification request it sent about Aster answers as one about a survivor id of nobody: the request, and no survivor", async () => {
    for (const how of [...ORDINARY, JUSTIFIED]) {
      const hidden = await ask<RequestData>("legal-caseworker", how, REQUEST_WALK, { id: requestAboutAster });
      const missing = await ask<RequestData>("legal-caseworker", how, REQUEST_WALK, { id: requestAboutNobody });
      if (how === JUSTIFIED) {
        // Harbor Light shares its records with Fictional Legal Aid: a justified emergency shows Aster.
        expect(dataOf(hidden.body).certificationRequest?.survivor).toMatchObject({ id: aster, pseudonym: "Demo Survivor Aster" });
        continue;
      }
      if (how.purpose !== undefined) expect(dataOf(hidden.body).certificationRequest).toMatchObject({ id: requestAboutAster, survivorId: aster, survivor: null });
      expectAlike(hidden, [requestAboutAster, aster], missing, [requestAboutNobody, nobody], `legal-caseworker, ${how.label}`, how.purpose !== undefined);
    }
    const list = await ask<RequestsListData>("legal-caseworker", variant("CERTIFICATION"), REQUESTS_LIST);
    expectOnlyMissingSurvivorErrors(list.body, "legal-caseworker list");
    const nodes = dataOf(list.body).certificationRequests.edges.map((e) => e.node);
    expect(nodes).toEqual(
      expect.arrayContaining([
        { id: requestAboutAster, survivorId: aster, survivor: null },
        { id: requestAboutNobody, survivorId: nobody, survivor: null },
      ]),
    );
  });

  it("its legal profile of Aster shows the profile and no survivor, nothing of Harbor Light's records under it", async () => {
    for (const how of ORDINARY) {
      const answer = await ask<LegalProfilesData>("legal-caseworker", how, LEGAL_PROFILES);
      if (how.purpose === undefined) {
        expect(answer.body.errors?.[0]?.extensions?.code).toBe("PURPOSE_REQUIRED");
        continue;
      }
      expectOnlyMissingSurvivorErrors(answer.body, how.label);
      const nodes = dataOf(answer.body).legalProfiles.edges.map((e) => e.node);
      expect(
        nodes.find((n) => n.id === DEMO_PROFILES.asterLegal),
        how.label,
      ).toEqual({ id: DEMO_PROFILES.asterLegal, survivorId: aster, survivor: null });
      // Its own survivor Cedar is walked in full (the walk is not blind).
      expect(nodes.find((n) => n.id === DEMO_PROFILES.cedarLegal)?.survivor, how.label).toMatchObject({ id: cedar, legalProfiles: [{ id: DEMO_PROFILES.cedarLegal }] });
      const text = JSON.stringify(answer.body);
      for (const trace of ["Harbor Light", DEMO_PROFILES.asterResident, DEMO_PROFILES.asterLiaison, "Demo Survivor Aster"]) expect(text, how.label).not.toContain(trace);
    }
  });

  it("the referral of Aster it received stays its record after the consent was withdrawn, without the survivor", async () => {
    for (const how of ORDINARY.filter((v) => v.purpose !== undefined)) {
      const answer = await ask<ReferralData>("legal-caseworker", how, REFERRAL_WALK, { id: legalReferral });
      // Addressee: the referral is shown whatever the consents say; the survivor's record follows IDENTITY.
      expect(answer.body, how.label).toEqual({
        data: {
          referral: {
            id: legalReferral,
            survivorId: aster,
            status: "SENT",
            receiverOrganization: { name: "Fictional Legal Aid Collective (demo)" },
            survivor: null,
            certificationRequests: [],
            events: [{ toStatus: "SENT" }],
          },
        },
      });
      const received = await ask<ReceivedData>("legal-caseworker", how, RECEIVED);
      expect(dataOf(received.body).referralsReceived, how.label).toEqual({ totalCount: 1, edges: [{ node: { id: legalReferral, survivorId: aster, survivor: null } }] });
    }
    // Its conflict check of the referral is its own note, reached through the referral it holds.
    const check = await ask(
      "legal-caseworker",
      variant("LEGAL_REPRESENTATION"),
      `query($id: ID!) { referral(id: $id) { conflictCheck { outcome clears organization { name } } survivor { id } } }`,
      { id: legalReferral },
    );
    expect(check.body).toEqual({
      data: { referral: { conflictCheck: { outcome: "CLEAR", clears: true, organization: { name: "Fictional Legal Aid Collective (demo)" } }, survivor: null } },
    });
  });

  it("its disclosures page for Aster lists items about its own records only", async () => {
    const page = await ask<DisclosuresData>("legal-caseworker", variant("LEGAL_REPRESENTATION"), DISCLOSURES, { id: aster });
    expect(page.body.errors).toBeUndefined();
    const items = dataOf(page.body).survivorDisclosures.edges.flatMap((e) => e.node.items);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.ownerOrganization).toEqual({ id: DEMO_ORGS.fictionalLegalAid });
  });
});

describe(`nested paths from a liaison officer's own records to Harbor Light's survivor Aster (${databaseMode})`, () => {
  it("a certification request addressed to Demo City about Aster answers as one about a survivor id of nobody, under every purpose", async () => {
    // No agreement shares Harbor Light's records with Demo City: not even a justified emergency shows Aster.
    for (const how of VARIANTS) {
      const hidden = await ask<RequestData>("city-liaison", how, REQUEST_WALK, { id: requestAboutAster });
      const missing = await ask<RequestData>("city-liaison", how, REQUEST_WALK, { id: requestAboutNobody });
      if (how.purpose !== undefined)
        expect(dataOf(hidden.body).certificationRequest).toMatchObject({ id: requestAboutAster, liaisonOrganizationId: DEMO_ORGS.demoCityLiaison, survivor: null });
      expectAlike(hidden, [requestAboutAster, aster], missing, [requestAboutNobody, nobody], `city-liaison, ${how.label}`, how.purpose !== undefined);
    }
    const list = await ask<RequestsListData>("city-liaison", variant("CERTIFICATION"), REQUESTS_LIST);
    expectOnlyMissingSurvivorErrors(list.body, "city-liaison list");
    expect(dataOf(list.body).certificationRequests.edges.map((e) => e.node)).toEqual(
      expect.arrayContaining([
        { id: requestAboutAster, survivorId: aster, survivor: null },
        { id: requestAboutNobody, survivorId: nobody, survivor: null },
      ]),
    );
  });

  it("its liaison profile of Aster shows the profile and no survivor, under every purpose", async () => {
    for (const how of VARIANTS.filter((v) => v.purpose !== undefined)) {
      const answer = await ask<LiaisonProfilesData>("city-liaison", how, LIAISON_PROFILES);
      expectOnlyMissingSurvivorErrors(answer.body, how.label);
      expect(
        dataOf(answer.body).liaisonProfiles.edges.map((e) => e.node),
        how.label,
      ).toEqual([{ id: DEMO_PROFILES.asterLiaison, survivorId: aster, survivor: null }]);
      expect(JSON.stringify(answer.body), how.label).not.toContain("Harbor Light");
    }
  });
});

describe(`nested paths from a shelter caseworker's own records (${databaseMode})`, () => {
  it("Harbor Light's referral of Cedar stays its record after the consent was withdrawn, without the survivor (shown only in a justified emergency)", async () => {
    for (const how of VARIANTS.filter((v) => v.purpose !== undefined)) {
      const answer = await ask<ReceivedData>("harbor-caseworker", how, RECEIVED);
      const [edge] = dataOf(answer.body).referralsReceived.edges;
      expect(dataOf(answer.body).referralsReceived.totalCount, how.label).toBe(1);
      if (how === JUSTIFIED) {
        // Fictional Legal Aid shares its records with Harbor Light (two-way agreement).
        expect(edge?.node.survivor, how.label).toMatchObject({ id: cedar });
        continue;
      }
      expect(answer.body, how.label).toEqual({ data: { referralsReceived: { totalCount: 1, edges: [{ node: { id: shelterReferral, survivorId: cedar, survivor: null } }] } } });
    }
  });

  it("the survivor's own organisation learns nothing of another organisation's profiles: Aster answers as Dahlia, who has none", async () => {
    for (const how of VARIANTS) {
      const withProfiles = await ask<OthersProfilesData>("harbor-caseworker", how, OTHERS_PROFILES, { id: aster });
      const without = await ask<OthersProfilesData>("harbor-caseworker", how, OTHERS_PROFILES, { id: dahlia });
      if (how === JUSTIFIED) {
        // The rule's emergency clause shows a record of an organisation that shares its records with
        // the caller (Fictional Legal Aid, two-way), although a legal profile holds no CONTACT or
        // LOCATION; a liaison profile's very presence is LAW_ENFORCEMENT, which no emergency releases.
        expect(dataOf(withProfiles.body).survivor).toMatchObject({ legalProfiles: [{ id: DEMO_PROFILES.asterLegal }], liaisonProfiles: [] });
        continue;
      }
      expectAlike(withProfiles, [aster], without, [dahlia], `harbor-caseworker, ${how.label}`, how.purpose !== undefined);
    }
    // From its own resident profile of Aster, the same.
    const residents = await ask(
      "harbor-caseworker",
      variant("SAFETY_PLANNING"),
      `{ residentProfiles { edges { node { id survivor { id legalProfiles { id } liaisonProfiles { id } } } } } }`,
    );
    expect(residents.body).toEqual({
      data: { residentProfiles: { edges: [{ node: { id: DEMO_PROFILES.asterResident, survivor: { id: aster, legalProfiles: [], liaisonProfiles: [] } } }] } },
    });
  });
});

describe(`records of others, probed by id by organisations that are no party to them (${databaseMode})`, () => {
  it("a referral and a certification request about a survivor answer as random ids, to every caller that is no party, under every purpose", async () => {
    const strangers: Who[] = ["northstar-caseworker", "clinic-admin", "county-liaison", "lantern-officer", "harbor-app", "legal-app"];
    await eachConcurrently(strangers, async (who) => {
      for (const how of VARIANTS) {
        const random = randomUUID();
        for (const [query, id] of [
          [REFERRAL_WALK, legalReferral],
          [REFERRAL_WALK, shelterReferral],
          [REQUEST_WALK, requestAboutAster],
        ] as const) {
          const hidden = await ask(who, how, query, { id });
          const missing = await ask(who, how, query, { id: random });
          expectAlike(hidden, [id], missing, [random], `${who}, ${how.label}, ${id}`, how.purpose !== undefined);
        }
      }
    });
    // Harbor Light sent the referral of Aster but is no party to Fictional Legal Aid's certification requests.
    const hidden = await ask("harbor-caseworker", variant("CERTIFICATION"), REQUEST_WALK, { id: requestAboutAster });
    const random = randomUUID();
    expectAlike(hidden, [requestAboutAster], await ask("harbor-caseworker", variant("CERTIFICATION"), REQUEST_WALK, { id: random }), [random], "harbor-caseworker");
    expect(hidden.body).toEqual({ data: { certificationRequest: null } });
  });
});

// ── Positive controls: with the consent and the agreement in force, the same walks show the record ──

describe(`with the consent in force, the same walks show the survivor (${databaseMode})`, () => {
  it("legal aid: Aster consents to Fictional Legal Aid (IDENTITY, for referrals and representation) — every path shows Aster until the consent is withdrawn", async () => {
    const consent = await recordConsent(network, {
      survivorId: aster,
      granteeOrganizationId: DEMO_ORGS.fictionalLegalAid,
      categories: ["IDENTITY"],
      purposes: ["SERVICE_REFERRAL", "LEGAL_REPRESENTATION"],
    });
    try {
      const how = variant("LEGAL_REPRESENTATION");
      const [probe] = (await postRoot("legal-caseworker", how, rootBatch(WALKERS[2]!, aster, false))).body;
      expect(dataOf(probe).direct).toMatchObject({
        id: aster,
        pseudonym: "Demo Survivor Aster",
        registeredBy: { name: "Harbor Light Shelter (demo)" },
        residentProfiles: [
          {
            id: DEMO_PROFILES.asterResident,
            ownerOrganizationId: DEMO_ORGS.harborLight,
            organization: { name: "Harbor Light Shelter (demo)" },
            program: { name: "Harbor Light Emergency Beds (demo)", site: { city: "Demo City" } },
            survivor: { id: aster },
          },
        ],
        legalProfiles: [{ id: DEMO_PROFILES.asterLegal }],
        // Demo City's profile: no agreement shares the liaison unit's records with Fictional Legal Aid.
        liaisonProfiles: [],
      });
      expect(dataOf(probe).list).toMatchObject({ totalCount: 2, edges: [{ node: { id: aster } }, { node: { id: cedar } }] });
      const request = await ask<RequestData>("legal-caseworker", how, REQUEST_WALK, { id: requestAboutAster });
      expect(dataOf(request.body).certificationRequest?.survivor).toMatchObject({ id: aster, residentProfiles: [{ id: DEMO_PROFILES.asterResident }] });
      const referral = await ask<ReferralData>("legal-caseworker", how, REFERRAL_WALK, { id: legalReferral });
      expect(dataOf(referral.body).referral?.survivor).toMatchObject({ id: aster, pseudonym: "Demo Survivor Aster" });
      const profiles = await ask<LegalProfilesData>("legal-caseworker", how, LEGAL_PROFILES);
      expect(dataOf(profiles.body).legalProfiles.edges.find((e) => e.node.id === DEMO_PROFILES.asterLegal)?.node.survivor).toMatchObject({ id: aster });
      // Only for the purposes the consent names: for CERTIFICATION, Aster is still a stranger.
      const random = randomUUID();
      const other = variant("CERTIFICATION");
      // (Its disclosures page for Aster lists the items about its own records of Aster: left out here.)
      expectAlike(
        await postRoot("legal-caseworker", other, rootBatch(WALKERS[2]!, aster, true, false)),
        [aster],
        await postRoot("legal-caseworker", other, rootBatch(WALKERS[2]!, random, true, false)),
        [random],
        "CERTIFICATION",
      );
      // Another organisation of the same kind is not named.
      expectAlike(
        await postRoot("clinic-admin", how, rootBatch(WALKERS[3]!, aster, true)),
        [aster],
        await postRoot("clinic-admin", how, rootBatch(WALKERS[3]!, random, true)),
        [random],
        "clinic-admin",
      );
    } finally {
      await withdraw(consent, "harbor-caseworker");
    }
    // Withdrawn: hidden again on the very next request.
    const random = randomUUID();
    const how = variant("LEGAL_REPRESENTATION");
    expectAlike(
      await postRoot("legal-caseworker", how, rootBatch(WALKERS[2]!, aster, false)),
      [aster],
      await postRoot("legal-caseworker", how, rootBatch(WALKERS[2]!, random, false)),
      [random],
      "after the withdrawal",
    );
  });

  it("shelter: Cedar consents to Harbor Light, and Aster to Harbor Light knowing what others hold — the referral, the survivor and the other organisation's profile are shown, and hidden again after withdrawal", async () => {
    const cedarConsent = await recordConsent(
      network,
      { survivorId: cedar, granteeOrganizationId: DEMO_ORGS.harborLight, categories: ["IDENTITY"] },
      { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" },
    );
    const asterConsent = await recordConsent(network, { survivorId: aster, granteeOrganizationId: DEMO_ORGS.harborLight, categories: ["IDENTITY"] });
    try {
      const how = variant("SERVICE_REFERRAL");
      const [probe] = (await postRoot("harbor-caseworker", how, rootBatch(WALKERS[0]!, cedar, false))).body;
      expect(dataOf(probe).direct).toMatchObject({
        id: cedar,
        registeredBy: { name: "Fictional Legal Aid Collective (demo)" },
        legalProfiles: [{ id: DEMO_PROFILES.cedarLegal, organization: { name: "Fictional Legal Aid Collective (demo)" } }],
      });
      expect(dataOf(probe).list.totalCount).toBe(3);
      const received = await ask<ReceivedData>("harbor-caseworker", how, RECEIVED);
      expect(dataOf(received.body).referralsReceived.edges[0]?.node.survivor).toMatchObject({ id: cedar, pseudonym: "Demo Survivor Cedar" });
      const others = await ask<OthersProfilesData>("harbor-caseworker", how, OTHERS_PROFILES, { id: aster });
      expect(dataOf(others.body).survivor?.legalProfiles).toMatchObject([{ id: DEMO_PROFILES.asterLegal, organization: { name: "Fictional Legal Aid Collective (demo)" } }]);
      // Demo City shares law-enforcement involvement with Harbor Light, but Aster's consent names IDENTITY only.
      expect(dataOf(others.body).survivor?.liaisonProfiles).toEqual([]);
      // Northstar is named by neither consent.
      const random = randomUUID();
      expectAlike(
        await postRoot("northstar-caseworker", how, rootBatch(WALKERS[1]!, cedar, true)),
        [cedar],
        await postRoot("northstar-caseworker", how, rootBatch(WALKERS[1]!, random, true)),
        [random],
        "northstar-caseworker",
      );
    } finally {
      await withdraw(cedarConsent, "legal-caseworker");
      await withdraw(asterConsent, "harbor-caseworker");
    }
    const received = await ask<ReceivedData>("harbor-caseworker", variant("SERVICE_REFERRAL"), RECEIVED);
    expect(dataOf(received.body).referralsReceived.edges[0]?.node.survivor).toBeNull();
    const withProfiles = await ask<OthersProfilesData>("harbor-caseworker", variant("SERVICE_REFERRAL"), OTHERS_PROFILES, { id: aster });
    expectAlike(withProfiles, [aster], await ask("harbor-caseworker", variant("SERVICE_REFERRAL"), OTHERS_PROFILES, { id: dahlia }), [dahlia], "after the withdrawal");
  });

  it("liaison: Aster consents to Lantern (which holds Harbor Light's agreement) — Lantern finds Aster; a consent to Demo City alone, without an agreement, shows it nothing", async () => {
    const toLantern = await recordConsent(network, { survivorId: aster, granteeOrganizationId: lanternOrganization, categories: ["IDENTITY"], purposes: ["CERTIFICATION"] });
    const toCity = await recordConsent(network, {
      survivorId: aster,
      granteeOrganizationId: DEMO_ORGS.demoCityLiaison,
      categories: ["IDENTITY", "LAW_ENFORCEMENT"],
      purposes: ["CERTIFICATION"],
    });
    try {
      const how = variant("CERTIFICATION");
      const [probe] = (await postRoot("lantern-officer", how, rootBatch(WALKERS[6]!, aster, false))).body;
      expect(dataOf(probe).direct).toMatchObject({ id: aster, pseudonym: "Demo Survivor Aster", registeredBy: { name: "Harbor Light Shelter (demo)" }, liaisonProfiles: [] });
      expect(dataOf(probe).list).toEqual({ totalCount: 1, pageInfo: { hasNextPage: false }, edges: [{ node: { id: aster } }] });
      // Not for a purpose the consent does not name.
      const random = randomUUID();
      const other = variant("SAFETY_PLANNING");
      expectAlike(
        await postRoot("lantern-officer", other, rootBatch(WALKERS[6]!, aster, true)),
        [aster],
        await postRoot("lantern-officer", other, rootBatch(WALKERS[6]!, random, true)),
        [random],
        "lantern, SAFETY_PLANNING",
      );
      // Demo City: consent, but no agreement sharing Harbor Light's records with it.
      expectAlike(
        await postRoot("city-liaison", how, rootBatch(WALKERS[4]!, aster, true)),
        [aster],
        await postRoot("city-liaison", how, rootBatch(WALKERS[4]!, random, true)),
        [random],
        "city-liaison",
      );
      expectAlike(
        await ask<RequestData>("city-liaison", how, REQUEST_WALK, { id: requestAboutAster }),
        [requestAboutAster, aster],
        await ask<RequestData>("city-liaison", how, REQUEST_WALK, { id: requestAboutNobody }),
        [requestAboutNobody, nobody],
        "city-liaison request",
      );
    } finally {
      await withdraw(toLantern, "harbor-caseworker");
      await withdraw(toCity, "harbor-caseworker");
    }
    const random = randomUUID();
    const how = variant("CERTIFICATION");
    expectAlike(
      await postRoot("lantern-officer", how, rootBatch(WALKERS[6]!, aster, true)),
      [aster],
      await postRoot("lantern-officer", how, rootBatch(WALKERS[6]!, random, true)),
      [random],
      "lantern after the withdrawal",
    );
  });

  it("partner apps: nothing of any survivor even with a consent in force, while the caseworker's same operation shows it and the app's event feed works", async () => {
    const consent = await recordConsent(network, { survivorId: aster, granteeOrganizationId: DEMO_ORGS.fictionalLegalAid, categories: ["IDENTITY"] });
    try {
      const how = variant("SERVICE_REFERRAL");
      const caseworker = await postRoot("legal-caseworker", how, rootBatch(WALKERS[2]!, aster, false));
      expect(dataOf(caseworker.body[0]).direct).toMatchObject({ id: aster });
      const random = randomUUID();
      for (const app of [WALKERS[7]!, WALKERS[8]!]) {
        expectAlike(await postRoot(app.who, how, rootBatch(app, aster, true)), [aster], await postRoot(app.who, how, rootBatch(app, random, true)), [random], app.who);
      }
      // The feed carries the organisation's referral events, and no survivor.
      const feed = await ask<{ referralEvents: { edges: { node: { referralId: string; toStatus: string; actorOrganizationId: string } }[] } }>(
        "legal-app",
        { label: "none" },
        `{ referralEvents { edges { node { referralId toStatus actorOrganizationId } } } }`,
      );
      expect(dataOf(feed.body).referralEvents.edges.map((e) => e.node)).toEqual(
        expect.arrayContaining([{ referralId: legalReferral, toStatus: "SENT", actorOrganizationId: DEMO_ORGS.harborLight }]),
      );
      expect(JSON.stringify(feed.body)).not.toContain(aster);
      // Asked for whom each step is about, the app is refused it at every event.
      const named = await ask("legal-app", { label: "none" }, `{ referralEvents { edges { node { referralId survivorId } } } }`);
      expect(JSON.stringify(named.body)).not.toContain(aster);
      expect(new Set((named.body.errors ?? []).map((e) => e.extensions?.code))).toEqual(new Set(["ROLE_FORBIDDEN"]));
    } finally {
      await withdraw(consent, "harbor-caseworker");
    }
  });
});

// ── Mutations that name a survivor or a record about one ──────────────────────────────────────

describe(`mutations that name a survivor the caller may not know, or a record of one (${databaseMode})`, () => {
  it("answer as for a random id", async () => {
    const dueDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const probes: { who: Who; how: Variant; query: string; variables: (id: string) => Record<string, unknown>; hidden: string }[] = [
      {
        who: "northstar-caseworker",
        how: variant("SERVICE_REFERRAL"),
        query: `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id survivorId } }`,
        variables: (id) => ({
          input: { survivorId: id, granteeOrganizationId: DEMO_ORGS.northstar, categories: ["IDENTITY"], purposes: ["SERVICE_REFERRAL"], method: "WRITTEN", language: "en" },
        }),
        hidden: aster,
      },
      {
        who: "northstar-caseworker",
        how: variant("SERVICE_REFERRAL"),
        query: `mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { id survivorId } }`,
        variables: (id) => ({ input: legalReferralInput({ survivorId: id, idempotencyKey: `walk-${id}` }) }),
        hidden: aster,
      },
      {
        who: "legal-caseworker",
        how: variant("CERTIFICATION"),
        query: `mutation($input: RequestCertificationInput!) { requestCertification(input: $input) { survivorId kind status liaisonOrganizationId survivor { id } } }`,
        variables: (id) => ({ input: { survivorId: id, liaisonUnitId: DEMO_SERVICES.countyLiaison, kind: "U_VISA", dueDate, idempotencyKey: `walk-${id}` } }),
        hidden: birch,
      },
      {
        who: "northstar-caseworker",
        how: variant("SERVICE_REFERRAL"),
        query: `mutation($id: ID!) { acknowledgeReferral(id: $id, expectedVersion: 1) { id survivor { id } } }`,
        variables: (id) => ({ id }),
        hidden: legalReferral,
      },
      {
        who: "northstar-caseworker",
        how: variant("SERVICE_REFERRAL"),
        query: `mutation($id: ID!) { acceptReferralIntake(referralId: $id, expectedVersion: 1) { id status } }`,
        variables: (id) => ({ id }),
        hidden: shelterReferral,
      },
      {
        who: "county-liaison",
        how: variant("CERTIFICATION"),
        query: `mutation($id: ID!) { reviewCertification(id: $id, expectedVersion: 1) { id survivor { id } } }`,
        variables: (id) => ({ id }),
        hidden: requestAboutAster,
      },
      {
        who: "clinic-admin",
        how: variant("LEGAL_REPRESENTATION"),
        query: `mutation($id: ID!) { recordConflictCheck(referralId: $id, outcome: CLEAR) { referralId outcome revision clears } }`,
        variables: (id) => ({ id }),
        hidden: legalReferral,
      },
    ];
    for (const probe of probes) {
      const random = randomUUID();
      const hidden = await ask(probe.who, probe.how, probe.query, probe.variables(probe.hidden));
      const missing = await ask(probe.who, probe.how, probe.query, probe.variables(random));
      expectAlike(hidden, [probe.hidden], missing, [random], `${probe.who}: ${probe.query.slice(0, 60)}`);
    }
    // Withdrawing a consent of another organisation's survivor: the same as one that does not exist.
    const consent = await recordConsent(network, { survivorId: aster, granteeOrganizationId: DEMO_ORGS.northstar, categories: ["IDENTITY"] });
    const random = randomUUID();
    const query = `mutation($id: ID!) { withdrawConsent(id: $id, reason: "Invented (test).") { id status } }`;
    expectAlike(
      await ask("legal-caseworker", variant("SERVICE_REFERRAL"), query, { id: consent }),
      [consent],
      await ask("legal-caseworker", variant("SERVICE_REFERRAL"), query, { id: random }),
      [random],
      "withdrawConsent",
    );
    await withdraw(consent, "harbor-caseworker");
  });
});

// ── Found by this walk, mended, kept ──────────────────────────────────────────────────────────

describe(`leaks found by the walk, mended (${databaseMode})`, () => {
  /**
   * WAS A LEAK. `certificationRequest(id) { survivor { id } }` (and `legalProfiles { … survivor { … } }`) as
   * Fictional Legal Aid's caseworker with `X-Purpose-Of-Use: EMERGENCY` and no (or a blank)
   * justification. Aster's request answers `{"data":{"certificationRequest":{"survivor":null}}}`; the
   * request about an id of nobody answers the same data plus an error "A subgraph answered a value
   * that the schema does not allow here; it is left out." (SUBGRAPH_ANSWER_INVALID). Under every
   * other purpose both carry that error. Why: in an emergency the network's `reachableSurvivors`
   * resolves the federation reference to Aster (it cannot know of the justification) and the gateway
   * then drops the record without an error; for a survivor the network does not find, the
   * reference's non-null fields fail in the gateway's executor. So the answer tells, without a
   * justification, that the survivor exists and is registered by an organisation that shares its
   * records with the caller. The root `survivor(id)` is answered alike (both just null).
   * Mended: an emergency without a justification is forwarded to the subgraphs as no purpose at all
   * (gateway/SubgraphDataSource.ts, `forwardedPrincipal`), so the network does not find Aster either.
   */
  it("an emergency without a justification tells a legal-aid caseworker nothing more through a nested survivor reference than a random id does", async () => {
    for (const how of [UNJUSTIFIED, BLANK]) {
      for (const query of [REQUEST_WALK, `query($id: ID!) { certificationRequest(id: $id) { survivor { id } } }`]) {
        const hidden = await ask("legal-caseworker", how, query, { id: requestAboutAster });
        const missing = await ask("legal-caseworker", how, query, { id: requestAboutNobody });
        expectAlike(hidden, [requestAboutAster, aster], missing, [requestAboutNobody, nobody], how.label);
      }
      // The legal profile of Aster: as under any other purpose (with the error), not without it.
      const emergency = await ask<LegalProfilesData>("legal-caseworker", how, LEGAL_PROFILES);
      const ordinary = await ask("legal-caseworker", variant("LEGAL_REPRESENTATION"), LEGAL_PROFILES);
      expect(emergency.body.errors, how.label).toEqual(ordinary.body.errors);
    }
  });

  /**
   * WAS A LEAK (ledger). Harbor Light's caseworker asks `survivor(id: Aster) { legalProfiles { id } }`
   * (SERVICE_REFERRAL) and gets `legalProfiles: []`, exactly as for Dahlia. But the gateway ledgers
   * the refused LegalProfile item (owner Fictional Legal Aid), and Fictional Legal Aid's
   * `survivorDisclosures(survivorId: Aster)` then lists one more entry, `organization { name:
   * "Harbor Light Shelter (demo)" }`, actor Harbor Light's caseworker, purpose SERVICE_REFERRAL, item
   * `{ recordType: LegalProfile, released: false, code: CONSENT_REQUIRED }`. So Fictional Legal Aid,
   * which no consent lets know of Harbor Light's record of Aster, learns that Harbor Light reaches
   * Aster (and asked about its profile); a walk on Dahlia leaves no such trace.
   * Mended: an organisation other than the survivor's own reads only the releases of its records
   * (the disclosure index records whether an entry released anything of each owner's records).
   */
  it("a refused walk leaves no trace for the organisation whose record it reached", async () => {
    const harborEntries = async () => {
      const page = await ask<DisclosuresData>("legal-caseworker", variant("LEGAL_REPRESENTATION"), DISCLOSURES, { id: aster });
      return dataOf(page.body).survivorDisclosures.edges.filter((e) => e.node.organization.name === "Harbor Light Shelter (demo)").length;
    };
    const before = await harborEntries();
    const walk = await ask("harbor-caseworker", variant("SERVICE_REFERRAL"), `query($id: ID!) { survivor(id: $id) { legalProfiles { id } } }`, { id: aster });
    expect(walk.body).toEqual({ data: { survivor: { legalProfiles: [] } } });
    expect(await harborEntries()).toBe(before);
  });
});
