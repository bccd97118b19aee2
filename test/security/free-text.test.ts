/**
 * Free text that caseworkers write on a referral — a withdrawal's reason, a decline's detail, an
 * outcome, each step's reason — is CASE_NARRATIVE owned by the organisation that wrote it. The
 * other party reads it only when the consent rule releases CASE_NARRATIVE to it: an agreement
 * sharing the AUTHOR's records with it and the survivor's consent. Tried on every path that
 * reaches the words (the referral, its events, the polled feed), through aliases and fragments,
 * for each direction, and against the ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGS, DEMO_SERVICES, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type RequestOptions, type TestNetwork } from "../support/network.js";
import { establishAgreement, legalReferralInput, recordConsent, submitReferral } from "../support/fixtures.js";

// Harbor Light refers to the Example Justice Clinic, with which it has no seeded agreement: each
// direction of sharing is set up here, one at a time.
const sender = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const receiver = { as: "clinic-admin", purpose: "SERVICE_REFERRAL" } as const;
const CLINIC = DEMO_ORGS.exampleJusticeClinic;
const toClinic = () => legalReferralInput({ receiverOrganizationId: CLINIC, serviceId: DEMO_SERVICES.clinicFamilyLaw });

const WITHDRAWAL = "Invented (demo): the survivor asked us to stop, wording only Harbor Light wrote.";
const DECLINE = "Invented (demo): our waitlist is closed, wording only the clinic wrote.";
const OUTCOME = "Invented outcome (demo): representation secured, wording only the clinic wrote.";
const ALL_TEXTS = [WITHDRAWAL, DECLINE, OUTCOME];

let network: TestNetwork;
let withdrawn: string;
let declined: string;
let completed: string;

interface GraphQLError {
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/** One step of a referral; `words` is the free text argument, passed as a variable. */
async function move(field: string, id: string, version: number, as: RequestOptions, words?: { argument: string; text: string; extra?: string }): Promise<void> {
  const declared = words ? ", $text: String!" : "";
  const args = words ? `, ${words.argument}: $text${words.extra ?? ""}` : "";
  const response = await network.query(
    `mutation($id: ID!, $v: Int!${declared}) { ${field}(id: $id, expectedVersion: $v${args}) { id } }`,
    { id, v: version, text: words?.text },
    as,
  );
  expect(response.body.errors).toBeUndefined();
}

/** Every path that reaches a referral's words, with an alias and a fragment on the way. */
const READ = `query($id: ID!) {
  referral(id: $id) {
    statusDetail
    words: statusDetail
    ...Outcome
    events { toStatus actorOrganizationId reason }
  }
  referralEvents(first: 100) { edges { node { referralId toStatus ... on ReferralEvent { said: reason } } } }
}
fragment Outcome on Referral { outcome }`;

interface Read {
  referral: { statusDetail: string | null; words: string | null; outcome: string | null; events: { toStatus: string; actorOrganizationId: string; reason: string | null }[] };
  referralEvents: { edges: { node: { referralId: string; toStatus: string; said: string | null } }[] };
}

async function read(id: string, as: RequestOptions) {
  const response = await network.query<Read>(READ, { id }, as);
  expect(response.status).toBe(200);
  const edges = response.body.data!.referralEvents.edges;
  const feed = edges.map((e) => e.node).filter((n) => n.referralId === id);
  // The feed holds the organisation's other referrals too: keep the errors about this one's events.
  const errors = ((response.body.errors ?? []) as GraphQLError[]).filter((e) => e.path?.[0] !== "referralEvents" || edges[e.path[2] as number]?.node.referralId === id);
  return { body: response.body, referral: response.body.data!.referral, feed, errors };
}

function codesAt(errors: readonly GraphQLError[], field: string): unknown[] {
  return errors.filter((e) => e.path?.at(-1) === field).map((e) => e.extensions?.code);
}

