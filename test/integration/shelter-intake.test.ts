/**
 * The shelters side of a referral's hand-over (docs/design.md, "Referrals across two databases"
 * and "One bed, one person"): a shelter accepts a referral into one of its programmes, taking a
 * place and a bed in one transaction of its own database, and tells the network through its
 * outbox.
 *
 * The shelters subgraph is called directly, with assertions signed by the test network's gateway
 * key, as the gateway would sign them: the system principal stands in for the workers' relay
 * (switched off in this file; test/integration/referral-shelter-loop.test.ts runs the real one), so what the relay would do — deliver a referral's copy, pull and acknowledge the
 * outbox, confirm or release an intake — is SIMULATED here by the test itself. Members stand for
 * shelter staff. The last tests go through the real gateway. Concurrency is real on PostgreSQL
 * (each request its own connection); the embedded database runs one transaction at a time.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSERTION_HEADER, createAssertionSigner } from "../../platform/assertion.js";
import { DEMO_MEMBERS, DEMO_ORGS, DEMO_SERVICES, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { SYSTEM_PRINCIPAL, type Principal } from "../../vocabulary/principal.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";
import { objectContaining } from "../support/matchers.js";

let network: TestNetwork;

beforeAll(async () => {
  // The workers' own relay is switched off: here the test plays its part, step by step.
  network = await startTestNetwork({ workers: { relayEnabled: false } });
});

afterAll(async () => {
  await network?.stop();
});

const member = (id: string, organizationId: string, roles: Principal["roles"] = ["CASEWORKER"]): Principal => ({
  kind: "member",
  id,
  organizationId,
  organizationKind: "SHELTER",
  roles,
  purpose: "SERVICE_REFERRAL",
});
const HARBOR_CASEWORKER = member(DEMO_MEMBERS.harborCaseworker, DEMO_ORGS.harborLight);
const NORTHSTAR_CASEWORKER = member(DEMO_MEMBERS.northstarCaseworker, DEMO_ORGS.northstar);
/** A second Northstar caseworker, SIMULATED: the subgraph trusts the assertion, not the member record. */
const NORTHSTAR_SECOND_CASEWORKER = member("00000000-0000-4000-8000-000000009203", DEMO_ORGS.northstar);
const HARBOR_ADMIN = member(DEMO_MEMBERS.harborAdmin, DEMO_ORGS.harborLight, ["ORG_ADMIN"]);
const PARTNER_APP: Principal = {
  kind: "client",
  id: "00000000-0000-4000-8000-000000000231",
  organizationId: DEMO_ORGS.harborLight,
  organizationKind: "SHELTER",
  roles: ["PARTNER_APP"],
  purpose: null,
};

interface Answer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; argumentName?: string } }[];
}

