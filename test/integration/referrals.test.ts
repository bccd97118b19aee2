/**
 * Referrals through the real gateway: submission checked against consent and agreement before
 * anything is written, idempotent (also when racing), the closed loop with turns and versions,
 * events both parties read in order, polling since a cursor, and third parties kept out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGS, DEMO_SERVICES, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type RequestOptions, type TestNetwork } from "../support/network.js";
import { establishAgreement, legalReferralInput, recordConsent } from "../support/fixtures.js";

let network: TestNetwork;

const sender = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const receiver = { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const stranger = { as: "northstar-caseworker", purpose: "SERVICE_REFERRAL" } as const;

// Not `outcome`: the receiver's words, decided by the rule for the sender (test/security/free-text.test.ts).
const FIELDS = "id status version urgency categories purpose serviceKind serviceId survivorId ownerOrganizationId statusDetail declineReason";
const SUBMIT = `mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { ${FIELDS} } }`;
const SENT_LIST = `query($filter: ReferralFilter) { referralsSent(filter: $filter, first: 50) { totalCount edges { node { id status } } } }`;

const referralInput = legalReferralInput;

interface ReferralView {
  id: string;
  status: string;
  version: number;
}

async function submit(input: Record<string, unknown>, as: RequestOptions = sender) {
  return network.query<{ submitReferral: ReferralView }>(SUBMIT, { input }, as);
}

async function sentCount(): Promise<number> {
  const response = await network.query<{ referralsSent: { totalCount: number } }>(SENT_LIST, {}, sender);
  return response.body.data!.referralsSent.totalCount;
}

async function move(mutation: string, args: Record<string, unknown>, as: RequestOptions) {
  const params = Object.keys(args)
    .map((name) => `${name}: $${name}`)
    .join(", ");
  const types: Record<string, string> = { id: "ID!", expectedVersion: "Int!", reason: "String!", outcome: "String!", detail: "String" };
  const declared = Object.keys(args)
    .map((name) => `$${name}: ${name === "reason" && mutation === "declineReferral" ? "ReferralDeclineReason!" : types[name]}`)
    .join(", ");
  return network.query<Record<string, ReferralView>>(`mutation(${declared}) { ${mutation}(${params}) { id status version } }`, args, as);
}

beforeAll(async () => {
  network = await startTestNetwork();
  // Aster consents to Fictional Legal Aid receiving identity and contact data for referrals; the
  // seeded agreement Harbor Light ⇄ Fictional Legal Aid covers those categories and that purpose.
  await recordConsent(network, { survivorId: DEMO_SURVIVORS.aster, granteeOrganizationId: DEMO_ORGS.fictionalLegalAid, categories: ["IDENTITY", "CONTACT"] }, sender);
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

describe(`referrals (${databaseMode})`, () => {
  it("submits a referral covered by consent and agreement", async () => {
    const response = await submit(referralInput());
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.submitReferral).toMatchObject({
      status: "SENT",
      version: 1,
      urgency: "URGENT",
      categories: ["IDENTITY", "CONTACT"],
      survivorId: DEMO_SURVIVORS.aster,
      ownerOrganizationId: DEMO_ORGS.harborLight,
    });
  });

  it("writes nothing when consent or agreement does not cover a category, and says which", async () => {
    const before = await sentCount();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      // The agreement covers neither health nor case narrative.
      [{ categories: ["IDENTITY", "HEALTH"] }, "AGREEMENT_REQUIRED", /HEALTH \(no agreement/],
      // The agreement covers immigration, the consent does not.
      [{ categories: ["IDENTITY", "IMMIGRATION"] }, "CONSENT_REQUIRED", /IMMIGRATION \(no consent of the survivor/],
      // The consent covers referrals only.
      [{ purpose: "LEGAL_REPRESENTATION" }, "PURPOSE_NOT_PERMITTED", /IDENTITY .*CONTACT/],
      // Northstar: no agreement at all.
      [{ receiverOrganizationId: DEMO_ORGS.northstar, serviceKind: "SHELTER_PROGRAM", serviceId: DEMO_SERVICES.northstarFamily }, "AGREEMENT_REQUIRED", /IDENTITY .*CONTACT/],
    ];
    for (const [change, code, message] of cases) {
      const response = await submit(referralInput(change));
      expect(response.body.data ?? null).toBeNull();
      expect(response.body.errors![0]!.extensions!.code).toBe(code);
      expect(response.body.errors![0]!.message).toMatch(/^Nothing was sent\./);
      expect(response.body.errors![0]!.message).toMatch(message);
    }
    expect(await sentCount()).toBe(before);
  });

  it.each([
    ["a note without CASE_NARRATIVE among the categories", { note: "Invented note (demo)." }, "input.note"],
    ["no category", { categories: [] }, "input.categories"],
    [
      "a referral that does not share who the survivor is (no IDENTITY)",
      { categories: ["CONTACT"] },
      "input.categories: a referral discloses who the survivor is: include IDENTITY",
    ],
    ["an organisation category", { categories: ["CONFIDENTIAL_SITE"] }, "input.categories.0"],
    ["an emergency purpose", { purpose: "EMERGENCY" }, "input.purpose"],
    ["a short idempotency key", { idempotencyKey: "abc" }, "input.idempotencyKey"],
    ["a survivor id that is not one", { survivorId: "not-a-uuid" }, "input.survivorId"],
  ])("refuses %s, naming the field, writing nothing", async (_name, change, field) => {
    const before = await sentCount();
    const response = await submit(referralInput(change));
    expect(response.body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(response.body.errors![0]!.message).toContain(field);
    expect(await sentCount()).toBe(before);
  });

  it("sends a referral to a liaison unit: IDENTITY is whom it is about, which a liaison officer may know without selecting a profile's identity fields", async () => {
    const toLiaison = referralInput({
      receiverOrganizationId: DEMO_ORGS.demoCountyLiaison,
      serviceKind: "LIAISON_UNIT",
      serviceId: DEMO_SERVICES.countyLiaison,
      purpose: "SAFETY_PLANNING",
      categories: ["IDENTITY"],
    });
    // Without an agreement sharing Harbor Light's IDENTITY with the county unit: refused, nothing sent.
    const before = await sentCount();
    const refusedNow = await submit(toLiaison);
    expect(refusedNow.body.errors![0]!.extensions!.code).toBe("AGREEMENT_REQUIRED");
    expect(await sentCount()).toBe(before);
    // With the agreement and Aster's consent naming the unit for IDENTITY and the purpose: sent.
    await establishAgreement(network, { from: DEMO_ORGS.harborLight, to: DEMO_ORGS.demoCountyLiaison, categories: ["IDENTITY"], purposes: ["SAFETY_PLANNING"] });
    await recordConsent(
      network,
      { survivorId: DEMO_SURVIVORS.aster, granteeOrganizationId: DEMO_ORGS.demoCountyLiaison, categories: ["IDENTITY"], purposes: ["SAFETY_PLANNING"] },
      sender,
    );
    const sent = await submit(toLiaison);
    expect(sent.body.errors).toBeUndefined();
    // The unit's officer finds the survivor the referral is about.
    const seen = await network.query<{ survivor: { id: string } | null }>(
      `query($id: ID!) { survivor(id: $id) { id } }`,
      { id: DEMO_SURVIVORS.aster },
      { as: "county-liaison", purpose: "SAFETY_PLANNING" },
    );
    expect(seen.body.data!.survivor).toEqual({ id: DEMO_SURVIVORS.aster });
  });

  it("refuses at submission a service that does not exist, is another organisation's or of another kind, naming the field, sending nothing", async () => {
    const before = await sentCount();
    const cases: Record<string, unknown>[] = [
      // An id of nothing.
      { serviceId: "00000000-0000-4000-8000-00000000f00d" },
      // The Justice Clinic's service, named for Fictional Legal Aid.
      { serviceId: DEMO_SERVICES.clinicFamilyLaw },
      // A shelter programme sent as a legal service.
      { serviceId: DEMO_SERVICES.harborEmergency },
      // Northstar's shelter programme, on a referral addressed to Fictional Legal Aid.
      { serviceKind: "SHELTER_PROGRAM", serviceId: DEMO_SERVICES.northstarFamily },
    ];
    for (const change of cases) {
      const response = await submit(referralInput(change));
      expect(response.body.data ?? null, JSON.stringify(change)).toBeNull();
      expect(response.body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
      expect(response.body.errors![0]!.message).toMatch(/^Invalid input: input\.serviceId: no (legal service|shelter program) of the receiving organisation has this id$/);
    }
    expect(await sentCount()).toBe(before);
  });

  it("refuses a survivor of another organisation as if it did not exist", async () => {
    const response = await submit(referralInput({ survivorId: DEMO_SURVIVORS.birch }));
    expect(response.body.errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });

  it("returns the first referral for a repeated idempotency key, also when submissions race; other content with that key is refused", async () => {
    const input = referralInput();
    const first = await submit(input);
    const again = await submit(input);
    expect(again.body.data!.submitReferral.id).toBe(first.body.data!.submitReferral.id);

    const racing = referralInput();
    const before = await sentCount();
    const responses = await Promise.all(Array.from({ length: 6 }, () => submit(racing)));
    const ids = new Set(responses.map((r) => r.body.data?.submitReferral.id));
    expect(responses.every((r) => r.body.errors === undefined)).toBe(true);
    expect(ids.size).toBe(1);
    expect(await sentCount()).toBe(before + 1);

    const reused = await submit({ ...input, urgency: "ROUTINE" });
    expect(reused.body.errors![0]!.extensions!.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("follows the loop to an outcome: only the party whose turn it is moves it, with the version it read", async () => {
    const { id } = (await submit(referralInput())).body.data!.submitReferral;

    // The receiver sees it in its inbox; a third organisation does not see it at all.
    const inbox = await network.query<{ referralsReceived: { edges: { node: { id: string } }[] } }>(
      `{ referralsReceived(first: 50) { edges { node { id } } } }`,
      undefined,
      receiver,
    );
    expect(inbox.body.data!.referralsReceived.edges.map((e) => e.node.id)).toContain(id);
    const peek = await network.query(`query($id: ID!) { referral(id: $id) { id } }`, { id }, stranger);
    expect(peek.body.data).toEqual({ referral: null });
    expect((await move("acknowledgeReferral", { id, expectedVersion: 1 }, stranger)).body.errors![0]!.extensions!.code).toBe("NOT_FOUND");

    // Not the sender's turn.
    expect((await move("acknowledgeReferral", { id, expectedVersion: 1 }, sender)).body.errors![0]!.extensions!.code).toBe("OTHER_PARTY_REQUIRED");
    const acknowledged = await move("acknowledgeReferral", { id, expectedVersion: 1 }, receiver);
    expect(acknowledged.body.data!.acknowledgeReferral).toMatchObject({ status: "ACKNOWLEDGED", version: 2 });
    // Legal aid accepts only after a conflict-of-interest check that clears the referral — also
    // when the step hides in an inline fragment on the root; a check finding a conflict does not do.
    const unchecked = await move("acceptReferral", { id, expectedVersion: 2 }, receiver);
    expect(unchecked.body.errors![0]!.extensions!.code).toBe("CONFLICT_CHECK_REQUIRED");
    const hidden = await network.query(`mutation($id: ID!) { ... on Mutation { a: acceptReferral(id: $id, expectedVersion: 2) { id } } }`, { id }, receiver);
    expect(hidden.body.errors![0]!.extensions!.code).toBe("CONFLICT_CHECK_REQUIRED");
    const CHECK = `mutation($id: ID!, $outcome: ConflictCheckOutcome!) { recordConflictCheck(referralId: $id, outcome: $outcome, notes: "Invented (demo): checked against our client list.") { outcome } }`;
    expect((await network.query(CHECK, { id, outcome: "CONFLICT_FOUND" }, receiver)).body.errors).toBeUndefined();
    expect((await move("acceptReferral", { id, expectedVersion: 2 }, receiver)).body.errors![0]!.extensions!.code).toBe("CONFLICT_CHECK_REQUIRED");
    expect((await network.query(CHECK, { id, outcome: "CLEAR" }, receiver)).body.errors).toBeUndefined();
    // A stale version is a conflict, not an overwrite.
    expect((await move("acceptReferral", { id, expectedVersion: 1 }, receiver)).body.errors![0]!.extensions!.code).toBe("CONFLICT");
    expect((await move("acceptReferral", { id, expectedVersion: 2 }, receiver)).body.data!.acceptReferral).toMatchObject({ status: "ACCEPTED", version: 3 });
    // Illegal steps change nothing.
    expect((await move("completeReferral", { id, expectedVersion: 3, outcome: "Invented outcome (demo)." }, receiver)).body.errors![0]!.extensions!.code).toBe(
      "INVALID_TRANSITION",
    );
    expect((await move("startReferralService", { id, expectedVersion: 3 }, receiver)).body.data!.startReferralService).toMatchObject({ status: "IN_SERVICE", version: 4 });
    expect((await move("completeReferral", { id, expectedVersion: 4, outcome: "  " }, receiver)).body.errors![0]!.message).toContain("input.outcome");
    const completed = await move("completeReferral", { id, expectedVersion: 4, outcome: "Invented outcome (demo): representation secured." }, receiver);
    expect(completed.body.data!.completeReferral).toMatchObject({ status: "COMPLETED", version: 5 });
    expect((await move("withdrawReferral", { id, expectedVersion: 5, reason: "Invented (demo)." }, sender)).body.errors![0]!.extensions!.code).toBe("INVALID_TRANSITION");

    // Both parties read the same history, in order. The outcome is the receiver's words: the seeded
    // agreement does not share case narrative, so the sender gets the step without them.
    const HISTORY = `query($id: ID!) { referral(id: $id) { outcome events { fromStatus toStatus version actorOrganizationId reason } } }`;
    for (const [who, outcome] of [
      [sender, null],
      [receiver, "Invented outcome (demo): representation secured."],
    ] as const) {
      const history = await network.query<{ referral: { outcome: string | null; events: { toStatus: string; version: number; actorOrganizationId: string }[] } }>(
        HISTORY,
        { id },
        who,
      );
      expect(history.body.data!.referral.outcome).toBe(outcome);
      expect(history.body.data!.referral.events.map((e) => [e.toStatus, e.version, e.actorOrganizationId])).toEqual([
        ["SENT", 1, DEMO_ORGS.harborLight],
        ["ACKNOWLEDGED", 2, DEMO_ORGS.fictionalLegalAid],
        ["ACCEPTED", 3, DEMO_ORGS.fictionalLegalAid],
        ["IN_SERVICE", 4, DEMO_ORGS.fictionalLegalAid],
        ["COMPLETED", 5, DEMO_ORGS.fictionalLegalAid],
      ]);
    }
  });

  it("declines with a reason from the list; the sender withdraws an open one; the receiver hands one back", async () => {
    const declined = (await submit(referralInput())).body.data!.submitReferral;
    const response = await move("declineReferral", { id: declined.id, expectedVersion: 1, reason: "NO_CAPACITY", detail: "Invented (demo): waitlist full." }, receiver);
    expect(response.body.data!.declineReferral).toMatchObject({ status: "DECLINED", version: 2 });

    const withdrawn = (await submit(referralInput())).body.data!.submitReferral;
    expect((await move("withdrawReferral", { id: withdrawn.id, expectedVersion: 1, reason: " " }, sender)).body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(
      (await move("withdrawReferral", { id: withdrawn.id, expectedVersion: 1, reason: "Invented (demo): survivor moved away." }, sender)).body.data!.withdrawReferral!.status,
    ).toBe("WITHDRAWN");
    expect((await move("acknowledgeReferral", { id: withdrawn.id, expectedVersion: 2 }, receiver)).body.errors![0]!.extensions!.code).toBe("INVALID_TRANSITION");

    const handedBack = (await submit(referralInput())).body.data!.submitReferral;
    await move("acknowledgeReferral", { id: handedBack.id, expectedVersion: 1 }, receiver);
    expect(
      (await move("handBackReferral", { id: handedBack.id, expectedVersion: 2, reason: "Invented (demo): needs a specialist." }, receiver)).body.data!.handBackReferral!.status,
    ).toBe("HANDED_BACK");
  });

  it("gives a partner app polling the feed each step, but not what a caseworker wrote about the survivor", async () => {
    const TEXT = "Invented (demo): the survivor asked to be placed near their school.";
    const { id } = (await submit(referralInput())).body.data!.submitReferral;
    expect((await move("withdrawReferral", { id, expectedVersion: 1, reason: TEXT }, sender)).body.errors).toBeUndefined();
    const FEED = `{ referralEvents(first: 100) { edges { node { referralId toStatus reason } } } }`;
    type Feed = { referralEvents: { edges: { node: { referralId: string; toStatus: string; reason: string | null } }[] } };
    const eventsOf = (feed: Feed) => feed.referralEvents.edges.map((e) => e.node);
    // The sender's caseworker reads its own reason on the feed.
    const staff = await network.query<Feed>(FEED, undefined, sender);
    expect(eventsOf(staff.body.data!).filter((e) => e.referralId === id)).toEqual([
      { referralId: id, toStatus: "SENT", reason: null },
      { referralId: id, toStatus: "WITHDRAWN", reason: TEXT },
    ]);
    // The sender's partner app gets the same steps; the text is withheld for its role, at every event's path.
    const app = await network.query<Feed>(FEED, undefined, { as: "harbor-app" });
    expect(JSON.stringify(app.body)).not.toContain(TEXT);
    const events = eventsOf(app.body.data!);
    expect(events.filter((e) => e.referralId === id).map((e) => [e.toStatus, e.reason])).toEqual([
      ["SENT", null],
      ["WITHDRAWN", null],
    ]);
    const codes = new Set((app.body.errors ?? []).map((e) => e.extensions?.code));
    expect(codes).toEqual(new Set(["ROLE_FORBIDDEN"]));
  });

  it("detects concurrent edits: of two writers with the same version, exactly one wins", async () => {
    const { id } = (await submit(referralInput())).body.data!.submitReferral;
    const results = await Promise.all([
      move("acknowledgeReferral", { id, expectedVersion: 1 }, receiver),
      move("declineReferral", { id, expectedVersion: 1, reason: "OTHER", detail: "Invented (demo)." }, receiver),
    ]);
    const won = results.filter((r) => r.body.errors === undefined);
    const lost = results.filter((r) => r.body.errors !== undefined);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.body.errors![0]!.extensions!.code).toBe("CONFLICT");
    const events = await network.query<{ referral: { version: number; events: unknown[] } }>(
      `query($id: ID!) { referral(id: $id) { version events { version } } }`,
      { id },
      sender,
    );
    expect(events.body.data!.referral).toMatchObject({ version: 2 });
    expect(events.body.data!.referral.events).toHaveLength(2);
  });

  it("lets each party poll its events since a cursor, and filters lists by status", async () => {
    const POLL = `query($after: String) { referralEvents(after: $after, first: 100) { totalCount pageInfo { endCursor hasNextPage } edges { cursor node { referralId toStatus } } } }`;
    type Poll = {
      referralEvents: {
        totalCount: number;
        pageInfo: { endCursor: string | null; hasNextPage: boolean };
        edges: { cursor: string; node: { referralId: string; toStatus: string } }[];
      };
    };
    let all: { referralId: string; toStatus: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { body: { data?: Poll | null } } = await network.query<Poll>(POLL, { after }, receiver);
      const events = page.body.data!.referralEvents;
      all = all.concat(events.edges.map((e) => e.node));
      if (!events.pageInfo.hasNextPage) {
        after = events.pageInfo.endCursor ?? after;
        break;
      }
      expect(events.edges.at(-1)!.cursor).toBe(events.pageInfo.endCursor);
      after = events.pageInfo.endCursor;
    }
    expect(all.length).toBeGreaterThan(5);
    const { id } = (await submit(referralInput())).body.data!.submitReferral;
    const next = await network.query<Poll>(POLL, { after }, receiver);
    expect(next.body.data!.referralEvents.edges.map((e) => e.node)).toEqual([{ referralId: id, toStatus: "SENT" }]);
    expect(next.body.data!.referralEvents.totalCount).toBe(1);
    // Nothing new: no end cursor (keep yours).
    const nothing = await network.query<Poll>(POLL, { after: next.body.data!.referralEvents.pageInfo.endCursor }, receiver);
    expect(nothing.body.data!.referralEvents).toEqual({ totalCount: 0, pageInfo: { endCursor: null, hasNextPage: false }, edges: [] });
    // A third organisation's poll holds none of these.
    const theirs = await network.query<Poll>(POLL, { after: null }, stranger);
    expect(theirs.body.data!.referralEvents.edges).toEqual([]);

    const completed = await network.query<{ referralsSent: { edges: { node: { status: string } }[] } }>(SENT_LIST, { filter: { statuses: ["COMPLETED"] } }, sender);
    expect(completed.body.data!.referralsSent.edges.length).toBeGreaterThan(0);
    expect(completed.body.data!.referralsSent.edges.every((e) => e.node.status === "COMPLETED")).toBe(true);
  });

  it("shows the receiver the survivor of an open referral, and of their record only what the rule releases", async () => {
    const { body } = await network.query<{ survivor: { residentProfiles: { phone: string | null; healthNeeds: string | null }[] } }>(
      `query($id: ID!) { survivor(id: $id) { residentProfiles { phone healthNeeds } } }`,
      { id: DEMO_SURVIVORS.aster },
      receiver,
    );
    expect(body.data!.survivor.residentProfiles).toEqual([{ phone: "+1-555-0150", healthNeeds: null }]);
    expect(body.errors!.map((e) => e.extensions!.code)).toEqual(["AGREEMENT_REQUIRED"]);
  });
});
