/**
 * Victim-certification requests (e.g. for a T visa) from legal aid to a law-enforcement liaison
 * unit, in the law-enforcement subgraph's own database, through the real gateway: sent by a
 * legal-aid caseworker (idempotent, also when racing), reviewed and decided by the liaison
 * organisation's officers, withdrawn by the requester; every illegal step, wrong party and stale
 * version refused with nothing written; inputs refused naming the field; lists for either party,
 * newest first, by cursor. And what the consent rule releases: the requester owns the request and
 * sees all of it; the liaison organisation works it (status, kind, due date, unit) but its
 * LAW_ENFORCEMENT text is withheld, since the agreement from Fictional Legal Aid to Demo City
 * Liaison covers only the survivor's IDENTITY.
 *
 * The requests are about Demo Survivor Cedar, legal aid's own: the gateway sends one only when the
 * rule releases the survivor's IDENTITY to the liaison unit's organisation for CERTIFICATION (an
 * agreement and Cedar's consent, set up below; survivor-writes.test.ts covers the refusals).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MEMBERS, DEMO_ORGS, DEMO_SERVICES, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type GraphQLResponse, type RequestOptions, type TestNetwork } from "../support/network.js";
import { certificationRequestInput, establishAgreement, inDays, recordConsent, shelterReferralInput, submitReferral } from "../support/fixtures.js";
import { anyOf } from "../support/matchers.js";

let network: TestNetwork;

const requester = { as: "legal-caseworker", purpose: "CERTIFICATION" } as const;
const liaison = { as: "city-liaison", purpose: "CERTIFICATION" } as const;
const otherLiaison = { as: "county-liaison", purpose: "CERTIFICATION" } as const;
const shelter = { as: "harbor-caseworker", purpose: "CERTIFICATION" } as const;

/** The fields a liaison unit works with: none of them survivor data. */
const WORK_FIELDS = "id survivorId ownerOrganizationId referralId liaisonOrganizationId liaisonUnitId kind status dueDate version";
const REQUEST = `mutation($input: RequestCertificationInput!) { requestCertification(input: $input) { ${WORK_FIELDS} } }`;
const LIST = `query($filter: CertificationRequestFilter, $first: Int, $after: String) {
  certificationRequests(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } }
}`;

interface RequestView {
  id: string;
  status: string;
  version: number;
  dueDate: string;
}

interface ListView {
  certificationRequests: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; status: string } }[] };
}

const requestInput = certificationRequestInput;

async function send(input: Record<string, unknown>, as: RequestOptions = requester) {
  return network.query<{ requestCertification: RequestView & Record<string, unknown> }>(REQUEST, { input }, as);
}

async function sendOk(extra: Record<string, unknown> = {}): Promise<RequestView> {
  const response = await send(requestInput(extra));
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.requestCertification;
}

async function list(as: RequestOptions, variables: Record<string, unknown> = {}) {
  const response = await network.query<ListView>(LIST, { first: 100, ...variables }, as);
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.certificationRequests;
}

const MOVE_ARGUMENTS: Record<string, Record<string, string>> = {
  reviewCertification: { id: "ID!", expectedVersion: "Int!" },
  decideCertification: { id: "ID!", expectedVersion: "Int!", certified: "Boolean!", reason: "String" },
  withdrawCertificationRequest: { id: "ID!", expectedVersion: "Int!", reason: "String!" },
};

async function move(mutation: keyof typeof MOVE_ARGUMENTS, args: Record<string, unknown>, as: RequestOptions): Promise<GraphQLResponse<Record<string, RequestView>>> {
  const names = Object.keys(MOVE_ARGUMENTS[mutation]!).filter((name) => name in args);
  const declared = names.map((name) => `$${name}: ${MOVE_ARGUMENTS[mutation]![name]}`).join(", ");
  const passed = names.map((name) => `${name}: $${name}`).join(", ");
  return network.query(`mutation(${declared}) { ${mutation}(${passed}) { id status version } }`, args, as);
}

function codeOf(response: GraphQLResponse<unknown>): unknown {
  return response.body.errors?.[0]?.extensions?.code;
}