async function shelters<T = Record<string, unknown>>(principal: Principal, query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  const signer = createAssertionSigner(network.assertionKeys.privateKey);
  const body = { query, variables };
  const response = await fetch(network.subgraphs.get("shelters")!.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", [ASSERTION_HEADER]: await signer.sign("shelters", principal, body, randomUUID()) },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer<T>;
}

const codeOf = (answer: Answer<unknown>) => answer.errors?.[0]?.extensions?.code;
/** The errors' messages and extensions (their locations and paths left aside). */
const errorsOf = (answer: Answer<unknown>) => answer.errors?.map(({ message, extensions }) => ({ message, extensions }));

interface Intake {
  id: string;
  referralId: string;
  status: string;
  bed: { id: string; label: string } | null;
  program: { id: string };
}
const INTAKE = "id referralId status bed { id label } program { id }";

interface Copy {
  referralId: string;
  programId: string;
  status: string;
  version: number;
}

/** A referral to one of the shelters' programmes, as the network would hold it (invented ids). */
function newReferral(programId: string, receiverOrganizationId: string, overrides: Partial<Copy> = {}) {
  return { referralId: randomUUID(), receiverOrganizationId, programId, survivorId: DEMO_SURVIVORS.cedar, status: "SENT", version: 1, ...overrides };
}
type ReferralInput = ReturnType<typeof newReferral>;

/** The relay delivering a referral's copy (SIMULATED by the test). */
async function deliverCopy(referral: ReferralInput) {
  return shelters<{ _receiveReferral: Copy & { receiverOrganizationId: string; survivorId: string; updatedAt: string } }>(
    SYSTEM_PRINCIPAL,
    `mutation($input: ShelterReferralCopyInput!) { _receiveReferral(input: $input) { referralId receiverOrganizationId programId survivorId status version updatedAt } }`,
    { input: referral },
  );
}

async function receivedReferral(programId: string, receiverOrganizationId: string, overrides: Partial<Copy> = {}): Promise<ReferralInput> {
  const referral = newReferral(programId, receiverOrganizationId, overrides);
  const answer = await deliverCopy(referral);
  expect(answer.errors).toBeUndefined();
  return referral;
}

function accept(principal: Principal, referralId: string, expectedVersion: number, bedId?: string) {
  return shelters<{ acceptReferralIntake: Intake }>(
    principal,
    `mutation($referralId: ID!, $expectedVersion: Int!, $bedId: ID) { acceptReferralIntake(referralId: $referralId, expectedVersion: $expectedVersion, bedId: $bedId) { ${INTAKE} } }`,
    { referralId, expectedVersion, ...(bedId ? { bedId } : {}) },
  );
}

async function release(referralId: string, reason = "Referral withdrawn (simulated relay)") {
  return shelters<{ _releaseIntake: Intake | null }>(
    SYSTEM_PRINCIPAL,
    `mutation($referralId: ID!, $reason: String!) { _releaseIntake(referralId: $referralId, reason: $reason) { ${INTAKE} } }`,
    {
      referralId,
      reason,
    },
  );
}

async function confirm(referralId: string) {
  return shelters<{ _confirmIntake: Intake }>(SYSTEM_PRINCIPAL, `mutation($referralId: ID!) { _confirmIntake(referralId: $referralId) { ${INTAKE} } }`, { referralId });
}

interface PulledMessage {
  id: string;
  kind: string;
  referralId: string;
  payload: string;
  attempts: number;
}

async function pullOutbox(limit = 500): Promise<PulledMessage[]> {
  const answer = await shelters<{ _shelterOutbox: PulledMessage[] }>(
    SYSTEM_PRINCIPAL,
    `mutation($limit: Int) { _shelterOutbox(limit: $limit) { id kind referralId payload createdAt attempts } }`,
    { limit },
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!._shelterOutbox;
}

async function ackOutbox(ids: string[]): Promise<string[]> {
  const answer = await shelters<{ _ackShelterOutbox: string[] }>(SYSTEM_PRINCIPAL, `mutation($ids: [ID!]!) { _ackShelterOutbox(ids: $ids) }`, { ids });
  expect(answer.errors).toBeUndefined();
  return answer.data!._ackShelterOutbox;
}

/** Undelivered messages about these referrals (other tests' messages left aside). */
async function messagesAbout(...referralIds: string[]): Promise<PulledMessage[]> {
  return (await pullOutbox()).filter((m) => referralIds.includes(m.referralId));
}

async function available(programId: string): Promise<number> {
  const answer = await shelters<{ shelterProgram: { serviceCapacity: { available: number } } }>(
    HARBOR_CASEWORKER,
    `query($id: ID!) { shelterProgram(id: $id) { serviceCapacity { available } } }`,
    { id: programId },
  );
  return answer.data!.shelterProgram.serviceCapacity.available;
}

async function bedsOf(principal: Principal, programId: string) {
  return shelters<{ shelterProgram: { beds: { id: string; label: string; occupied: boolean }[] | null } }>(
    principal,
    `query($id: ID!) { shelterProgram(id: $id) { beds { id label occupied } } }`,
    { id: programId },
  );
}

async function occupiedBeds(principal: Principal, programId: string): Promise<string[]> {
  const answer = await bedsOf(principal, programId);
  expect(answer.errors).toBeUndefined();
  return answer.data!.shelterProgram.beds!.filter((b) => b.occupied).map((b) => b.id);
}

/** The referral's intake as the gateway would ask for it (`Referral.shelterIntake` by key). */
async function intakeOf(principal: Principal, referralId: string) {
  return shelters<{ _entities: { shelterIntake: Intake | null }[] }>(
    principal,
    `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Referral { shelterIntake { ${INTAKE} } } } }`,
    { representations: [{ __typename: "Referral", id: referralId }] },
  );
}

describe(`shelter intake of referrals (${databaseMode} databases)`, () => {
  it("keeps one copy per referral: the newest version wins, an older one changes nothing", async () => {
    const referral = newReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight, { status: "ACKNOWLEDGED", version: 2 });
    expect((await deliverCopy(referral)).data!._receiveReferral).toMatchObject({ referralId: referral.referralId, status: "ACKNOWLEDGED", version: 2 });

    const older = await deliverCopy({ ...referral, status: "SENT", version: 1 });
    expect(older.errors).toBeUndefined();
    expect(older.data!._receiveReferral).toMatchObject({ status: "ACKNOWLEDGED", version: 2 });
    const same = await deliverCopy({ ...referral, status: "WITHDRAWN", version: 2 });
    expect(same.data!._receiveReferral).toMatchObject({ status: "ACKNOWLEDGED", version: 2 });

    const newer = await deliverCopy({ ...referral, status: "DECLINED", version: 3 });
    expect(newer.data!._receiveReferral).toMatchObject({ status: "DECLINED", version: 3, receiverOrganizationId: DEMO_ORGS.harborLight, programId: DEMO_SERVICES.harborEmergency });
  });

  it("refuses a copy addressed to a programme the receiver does not run", async () => {
    const answer = await deliverCopy(newReferral(DEMO_SERVICES.northstarFamily, DEMO_ORGS.harborLight));
    expect(errorsOf(answer)).toEqual([
      { message: "Invalid input: input.programId: no shelter programme of the receiving organisation", extensions: { code: ERROR_CODES.BAD_USER_INPUT, argumentName: "input" } },
    ]);
  });

  it("accepting takes one place, holds a free bed and writes one INTAKE_ACCEPTED message, in one go", async () => {
    const referral = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    const before = await available(DEMO_SERVICES.harborEmergency);
    const occupiedBefore = await occupiedBeds(HARBOR_CASEWORKER, DEMO_SERVICES.harborEmergency);

    const answer = await accept(HARBOR_CASEWORKER, referral.referralId, 1);
    expect(answer.errors).toBeUndefined();
    const intake = answer.data!.acceptReferralIntake;
    expect(intake).toMatchObject({ referralId: referral.referralId, status: "PENDING", program: { id: DEMO_SERVICES.harborEmergency } });
    expect(intake.bed!.label).toMatch(/\(demo\)$/);

    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(before - 1);
    const occupiedAfter = await occupiedBeds(HARBOR_CASEWORKER, DEMO_SERVICES.harborEmergency);
    expect(occupiedBefore).not.toContain(intake.bed!.id);
    expect(occupiedAfter.sort()).toEqual([...occupiedBefore, intake.bed!.id].sort());

    const messages = await messagesAbout(referral.referralId);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.kind).toBe("INTAKE_ACCEPTED");
    expect(JSON.parse(messages[0]!.payload)).toEqual({
      referralId: referral.referralId,
      intakeId: intake.id,
      expectedVersion: 1,
      bedId: intake.bed!.id,
      acceptedByMemberId: DEMO_MEMBERS.harborCaseworker,
      organizationId: DEMO_ORGS.harborLight,
    });

    // The referral's intake, by key: the receiving shelter sees it, another organisation does not.
    expect((await intakeOf(HARBOR_CASEWORKER, referral.referralId)).data!._entities).toEqual([{ shelterIntake: intake }]);
    expect((await intakeOf(NORTHSTAR_CASEWORKER, referral.referralId)).data!._entities).toEqual([{ shelterIntake: null }]);
    expect((await intakeOf(HARBOR_CASEWORKER, randomUUID())).data!._entities).toEqual([{ shelterIntake: null }]);
  });

  it("assigns the bed asked for when it is free, and refuses a taken one without changing anything", async () => {
    const beds = (await bedsOf(HARBOR_CASEWORKER, DEMO_SERVICES.harborEmergency)).data!.shelterProgram.beds!;
    const free = beds.find((b) => !b.occupied)!;
    const taken = beds.find((b) => b.occupied)!;
    const first = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    const second = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    const before = await available(DEMO_SERVICES.harborEmergency);

    const refused = await accept(HARBOR_CASEWORKER, second.referralId, 1, taken.id);
    expect(errorsOf(refused)).toEqual([
      { message: "That bed is taken or out of use; choose another, or let the shelter pick one", extensions: { code: ERROR_CODES.BED_UNAVAILABLE, argumentName: "bedId" } },
    ]);
    const foreign = await accept(HARBOR_CASEWORKER, second.referralId, 1, randomUUID());
    expect(errorsOf(foreign)).toEqual([{ message: "No such bed in the referral's programme", extensions: { code: ERROR_CODES.NOT_FOUND, argumentName: "bedId" } }]);
    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(before);
    expect(await messagesAbout(second.referralId)).toEqual([]);

    const chosen = await accept(HARBOR_CASEWORKER, first.referralId, 1, free.id);
    expect(chosen.data!.acceptReferralIntake.bed).toEqual({ id: free.id, label: free.label });
    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(before - 1);
    await release(first.referralId);
  });

  it("accepting the same referral again answers the same intake and changes nothing", async () => {
    const referral = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    const first = (await accept(HARBOR_CASEWORKER, referral.referralId, 1)).data!.acceptReferralIntake;
    const afterFirst = await available(DEMO_SERVICES.harborEmergency);

    const again = await accept(HARBOR_CASEWORKER, referral.referralId, 1);
    expect(again.errors).toBeUndefined();
    expect(again.data!.acceptReferralIntake).toEqual(first);
    // Even once the copy moved on (the network recorded the acceptance): still the same intake.
    await deliverCopy({ ...referral, status: "ACCEPTED", version: 2 });
    expect((await accept(HARBOR_CASEWORKER, referral.referralId, 1)).data!.acceptReferralIntake).toEqual(first);

    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(afterFirst);
    expect(await messagesAbout(referral.referralId)).toHaveLength(1);
    await release(referral.referralId);
  });

  it("the last bed: two staff accept two referrals at once, exactly one wins, capacity ends at zero (several rounds)", async () => {
    const program = DEMO_SERVICES.northstarYouth;
    const totalBeds = (await bedsOf(NORTHSTAR_CASEWORKER, program)).data!.shelterProgram.beds!.length;
    expect(await available(program)).toBe(1);
    for (let round = 0; round < 8; round++) {
      const [a, b] = [await receivedReferral(program, DEMO_ORGS.northstar), await receivedReferral(program, DEMO_ORGS.northstar)];
      const answers = await Promise.all([accept(NORTHSTAR_CASEWORKER, a.referralId, 1), accept(NORTHSTAR_SECOND_CASEWORKER, b.referralId, 1)]);

      const winners = answers.filter((answer) => answer.data?.acceptReferralIntake);
      const losers = answers.filter((answer) => answer.errors);
      expect(winners, `round ${round}`).toHaveLength(1);
      expect(losers.map(errorsOf)).toEqual([[{ message: "The programme has no free place left; nothing was changed", extensions: { code: ERROR_CODES.NO_CAPACITY } }]]);
      expect(await available(program)).toBe(0);
      expect(await occupiedBeds(NORTHSTAR_CASEWORKER, program)).toHaveLength(totalBeds);

      // The loser left nothing behind: no intake, no message.
      const winner = winners[0]!.data!.acceptReferralIntake;
      const loser = winner.referralId === a.referralId ? b : a;
      expect((await intakeOf(NORTHSTAR_CASEWORKER, loser.referralId)).data!._entities).toEqual([{ shelterIntake: null }]);
      expect(await messagesAbout(winner.referralId, loser.referralId)).toHaveLength(1);

      // A third try on a full programme is refused too, and never takes capacity below zero.
      const third = await receivedReferral(program, DEMO_ORGS.northstar);
      expect(codeOf(await accept(NORTHSTAR_CASEWORKER, third.referralId, 1))).toBe(ERROR_CODES.NO_CAPACITY);
      expect(await available(program)).toBe(0);

      // The winner's stay ends (the simulated relay releases it): the bed is free for the next round.
      expect((await release(winner.referralId)).data!._releaseIntake!.status).toBe("RELEASED");
      expect(await available(program)).toBe(1);
    }
  });

  it("many accepts at once never overfill a programme and never share a bed", async () => {
    const program = DEMO_SERVICES.northstarFamily;
    const free = await available(program);
    expect(free).toBe(5);
    const referrals = [];
    for (let i = 0; i < free + 3; i++) referrals.push(await receivedReferral(program, DEMO_ORGS.northstar));

    const answers = await Promise.all(referrals.map((r, i) => accept(i % 2 ? NORTHSTAR_CASEWORKER : NORTHSTAR_SECOND_CASEWORKER, r.referralId, 1)));
    const intakes = answers.flatMap((answer) => (answer.data?.acceptReferralIntake ? [answer.data.acceptReferralIntake] : []));
    expect(intakes).toHaveLength(free);
    expect(new Set(intakes.map((intake) => intake.bed!.id)).size).toBe(free);
    expect(answers.filter((answer) => codeOf(answer) === ERROR_CODES.NO_CAPACITY)).toHaveLength(3);
    expect(await available(program)).toBe(0);

    for (const intake of intakes) await release(intake.referralId);
    expect(await available(program)).toBe(free);
  });

  it("the same referral accepted twice at once makes one intake and takes one place", async () => {
    const referral = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    const before = await available(DEMO_SERVICES.harborEmergency);

    const answers = await Promise.all([1, 2, 3, 4].map(() => accept(HARBOR_CASEWORKER, referral.referralId, 1)));
    expect(answers.map((answer) => answer.errors)).toEqual([undefined, undefined, undefined, undefined]);
    expect(new Set(answers.map((answer) => answer.data!.acceptReferralIntake.id)).size).toBe(1);
    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(before - 1);
    expect(await messagesAbout(referral.referralId)).toHaveLength(1);
    await release(referral.referralId);
  });

  it("release frees the bed and gives the place back once; repeating it, even at once, changes nothing", async () => {
    const referral = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    const before = await available(DEMO_SERVICES.harborEmergency);
    const intake = (await accept(HARBOR_CASEWORKER, referral.referralId, 1)).data!.acceptReferralIntake;
    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(before - 1);

    const releases = await Promise.all([release(referral.referralId), release(referral.referralId)]);
    expect(releases.map((answer) => answer.data!._releaseIntake)).toEqual([
      { ...intake, status: "RELEASED" },
      { ...intake, status: "RELEASED" },
    ]);
    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(before);
    expect(await occupiedBeds(HARBOR_CASEWORKER, DEMO_SERVICES.harborEmergency)).not.toContain(intake.bed!.id);

    expect((await release(referral.referralId)).data!._releaseIntake!.status).toBe("RELEASED");
    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(before);

    // A released intake is history: it is neither confirmed nor accepted again. A confirmation that
    // arrives after the release (the referral ended just after the network accepted it) is answered
    // with the intake as it stands, so the relay that carries it does not retry it for ever.
    expect(await confirm(referral.referralId)).toEqual({ data: { _confirmIntake: { ...intake, status: "RELEASED" } } });
    expect(codeOf(await accept(HARBOR_CASEWORKER, referral.referralId, 1))).toBe(ERROR_CODES.INVALID_TRANSITION);
    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(before);

    // Nothing to release for a referral this subgraph never took in.
    expect(await release(randomUUID())).toEqual({ data: { _releaseIntake: null } });
  });

  it("confirm moves a pending intake to CONFIRMED; repeating it changes nothing", async () => {
    const referral = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    const intake = (await accept(HARBOR_CASEWORKER, referral.referralId, 1)).data!.acceptReferralIntake;
    const before = await available(DEMO_SERVICES.harborEmergency);
    expect((await confirm(referral.referralId)).data!._confirmIntake).toEqual({ ...intake, status: "CONFIRMED" });
    expect((await confirm(referral.referralId)).data!._confirmIntake).toEqual({ ...intake, status: "CONFIRMED" });
    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(before);
    expect(codeOf(await confirm(randomUUID()))).toBe(ERROR_CODES.NOT_FOUND);

    // A confirmed stay that ends gives its place back too.
    await release(referral.referralId, "Stay ended (simulated relay)");
    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(before + 1);
  });

  it("the outbox hands out undelivered messages oldest first until acknowledged; acknowledging is idempotent", async () => {
    const first = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    const second = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    await accept(HARBOR_CASEWORKER, first.referralId, 1);
    await accept(HARBOR_CASEWORKER, second.referralId, 1);

    const pulled = await messagesAbout(first.referralId, second.referralId);
    expect(pulled.map((m) => m.referralId)).toEqual([first.referralId, second.referralId]);
    expect(BigInt(pulled[0]!.id)).toBeLessThan(BigInt(pulled[1]!.id));
    // A relay that crashed before acknowledging gets the same messages again, one attempt more.
    const again = await messagesAbout(first.referralId, second.referralId);
    expect(again.map((m) => [m.id, m.attempts])).toEqual(pulled.map((m) => [m.id, m.attempts + 1]));

    const ids = pulled.map((m) => m.id);
    expect(await ackOutbox([ids[0]!])).toEqual([ids[0]]);
    expect((await messagesAbout(first.referralId, second.referralId)).map((m) => m.id)).toEqual([ids[1]]);
    expect(await ackOutbox([...ids, "999999999999"])).toEqual(ids);
    expect(await ackOutbox(ids)).toEqual(ids);
    expect(await messagesAbout(first.referralId, second.referralId)).toEqual([]);

    const bad = await shelters(SYSTEM_PRINCIPAL, `mutation { _ackShelterOutbox(ids: ["not-an-id"]) }`);
    expect(codeOf(bad)).toBe(ERROR_CODES.BAD_USER_INPUT);
    await release(first.referralId);
    await release(second.referralId);
  });

  it("answers the relay's fields only for the gateway's own assertion", async () => {
    const referral = newReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    const internal: [string, Record<string, unknown>][] = [
      [`mutation($input: ShelterReferralCopyInput!) { _receiveReferral(input: $input) { version } }`, { input: referral }],
      [`mutation { _shelterOutbox { id } }`, {}],
      [`mutation($ids: [ID!]!) { _ackShelterOutbox(ids: $ids) }`, { ids: ["1"] }],
      [`mutation($id: ID!) { _confirmIntake(referralId: $id) { id } }`, { id: referral.referralId }],
      [`mutation($id: ID!) { _releaseIntake(referralId: $id, reason: "Invented (demo)") { id } }`, { id: referral.referralId }],
    ];
    for (const principal of [HARBOR_CASEWORKER, HARBOR_ADMIN, PARTNER_APP]) {
      for (const [query, variables] of internal) {
        const answer = await shelters(principal, query, variables);
        expect(
          Object.values(answer.data ?? {}).filter((value) => value !== null),
          query,
        ).toEqual([]);
        expect(answer.errors, query).toEqual([objectContaining({ message: "Not available", extensions: objectContaining({ code: ERROR_CODES.ROLE_FORBIDDEN }) })]);
      }
    }
    // Nothing was written: the refused copy does not exist, so no one can accept it.
    expect(codeOf(await accept(HARBOR_CASEWORKER, referral.referralId, 1))).toBe(ERROR_CODES.NOT_FOUND);

    // And the gateway's API does not have them at all.
    const viaGateway = await network.query(`mutation { _shelterOutbox { id } }`, {}, { purpose: "SERVICE_REFERRAL" });
    expect(viaGateway.status).toBe(400);
    expect(viaGateway.body.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("a caseworker of another organisation cannot accept, and cannot tell the referral exists", async () => {
    const referral = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    const before = await available(DEMO_SERVICES.harborEmergency);
    const answer = await accept(NORTHSTAR_CASEWORKER, referral.referralId, 1);
    expect(errorsOf(answer)).toEqual([
      { message: "No such referral to a programme of your organisation", extensions: { code: ERROR_CODES.NOT_FOUND, argumentName: "referralId" } },
    ]);
    expect(await accept(NORTHSTAR_CASEWORKER, randomUUID(), 1)).toEqual(answer);
    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(before);
    expect(await messagesAbout(referral.referralId)).toEqual([]);

    // Nor see another organisation's beds.
    expect(codeOf(await bedsOf(NORTHSTAR_CASEWORKER, DEMO_SERVICES.harborEmergency))).toBe(ERROR_CODES.OUT_OF_SCOPE);
  });

  it("only caseworkers accept", async () => {
    const referral = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    for (const principal of [HARBOR_ADMIN, PARTNER_APP, SYSTEM_PRINCIPAL]) {
      expect(errorsOf(await accept(principal, referral.referralId, 1))).toEqual([
        { message: "Only a caseworker may accept a referral", extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } },
      ]);
    }
  });

  it("a stale version is a conflict and a referral past its open steps cannot be accepted; nothing is written", async () => {
    const referral = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight, { status: "ACKNOWLEDGED", version: 2 });
    const before = await available(DEMO_SERVICES.harborEmergency);

    const stale = await accept(HARBOR_CASEWORKER, referral.referralId, 1);
    expect(errorsOf(stale)).toEqual([
      {
        message: "The referral changed since you read it (it is at version 2, you named 1); read it again",
        extensions: { code: ERROR_CODES.CONFLICT, argumentName: "expectedVersion" },
      },
    ]);
    await deliverCopy({ ...referral, status: "WITHDRAWN", version: 3 });
    const withdrawn = await accept(HARBOR_CASEWORKER, referral.referralId, 3);
    expect(errorsOf(withdrawn)).toEqual([
      {
        message: "The referral is WITHDRAWN; only a SENT or ACKNOWLEDGED referral can be accepted",
        extensions: { code: ERROR_CODES.INVALID_TRANSITION, argumentName: "referralId" },
      },
    ]);

    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(before);
    expect((await intakeOf(HARBOR_CASEWORKER, referral.referralId)).data!._entities).toEqual([{ shelterIntake: null }]);
    expect(await messagesAbout(referral.referralId)).toEqual([]);
  });

  it("a programme with no place left refuses at once and writes nothing", async () => {
    const referral = await receivedReferral(DEMO_SERVICES.harborTransitional, DEMO_ORGS.harborLight);
    expect(await available(DEMO_SERVICES.harborTransitional)).toBe(0);
    expect(codeOf(await accept(HARBOR_CASEWORKER, referral.referralId, 1))).toBe(ERROR_CODES.NO_CAPACITY);
    expect(await available(DEMO_SERVICES.harborTransitional)).toBe(0);
    expect(await messagesAbout(referral.referralId)).toEqual([]);
  });
});

describe(`shelter intake through the gateway (${databaseMode} databases)`, () => {
  const ACCEPT = `mutation Accept($referralId: ID!, $expectedVersion: Int!) {
    acceptReferralIntake(referralId: $referralId, expectedVersion: $expectedVersion) { status bed { label } program { name serviceCapacity { available } } }
  }`;

  it("a caseworker accepts with a purpose of use; the directory shows the place taken", async () => {
    const referral = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    const before = await available(DEMO_SERVICES.harborEmergency);

    // An intake is a survivor's record: without a purpose the gateway refuses before anything runs.
    const withoutPurpose = await network.query(ACCEPT, { referralId: referral.referralId, expectedVersion: 1 });
    expect(withoutPurpose.status).toBe(400);
    expect(withoutPurpose.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.PURPOSE_REQUIRED);
    expect(await available(DEMO_SERVICES.harborEmergency)).toBe(before);

    const accepted = await network.query<{ acceptReferralIntake: { status: string; program: { name: string; serviceCapacity: { available: number } } } }>(
      ACCEPT,
      { referralId: referral.referralId, expectedVersion: 1 },
      { purpose: "SERVICE_REFERRAL" },
    );
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data!.acceptReferralIntake).toMatchObject({
      status: "PENDING",
      program: { name: "Harbor Light Emergency Beds (demo)", serviceCapacity: { available: before - 1 } },
    });

    // The project's own codes pass through the gateway with their messages.
    const stale = await network.query(
      ACCEPT,
      { referralId: (await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight, { version: 4 })).referralId, expectedVersion: 3 },
      { purpose: "SERVICE_REFERRAL" },
    );
    expect(stale.body.errors![0]).toMatchObject({
      message: "The referral changed since you read it (it is at version 4, you named 3); read it again",
      extensions: { code: ERROR_CODES.CONFLICT },
    });
    await release(referral.referralId);
  });

  it("a role that may not accept is refused by the gateway before planning", async () => {
    const referral = await receivedReferral(DEMO_SERVICES.harborEmergency, DEMO_ORGS.harborLight);
    const answer = await network.query(ACCEPT, { referralId: referral.referralId, expectedVersion: 1 }, { as: "harbor-admin", purpose: "SERVICE_REFERRAL" });
    expect(answer.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
    expect(await messagesAbout(referral.referralId)).toEqual([]);
  });
});