beforeAll(async () => {
  network = await startTestNetwork();
  // Harbor Light shares its records, case narrative included, with the clinic; the survivor has
  // consented to identity and contact only (enough to submit).
  await establishAgreement(network, { from: DEMO_ORGS.harborLight, to: CLINIC, categories: ["IDENTITY", "CONTACT", "CASE_NARRATIVE"], purposes: ["SERVICE_REFERRAL"] });
  await recordConsent(network, { survivorId: DEMO_SURVIVORS.aster, granteeOrganizationId: CLINIC, categories: ["IDENTITY", "CONTACT"] }, sender);

  withdrawn = (await submitReferral(network, toClinic())).id;
  await move("withdrawReferral", withdrawn, 1, sender, { argument: "reason", text: WITHDRAWAL });

  declined = (await submitReferral(network, toClinic())).id;
  await move("declineReferral", declined, 1, receiver, { argument: "detail", text: DECLINE, extra: ", reason: NO_CAPACITY" });

  completed = (await submitReferral(network, toClinic())).id;
  await move("acknowledgeReferral", completed, 1, receiver);
  const check = await network.query(`mutation($id: ID!) { recordConflictCheck(referralId: $id, outcome: CLEAR) { outcome } }`, { id: completed }, receiver);
  expect(check.body.errors).toBeUndefined();
  await move("acceptReferral", completed, 2, receiver);
  await move("startReferralService", completed, 3, receiver);
  await move("completeReferral", completed, 4, receiver, { argument: "outcome", text: OUTCOME });
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

describe(`free text on referrals is released only by the consent rule (${databaseMode})`, () => {
  it("the organisation that wrote the words reads them; the other party gets the step without them, with a code at every path", async () => {
    const own = await read(withdrawn, sender);
    for (const field of ["statusDetail", "words", "said"]) expect(codesAt(own.errors, field)).toEqual([]);
    expect(own.referral).toMatchObject({ statusDetail: WITHDRAWAL, words: WITHDRAWAL });
    expect(own.referral.events.map((e) => [e.toStatus, e.reason])).toEqual([
      ["SENT", null],
      ["WITHDRAWN", WITHDRAWAL],
    ]);
    expect(own.feed.map((n) => n.said)).toEqual([null, WITHDRAWAL]);

    const other = await read(withdrawn, receiver);
    expect(JSON.stringify(other.body)).not.toContain(WITHDRAWAL);
    expect(other.referral).toMatchObject({ statusDetail: null, words: null });
    expect(other.referral.events.map((e) => [e.toStatus, e.actorOrganizationId, e.reason])).toEqual([
      ["SENT", DEMO_ORGS.harborLight, null],
      ["WITHDRAWN", DEMO_ORGS.harborLight, null],
    ]);
    expect(other.feed.map((n) => [n.toStatus, n.said])).toEqual([
      ["SENT", null],
      ["WITHDRAWN", null],
    ]);
    // The agreement shares Harbor Light's case narrative; the survivor has not consented to it.
    for (const field of ["statusDetail", "words", "reason", "said"]) expect(new Set(codesAt(other.errors, field))).toEqual(new Set(["CONSENT_REQUIRED"]));
  });

  it("the receiver's decline detail and outcome are the receiver's: the sender does not read them, the receiver does", async () => {
    for (const [id, text, field] of [
      [declined, DECLINE, "statusDetail"],
      [completed, OUTCOME, "outcome"],
    ] as const) {
      const author = await read(id, receiver);
      expect(codesAt(author.errors, field)).toEqual([]);
      expect(author.referral[field]).toBe(text);
      expect(author.referral.events.at(-1)!.reason).toBe(text);

      const other = await read(id, sender);
      expect(JSON.stringify(other.body)).not.toContain(text);
      expect(other.referral[field]).toBeNull();
      expect(other.referral.events.at(-1)!.reason).toBeNull();
      // Nothing shares the clinic's records with Harbor Light.
      expect(codesAt(other.errors, field)).toEqual(["AGREEMENT_REQUIRED"]);
    }
  });

  it("an agreement sharing the author's records and the survivor's consent release them, in that direction only", async () => {
    await recordConsent(network, { survivorId: DEMO_SURVIVORS.aster, granteeOrganizationId: CLINIC, categories: ["CASE_NARRATIVE"] }, sender);
    const released = await read(withdrawn, receiver);
    for (const field of ["statusDetail", "words", "reason", "said"]) expect(codesAt(released.errors, field)).toEqual([]);
    expect(released.referral).toMatchObject({ statusDetail: WITHDRAWAL, words: WITHDRAWAL });
    expect(released.feed.map((n) => n.said)).toEqual([null, WITHDRAWAL]);

    // Harbor Light's words flow to the clinic; the clinic's do not flow back, consent or not.
    await recordConsent(network, { survivorId: DEMO_SURVIVORS.aster, granteeOrganizationId: DEMO_ORGS.harborLight, categories: ["CASE_NARRATIVE"] }, sender);
    const back = await read(completed, sender);
    expect(JSON.stringify(back.body)).not.toContain(OUTCOME);
    expect(codesAt(back.errors, "outcome")).toEqual(["AGREEMENT_REQUIRED"]);

    await establishAgreement(network, { from: CLINIC, to: DEMO_ORGS.harborLight, categories: ["CASE_NARRATIVE"], purposes: ["SERVICE_REFERRAL"] });
    const both = await read(completed, sender);
    expect(codesAt(both.errors, "outcome")).toEqual([]);
    expect(both.referral.outcome).toBe(OUTCOME);
    expect(both.referral.events.at(-1)!.reason).toBe(OUTCOME);
    expect((await read(declined, sender)).referral.statusDetail).toBe(DECLINE);
  });

  it("without a purpose, or for a partner app, no words leave, whoever wrote them", async () => {
    const noPurpose = await network.query<Read>(READ, { id: completed }, { as: "harbor-caseworker" });
    const app = await network.query(`{ referralEvents(first: 100) { edges { node { referralId reason } } } }`, undefined, { as: "harbor-app" });
    for (const body of [noPurpose.body, app.body]) for (const text of ALL_TEXTS) expect(JSON.stringify(body)).not.toContain(text);
    expect(new Set(((app.body.errors ?? []) as GraphQLError[]).map((e) => e.extensions?.code))).toEqual(new Set(["ROLE_FORBIDDEN"]));
  });

  it("the ledger records each release of the words with the organisation that wrote them as owner, never the words", async () => {
    const LEDGER = `query($id: ID!) { survivorDisclosures(survivorId: $id, first: 50) { edges { node { organization { id } items { recordType recordId category fields released code ownerOrganization { id } } } } } }`;
    const response = await network.query<{
      survivorDisclosures: {
        edges: {
          node: {
            organization: { id: string };
            items: {
              recordType: string;
              recordId: string | null;
              category: string;
              fields: string[];
              released: boolean;
              code: string | null;
              ownerOrganization: { id: string } | null;
            }[];
          };
        }[];
      };
    }>(LEDGER, { id: DEMO_SURVIVORS.aster }, receiver);
    expect(response.body.errors).toBeUndefined();
    const items = response.body.data!.survivorDisclosures.edges.flatMap((e) => e.node.items.map((item) => ({ ...item, asker: e.node.organization.id })));
    const narrative = items.filter((i) => i.recordType === "Referral" && i.recordId === completed && i.category === "CASE_NARRATIVE");
    // The clinic's own reads, and Harbor Light's read once the clinic shared its records: each with the clinic as owner.
    expect(narrative.some((i) => i.asker === CLINIC && i.released && i.fields.includes("outcome"))).toBe(true);
    expect(narrative.some((i) => i.asker === DEMO_ORGS.harborLight && i.released && i.fields.includes("outcome"))).toBe(true);
    for (const item of narrative) expect(item.ownerOrganization?.id).toBe(CLINIC);
    for (const text of ALL_TEXTS) expect(JSON.stringify(response.body)).not.toContain(text);
  });
});