async function statusOf(id: string): Promise<{ status: string; version: number }> {
  const response = await network.query<{ certificationRequest: { status: string; version: number } }>(
    `query($id: ID!) { certificationRequest(id: $id) { status version } }`,
    { id },
    requester,
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.certificationRequest;
}

/** Who may be told of a survivor for certification: an agreement from the survivor's organisation to the liaison unit's, and the survivor's consent. */
async function releaseForCertification(survivorId: string, owner: string, as: RequestOptions): Promise<void> {
  await establishAgreement(network, { from: owner, to: DEMO_ORGS.demoCityLiaison, categories: ["IDENTITY"], purposes: ["CERTIFICATION"] });
  await recordConsent(network, { survivorId, granteeOrganizationId: DEMO_ORGS.demoCityLiaison, categories: ["IDENTITY"], purposes: ["CERTIFICATION"] }, as);
}

beforeAll(async () => {
  network = await startTestNetwork();
  await releaseForCertification(DEMO_SURVIVORS.cedar, DEMO_ORGS.fictionalLegalAid, requester);
  // So that a shelter's caseworker asking about its own survivor passes the gateway's checks and meets the subgraph's.
  await releaseForCertification(DEMO_SURVIVORS.aster, DEMO_ORGS.harborLight, shelter);
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

describe(`certification requests (${databaseMode})`, () => {
  it("a legal-aid caseworker sends one to a liaison unit: REQUESTED, version 1, owned by the legal-aid organisation", async () => {
    const dueDate = inDays(45);
    const response = await send(requestInput({ dueDate, kind: "U_VISA" }));
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.requestCertification).toEqual({
      id: anyOf(String),
      survivorId: DEMO_SURVIVORS.cedar,
      ownerOrganizationId: DEMO_ORGS.fictionalLegalAid,
      referralId: null,
      liaisonOrganizationId: DEMO_ORGS.demoCityLiaison,
      liaisonUnitId: DEMO_SERVICES.cityLiaison,
      kind: "U_VISA",
      status: "REQUESTED",
      dueDate,
      version: 1,
    });
  });

  it("returns the first request for a repeated idempotency key, also when sends race; other content with that key is refused", async () => {
    const input = requestInput();
    const first = await send(input);
    const again = await send(input);
    expect(again.body.data!.requestCertification.id).toBe(first.body.data!.requestCertification.id);

    const racing = requestInput();
    const before = (await list(requester)).totalCount;
    const responses = await Promise.all(Array.from({ length: 6 }, () => send(racing)));
    expect(responses.map((r) => r.body.errors)).toEqual(responses.map(() => undefined));
    expect(new Set(responses.map((r) => r.body.data!.requestCertification.id)).size).toBe(1);
    expect((await list(requester)).totalCount).toBe(before + 1);

    const reused = await send({ ...input, kind: "CONTINUED_PRESENCE" });
    expect(reused.body.data ?? null).toBeNull();
    expect(codeOf(reused)).toBe(ERROR_CODES.IDEMPOTENCY_KEY_REUSED);
    expect((await list(requester)).totalCount).toBe(before + 1);
  });

  it.each([
    ["a due date of today", { dueDate: inDays(0) }, "input.dueDate", /must be after today/],
    ["a past due date", { dueDate: inDays(-3) }, "input.dueDate", /must be after today/],
    ["a due date more than two years ahead", { dueDate: inDays(800) }, "input.dueDate", /at most 730 days ahead/],
    ["a day that does not exist", { dueDate: "2027-02-29" }, "input.dueDate", /must be a calendar date, YYYY-MM-DD/],
    ["a date-time instead of a date", { dueDate: `${inDays(10)}T10:00:00Z` }, "input.dueDate", /must be a calendar date/],
    ["a survivor id that is not one", { survivorId: "not-a-uuid" }, "input.survivorId", /must be a UUID/],
    ["a referral id that is not one", { referralId: "42" }, "input.referralId", /must be a UUID/],
    ["an unknown liaison unit", { liaisonUnitId: randomUUID() }, "input.liaisonUnitId", /no such liaison unit/],
    ["a legal service instead of a liaison unit", { liaisonUnitId: DEMO_SERVICES.legalAidImmigration }, "input.liaisonUnitId", /no such liaison unit/],
    ["a short idempotency key", { idempotencyKey: "abc" }, "input.idempotencyKey", /at least 8 characters/],
  ])("refuses %s, naming the field, writing nothing", async (_name, change, field, message) => {
    const before = (await list(requester)).totalCount;
    const response = await send(requestInput(change));
    expect(response.body.data ?? null).toBeNull();
    expect(codeOf(response)).toBe(ERROR_CODES.BAD_USER_INPUT);
    expect(response.body.errors![0]!.message).toContain(`${field}:`);
    expect(response.body.errors![0]!.message).toMatch(message);
    expect((await list(requester)).totalCount).toBe(before);
  });

  it("refuses senders other than a legal-aid organisation's caseworkers, writing nothing", async () => {
    const before = (await list(requester)).totalCount;
    // A shelter's caseworker, about its own survivor, passes the gateway's checks and is refused by the subgraph.
    const fromShelter = await send(requestInput({ survivorId: DEMO_SURVIVORS.aster }), shelter);
    expect(fromShelter.body.data ?? null).toBeNull();
    expect(codeOf(fromShelter)).toBe(ERROR_CODES.ROLE_FORBIDDEN);
    expect(fromShelter.body.errors![0]!.message).toBe("Only a caseworker of a legal-aid organisation may request a certification");
    // Liaison officers, admins and partner apps never reach it.
    for (const as of ["city-liaison", "harbor-admin", "legal-app"] as const) {
      const response = await send(requestInput(), { as, purpose: "CERTIFICATION" });
      expect(response.status, as).toBe(403);
      expect(codeOf(response), as).toBe(ERROR_CODES.ROLE_FORBIDDEN);
    }
    // About a survivor: a purpose of use is required.
    const noPurpose = await send(requestInput(), { as: "legal-caseworker" });
    expect(noPurpose.status).toBe(400);
    expect(codeOf(noPurpose)).toBe(ERROR_CODES.PURPOSE_REQUIRED);
    expect((await list(requester)).totalCount).toBe(before);
  });

  it("follows the loop to a certification: only the party whose turn it is moves it, with the version it read", async () => {
    const { id } = await sendOk();

    // Not the requester's step; not a step from REQUESTED; not another liaison organisation's request at all.
    expect(codeOf(await move("reviewCertification", { id, expectedVersion: 1 }, requester))).toBe(ERROR_CODES.OTHER_PARTY_REQUIRED);
    expect(codeOf(await move("decideCertification", { id, expectedVersion: 1, certified: true }, liaison))).toBe(ERROR_CODES.INVALID_TRANSITION);
    expect(codeOf(await move("reviewCertification", { id, expectedVersion: 1 }, otherLiaison))).toBe(ERROR_CODES.NOT_FOUND);
    expect(codeOf(await move("reviewCertification", { id, expectedVersion: 1 }, shelter))).toBe(ERROR_CODES.NOT_FOUND);
    expect(await statusOf(id)).toEqual({ status: "REQUESTED", version: 1 });

    const reviewed = await move("reviewCertification", { id, expectedVersion: 1 }, liaison);
    expect(reviewed.body.data!.reviewCertification).toMatchObject({ status: "UNDER_REVIEW", version: 2 });

    // A stale version is a conflict, not an overwrite; the wrong party and the wrong step are refused.
    expect(codeOf(await move("decideCertification", { id, expectedVersion: 1, certified: true }, liaison))).toBe(ERROR_CODES.CONFLICT);
    expect(codeOf(await move("reviewCertification", { id, expectedVersion: 2 }, liaison))).toBe(ERROR_CODES.INVALID_TRANSITION);
    expect(codeOf(await move("decideCertification", { id, expectedVersion: 2, certified: true }, requester))).toBe(ERROR_CODES.OTHER_PARTY_REQUIRED);
    expect(codeOf(await move("withdrawCertificationRequest", { id, expectedVersion: 2, reason: "Invented (demo)." }, liaison))).toBe(ERROR_CODES.OTHER_PARTY_REQUIRED);
    const noReason = await move("decideCertification", { id, expectedVersion: 2, certified: false }, liaison);
    expect(codeOf(noReason)).toBe(ERROR_CODES.BAD_USER_INPUT);
    expect(noReason.body.errors![0]!.message).toBe("Invalid reason: reason: give a reason");
    expect(await statusOf(id)).toEqual({ status: "UNDER_REVIEW", version: 2 });

    const certified = await move("decideCertification", { id, expectedVersion: 2, certified: true, reason: "Invented (demo): declaration signed by the unit." }, liaison);
    expect(certified.body.data!.decideCertification).toMatchObject({ status: "CERTIFIED", version: 3 });

    // An end is an end, for either party.
    expect(codeOf(await move("withdrawCertificationRequest", { id, expectedVersion: 3, reason: "Invented (demo)." }, requester))).toBe(ERROR_CODES.INVALID_TRANSITION);
    expect(codeOf(await move("decideCertification", { id, expectedVersion: 3, certified: false, reason: "Invented (demo)." }, liaison))).toBe(ERROR_CODES.INVALID_TRANSITION);

    // The requester (the owner) reads the whole history, its text included.
    const history = await network.query<{ certificationRequest: { statusReason: string | null; events: unknown[] } }>(
      `query($id: ID!) { certificationRequest(id: $id) { statusReason events { fromStatus toStatus version actorOrganizationId actorMemberId reason } } }`,
      { id },
      requester,
    );
    expect(history.body.errors).toBeUndefined();
    const node = history.body.data!.certificationRequest;
    expect(node.statusReason).toBe("Invented (demo): declaration signed by the unit.");
    expect(node.events).toEqual([
      { fromStatus: null, toStatus: "REQUESTED", version: 1, actorOrganizationId: DEMO_ORGS.fictionalLegalAid, actorMemberId: DEMO_MEMBERS.legalAidCaseworker, reason: null },
      {
        fromStatus: "REQUESTED",
        toStatus: "UNDER_REVIEW",
        version: 2,
        actorOrganizationId: DEMO_ORGS.demoCityLiaison,
        actorMemberId: DEMO_MEMBERS.cityLiaisonOfficer,
        reason: null,
      },
      {
        fromStatus: "UNDER_REVIEW",
        toStatus: "CERTIFIED",
        version: 3,
        actorOrganizationId: DEMO_ORGS.demoCityLiaison,
        actorMemberId: DEMO_MEMBERS.cityLiaisonOfficer,
        reason: "Invented (demo): declaration signed by the unit.",
      },
    ]);
  });

  it("declines with a reason after review; the requester withdraws an open request with a reason", async () => {
    const declined = await sendOk();
    await move("reviewCertification", { id: declined.id, expectedVersion: 1 }, liaison);
    const decline = await move("decideCertification", { id: declined.id, expectedVersion: 2, certified: false, reason: "Invented (demo): no qualifying case on file." }, liaison);
    expect(decline.body.data!.decideCertification).toMatchObject({ status: "DECLINED", version: 3 });

    const withdrawn = await sendOk();
    const blank = await move("withdrawCertificationRequest", { id: withdrawn.id, expectedVersion: 1, reason: "   " }, requester);
    expect(codeOf(blank)).toBe(ERROR_CODES.BAD_USER_INPUT);
    expect(blank.body.errors![0]!.extensions!.argumentName).toBe("reason");
    const tooLong = await move("withdrawCertificationRequest", { id: withdrawn.id, expectedVersion: 1, reason: "x".repeat(2_001) }, requester);
    expect(tooLong.body.errors![0]!.message).toBe("Invalid reason: reason: must be at most 2000 characters");
    const notAnId = await move("withdrawCertificationRequest", { id: "7", expectedVersion: 1, reason: "Invented (demo)." }, requester);
    expect(notAnId.body.errors![0]!.message).toBe("Invalid id: id: must be a UUID");
    expect(await statusOf(withdrawn.id)).toEqual({ status: "REQUESTED", version: 1 });
    const withdraw = await move("withdrawCertificationRequest", { id: withdrawn.id, expectedVersion: 1, reason: "Invented (demo): the survivor chose another route." }, requester);
    expect(withdraw.body.data!.withdrawCertificationRequest).toMatchObject({ status: "WITHDRAWN", version: 2 });
    expect(codeOf(await move("reviewCertification", { id: withdrawn.id, expectedVersion: 2 }, liaison))).toBe(ERROR_CODES.INVALID_TRANSITION);

    // Withdrawal is possible under review too.
    const underReview = await sendOk();
    await move("reviewCertification", { id: underReview.id, expectedVersion: 1 }, liaison);
    const late = await move("withdrawCertificationRequest", { id: underReview.id, expectedVersion: 2, reason: "Invented (demo): no longer needed." }, requester);
    expect(late.body.data!.withdrawCertificationRequest).toMatchObject({ status: "WITHDRAWN", version: 3 });
  });

  it("detects concurrent edits: of two writers with the same version, exactly one wins", async () => {
    const { id } = await sendOk();
    const results = await Promise.all([
      move("reviewCertification", { id, expectedVersion: 1 }, liaison),
      move("withdrawCertificationRequest", { id, expectedVersion: 1, reason: "Invented (demo): racing." }, requester),
    ]);
    const won = results.filter((r) => r.body.errors === undefined);
    const lost = results.filter((r) => r.body.errors !== undefined);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(codeOf(lost[0]!)).toBe(ERROR_CODES.CONFLICT);
    expect((await statusOf(id)).version).toBe(2);
    const events = await network.query<{ certificationRequest: { events: unknown[] } }>(
      `query($id: ID!) { certificationRequest(id: $id) { events { version } } }`,
      { id },
      requester,
    );
    expect(events.body.data!.certificationRequest.events).toHaveLength(2);
  });

  it("shows the liaison organisation what it needs to work a request, and withholds the LAW_ENFORCEMENT text (no agreement from the requester)", async () => {
    const { id } = await sendOk({ kind: "CONTINUED_PRESENCE", dueDate: inDays(20) });
    await move("reviewCertification", { id, expectedVersion: 1 }, liaison);
    await move("decideCertification", { id, expectedVersion: 2, certified: false, reason: "Invented (demo): outside the unit's jurisdiction." }, liaison);

    const query = `query($id: ID!) { certificationRequest(id: $id) {
      id kind status dueDate version liaisonUnit { name } statusReason events { toStatus reason }
    } }`;
    const asLiaison = await network.query<{ certificationRequest: Record<string, unknown> }>(query, { id }, liaison);
    expect(asLiaison.status).toBe(200);
    expect(asLiaison.body.data!.certificationRequest).toEqual({
      id,
      kind: "CONTINUED_PRESENCE",
      status: "DECLINED",
      dueDate: inDays(20),
      version: 3,
      liaisonUnit: { name: "Demo City Victim Services Liaison (demo)" },
      statusReason: null,
      events: [
        { toStatus: "REQUESTED", reason: null },
        { toStatus: "UNDER_REVIEW", reason: null },
        { toStatus: "DECLINED", reason: null },
      ],
    });
    // The rule decides every LAW_ENFORCEMENT field of a record owned by Fictional Legal Aid, empty or not.
    expect(asLiaison.body.errors!.map((e) => [e.path!.join("."), e.extensions!.code])).toEqual([
      ["certificationRequest.statusReason", "AGREEMENT_REQUIRED"],
      ["certificationRequest.events.0.reason", "AGREEMENT_REQUIRED"],
      ["certificationRequest.events.1.reason", "AGREEMENT_REQUIRED"],
      ["certificationRequest.events.2.reason", "AGREEMENT_REQUIRED"],
    ]);

    // The owner sees it all.
    const asRequester = await network.query<{ certificationRequest: { statusReason: string | null; events: { reason: string | null }[] } }>(query, { id }, requester);
    expect(asRequester.body.errors).toBeUndefined();
    expect(asRequester.body.data!.certificationRequest.statusReason).toBe("Invented (demo): outside the unit's jurisdiction.");
    expect(asRequester.body.data!.certificationRequest.events.at(-1)!.reason).toBe("Invented (demo): outside the unit's jurisdiction.");

    // The survivor is named by key, and the liaison organisation sees them: the request was sent
    // only because the rule releases the survivor to it (survivor-writes.test.ts: also once it no longer does).
    const survivor = await network.query<{ certificationRequest: { survivorId: string; survivor: unknown } }>(
      `query($id: ID!) { certificationRequest(id: $id) { survivorId survivor { pseudonym } } }`,
      { id },
      liaison,
    );
    expect(survivor.body.data!.certificationRequest).toEqual({ survivorId: DEMO_SURVIVORS.cedar, survivor: { pseudonym: "Demo Survivor Cedar" } });

    // A party's own lookup only: another liaison organisation and a shelter get null.
    for (const who of [otherLiaison, shelter]) {
      const response = await network.query<{ certificationRequest: unknown }>(`query($id: ID!) { certificationRequest(id: $id) { id status } }`, { id }, who);
      expect(response.body).toEqual({ data: { certificationRequest: null } });
    }
  });

  it("lists each party's requests only, newest first, by cursor, filtered by status and due date", async () => {
    const early = await sendOk({ dueDate: inDays(3) });
    const late = await sendOk({ dueDate: inDays(300) });
    const newest = await sendOk({ dueDate: inDays(5) });

    // Both parties see them, newest first; another liaison organisation and a shelter see none of them.
    for (const who of [requester, liaison]) {
      const ids = (await list(who)).edges.map((e) => e.node.id);
      expect(ids.indexOf(newest.id)).toBeLessThan(ids.indexOf(late.id));
      expect(ids.indexOf(late.id)).toBeLessThan(ids.indexOf(early.id));
    }
    for (const who of [otherLiaison, shelter]) expect((await list(who)).totalCount).toBe(0);

    // Every request exactly once across pages of two, in the same order as one page.
    const all = (await list(requester)).edges.map((e) => e.node.id);
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: ListView["certificationRequests"] = await list(requester, { first: 2, after });
      paged.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(all);

    const dueSoon = (await list(requester, { filter: { dueBefore: inDays(6), statuses: ["REQUESTED"] } })).edges.map((e) => e.node.id);
    expect(dueSoon).toEqual(expect.arrayContaining([early.id, newest.id]));
    expect(dueSoon).not.toContain(late.id);
    const requested = await list(liaison, { filter: { statuses: ["REQUESTED"] } });
    expect(requested.edges.every((e) => e.node.status === "REQUESTED")).toBe(true);

    const badDate = await network.query(LIST, { filter: { dueBefore: "soon" } }, requester);
    expect(codeOf(badDate)).toBe(ERROR_CODES.BAD_USER_INPUT);
    expect(badDate.body.errors![0]!.message).toBe("Invalid filter: filter.dueBefore: must be a calendar date, YYYY-MM-DD");
    const badCursor = await network.query(LIST, { after: "not-a-cursor" }, requester);
    expect(badCursor.body.errors![0]!.extensions).toMatchObject({ code: ERROR_CODES.BAD_USER_INPUT, argumentName: "after" });
  });

  it("extends the network's referral with the requests made for it, shown only to the parties of each request", async () => {
    // Legal aid refers Cedar to Harbor Light's beds; the requests about her name that referral.
    await recordConsent(network, { survivorId: DEMO_SURVIVORS.cedar, granteeOrganizationId: DEMO_ORGS.harborLight, categories: ["IDENTITY"] }, requester);
    const referralId = (await submitReferral(network, shelterReferralInput(), { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" })).id;
    const linked = await sendOk({ referralId });
    expect((await send(requestInput({ referralId }))).body.data!.requestCertification.referralId).toBe(referralId);

    const ON_REFERRAL = `query($id: ID!) { referral(id: $id) { id certificationRequests { id referralId status } } }`;
    const asRequester = await network.query<{ referral: { certificationRequests: { id: string; referralId: string }[] } }>(ON_REFERRAL, { id: referralId }, requester);
    expect(asRequester.body.errors).toBeUndefined();
    const requests = asRequester.body.data!.referral.certificationRequests;
    expect(requests).toHaveLength(2);
    expect(requests.map((r) => r.id)).toContain(linked.id);
    expect(requests.every((r) => r.referralId === referralId)).toBe(true);

    // The referral's receiver is no party to the requests: it sees the referral, and none of them.
    const asReceiver = await network.query<{ referral: { certificationRequests: unknown[] } }>(
      ON_REFERRAL,
      { id: referralId },
      { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" },
    );
    expect(asReceiver.body.errors).toBeUndefined();
    expect(asReceiver.body.data!.referral.certificationRequests).toEqual([]);
  });
});
