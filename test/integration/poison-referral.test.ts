/**
 * One bad message never stops the others (docs/design.md, "Referrals across two databases"). A
 * poison referral — written straight into the network's database, as a referral the submission
 * checks would now refuse: addressed to Harbor Light but to another organisation's programme, so
 * the shelters subgraph refuses its copy for good — sits ahead of many good referrals of three
 * senders and receivers. Every good one reaches the shelter; the poison and its later step are
 * parked with the shelter's reason, shown to both parties and to their admins; a restart of the
 * relay delivers nothing twice and loses nothing; an admin's retry sends a parked step back in line
 * (delivered once its cause is mended, parked again if not) and a discard is recorded and lets what
 * waited behind go on; a step that ends the referral is never discarded, only retried once mended
 * (parked-end-step.test.ts has it with a bed held). The same the other way: a shelter's acceptance the network refuses for good
 * is parked in the shelters' outbox, and the other acceptances go on.
 *
 * The relay is the workers' own code (`startOutboxRelay` with both referral channels), run by the
 * test so that it counts what it delivers and can be restarted; the workers' own relay is off.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxRelay } from "../../workers/relay/outboxRelay.js";
import { DEMO_MEMBERS, DEMO_ORGS, DEMO_SERVICES, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import type { SubgraphName } from "../../vocabulary/subgraphs.js";
import { databaseMode } from "../support/databases.js";
import { establishAgreement, recordConsent, shelterReferralInput, submitReferral } from "../support/fixtures.js";
import type { RequestOptions } from "../support/network.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";
import { dataThrough, startCountingRelay, withDatabase as withRelayDatabase, type Sql } from "../support/relay.js";
import { anyOf } from "../support/matchers.js";

const legalCaseworker = { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const harborCaseworker = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;

let network: TestNetwork;
let relay: OutboxRelay;
/** Every delivery that went through, as `referralId@version` (to the shelters) or `accepted:referralId` (to the network). */
const delivered: string[] = [];

const startRelay = () => startCountingRelay(network, delivered);
const withDatabase = (name: SubgraphName, run: (sql: Sql) => Promise<void>) => withRelayDatabase(network, name, run);

const gql = dataThrough(() => network);

interface Parked {
  id: string;
  referralId: string | null;
  state: string;
  code: string | null;
  reason: string | null;
  waitingBehind: string | null;
  refusals: number;
  toStatus: string;
  version: number;
  resolvedByMemberId: string | null;
  discardReason: string | null;
}
const PARKED = `query($states: [ParkedDeliveryState!]) { parkedReferralDeliveries(states: $states, first: 100) { totalCount edges { node { id referralId state code reason waitingBehind refusals toStatus version resolvedByMemberId discardReason } } } }`;
const parked = async (as: RequestOptions, states?: string[]) =>
  (await gql<{ parkedReferralDeliveries: { totalCount: number; edges: { node: Parked }[] } }>(PARKED, states ? { states } : {}, as)).parkedReferralDeliveries.edges.map(
    (e) => e.node,
  );

const PROBLEMS = `query($id: ID!) { referral(id: $id) { deliveryProblem { destination state code reason waiting } intakeDeliveryProblem { destination state code reason waiting } } }`;
const problems = async (id: string, as: RequestOptions) =>
  (await gql<{ referral: { deliveryProblem: Record<string, unknown> | null; intakeDeliveryProblem: Record<string, unknown> | null } }>(PROBLEMS, { id }, as)).referral;

const RETRY = `mutation($id: ID!) { retryParkedReferralDelivery(id: $id) { id state } }`;
const DISCARD = `mutation($id: ID!, $reason: String!) { discardParkedReferralDelivery(id: $id, reason: $reason) { id state referralId discardReason resolvedByMemberId } }`;

/** A referral the submission checks would refuse, written as the network writes one (status, version and SENT event). */
async function insertPoison(sql: Sql, serviceId: string): Promise<string> {
  const id = randomUUID();
  await sql(
    `INSERT INTO referral (id, idempotency_key, request_hash, survivor_id, sender_organization_id, sender_member_id, receiver_organization_id, service_kind, service_id, purpose, categories, urgency)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'SHELTER_PROGRAM', $8, 'SERVICE_REFERRAL', '{IDENTITY}', 'IMMEDIATE')`,
    [id, randomUUID(), "0".repeat(64), DEMO_SURVIVORS.cedar, DEMO_ORGS.fictionalLegalAid, DEMO_MEMBERS.legalAidCaseworker, DEMO_ORGS.harborLight, serviceId],
  );
  await sql(`INSERT INTO referral_event (id, referral_id, to_status, version, actor_member_id, actor_organization_id, organization_ids) VALUES ($1, $2, 'SENT', 1, $3, $4, $5)`, [
    randomUUID(),
    id,
    DEMO_MEMBERS.legalAidCaseworker,
    DEMO_ORGS.fictionalLegalAid,
    [DEMO_ORGS.fictionalLegalAid, DEMO_ORGS.harborLight],
  ]);
  return id;
}

/** A programme that does not exist yet: the second poison's cause, which an operator mends later. */
const MISSING_PROGRAMME = randomUUID();
let poison: string;
let mendable: string;
const good: string[] = [];
const goodToHarbor: string[] = [];
const senderOf = new Map<string, RequestOptions>();

beforeAll(async () => {
  network = await startTestNetwork({ persistent: ["network", "shelters"], workers: { relayEnabled: false } });
  // Three senders and receivers: Fictional Legal Aid's survivor Cedar to Harbor Light and to Northstar, Harbor Light's survivor Aster to Northstar.
  await recordConsent(network, { survivorId: DEMO_SURVIVORS.cedar, granteeOrganizationId: DEMO_ORGS.harborLight, categories: ["IDENTITY"] }, legalCaseworker);
  await recordConsent(network, { survivorId: DEMO_SURVIVORS.cedar, granteeOrganizationId: DEMO_ORGS.northstar, categories: ["IDENTITY"] }, legalCaseworker);
  await recordConsent(network, { survivorId: DEMO_SURVIVORS.aster, granteeOrganizationId: DEMO_ORGS.northstar, categories: ["IDENTITY"] }, harborCaseworker);
  for (const from of [DEMO_ORGS.fictionalLegalAid, DEMO_ORGS.harborLight]) {
    await establishAgreement(network, { from, to: DEMO_ORGS.northstar, categories: ["IDENTITY"], purposes: ["SERVICE_REFERRAL"] });
  }
  relay = startRelay();
  await relay.runOnce();
  delivered.length = 0;
}, 120_000);

afterAll(async () => {
  await relay?.stop();
  await network?.stop();
});

describe(`a poison referral among good ones (${databaseMode})`, () => {
  it("delivers every good referral of every organisation, and parks the poison and its later step with the shelter's reason", async () => {
    // Ahead of everything: the poison (another organisation's programme) and one whose programme is missing.
    await withDatabase("network", async (sql) => {
      poison = await insertPoison(sql, DEMO_SERVICES.northstarFamily);
      mendable = await insertPoison(sql, MISSING_PROGRAMME);
    });
    const toHarbor = () => shelterReferralInput();
    const toNorthstar = () => shelterReferralInput({ receiverOrganizationId: DEMO_ORGS.northstar, serviceId: DEMO_SERVICES.northstarFamily });
    const asterToNorthstar = () =>
      shelterReferralInput({ survivorId: DEMO_SURVIVORS.aster, receiverOrganizationId: DEMO_ORGS.northstar, serviceId: DEMO_SERVICES.northstarFamily });
    const send = async (input: Record<string, unknown>, as: RequestOptions) => {
      const { id } = await submitReferral(network, input, as);
      good.push(id);
      senderOf.set(id, as);
      return id;
    };
    for (let i = 0; i < 4; i++) {
      goodToHarbor.push(await send(toHarbor(), legalCaseworker));
      await send(toNorthstar(), legalCaseworker);
      await send(asterToNorthstar(), harborCaseworker);
    }
    // The poison's sender withdraws it: a later step of the same referral, behind the first.
    await gql(
      `mutation($id: ID!) { withdrawReferral(id: $id, expectedVersion: 1, reason: "Invented (demo): sent to the wrong programme") { id } }`,
      { id: poison },
      legalCaseworker,
    );

    await relay.runOnce();
    expect(await relay.runOnce()).toBe(0);
    expect([...delivered].sort()).toEqual(good.map((id) => `${id}@1`).sort());
    // Each reached its shelter: the shelter's copy marks whether it arrived at capacity (null until it has one).
    for (const id of good) {
      const { referral } = await gql<{ referral: { receivedAtCapacity: boolean | null } }>(
        `query($id: ID!) { referral(id: $id) { receivedAtCapacity } }`,
        { id },
        senderOf.get(id)!,
      );
      expect(referral.receivedAtCapacity).not.toBeNull();
    }

    // Parked, with the shelter's own words, and the withdrawal waiting behind it.
    const items = await parked({ as: "harbor-admin" });
    const first = items.find((p) => p.referralId === poison && p.version === 1)!;
    expect(first).toMatchObject({ state: "PARKED", code: "BAD_USER_INPUT", toStatus: "SENT", refusals: 1 });
    expect(first.reason).toContain("no shelter programme of the receiving organisation");
    expect(items.find((p) => p.referralId === poison && p.version === 2)).toMatchObject({ state: "WAITING", toStatus: "WITHDRAWN", code: null, waitingBehind: first.id });
    expect(items.find((p) => p.referralId === mendable)).toMatchObject({ state: "PARKED", code: "BAD_USER_INPUT" });
    expect(items).toHaveLength(3);

    // Both parties see it on the referral.
    for (const who of [legalCaseworker, harborCaseworker]) {
      expect((await problems(poison, who)).deliveryProblem).toMatchObject({ destination: "shelters", state: "PARKED", code: "BAD_USER_INPUT", waiting: 1 });
    }
    expect((await problems(good[0]!, legalCaseworker)).deliveryProblem).toBeNull();
    // The sender's admin sees the same items; an organisation that is no party sees none; the steward sees them without whose they are.
    expect((await parked({ as: "legal-admin" })).map((p) => p.id).sort()).toEqual(items.map((p) => p.id).sort());
    expect(await parked({ as: "northstar-admin" })).toEqual([]);
    const stewards = await parked({ as: "steward" });
    expect(stewards.map((p) => p.id).sort()).toEqual(items.map((p) => p.id).sort());
    expect(stewards.every((p) => p.referralId === null)).toBe(true);
  }, 60_000);

  it("delivers nothing twice and loses nothing across a restart of the relay; what comes after flows as before", async () => {
    const before = [...delivered];
    const parkedBefore = await parked({ as: "steward" });
    await relay.stop();
    relay = startRelay();
    expect(await relay.runOnce()).toBe(0);
    expect(delivered).toEqual(before);
    // Still parked as it was: the restart tried none of them again.
    expect(await parked({ as: "steward" })).toEqual(parkedBefore);
    const later = [(await submitReferral(network, shelterReferralInput(), legalCaseworker)).id, (await submitReferral(network, shelterReferralInput(), legalCaseworker)).id];
    await relay.runOnce();
    expect(delivered.slice(before.length)).toEqual(later.map((id) => `${id}@1`));
    expect(new Set(delivered).size).toBe(delivered.length);
  });

  it("an admin's retry sends a parked step back in line: delivered once its cause is mended, parked again if not", async () => {
    // An operator mends the second poison's cause: the missing programme is Harbor Light's after all.
    // (And, for the next test, a message the network will refuse lands in the shelters' outbox.)
    await withDatabase("shelters", async (sql) => {
      await sql(
        `INSERT INTO shelter_program (id, organization_id, name, beds_available, beds_total, city, region, country) VALUES ($1, $2, 'Invented restored programme (demo)', 2, 2, 'Demo City', 'Demo Region', 'US')`,
        [MISSING_PROGRAMME, DEMO_ORGS.harborLight],
      );
      await sql(`INSERT INTO outbox_message (kind, referral_id, payload) VALUES ('INTAKE_ACCEPTED', $1, $2)`, [
        goodToHarbor[0],
        JSON.stringify({
          referralId: goodToHarbor[0],
          intakeId: randomUUID(),
          expectedVersion: 0,
          acceptedByMemberId: DEMO_MEMBERS.harborCaseworker,
          organizationId: DEMO_ORGS.harborLight,
        }),
      ]);
    });
    const items = await parked({ as: "harbor-admin" });
    const mended = items.find((p) => p.referralId === mendable)!;
    expect((await gql<{ retryParkedReferralDelivery: { state: string } }>(RETRY, { id: mended.id }, { as: "harbor-admin" })).retryParkedReferralDelivery.state).toBe("QUEUED");
    expect((await problems(mendable, legalCaseworker)).deliveryProblem).toMatchObject({ state: "QUEUED" });
    const first = items.find((p) => p.referralId === poison && p.version === 1)!;
    await gql(RETRY, { id: first.id }, { as: "legal-admin" });
    const mark = delivered.length;
    await relay.runOnce();
    expect(delivered.slice(mark).filter((d) => !d.startsWith("accepted:"))).toEqual([`${mendable}@1`]);
    expect((await problems(mendable, legalCaseworker)).deliveryProblem).toBeNull();
    expect((await parked({ as: "harbor-admin" }, ["DELIVERED"])).map((p) => p.id)).toEqual([mended.id]);
    // The poison is refused again, and its withdrawal still waits behind it.
    const again = await parked({ as: "harbor-admin" });
    expect(again.find((p) => p.id === first.id)).toMatchObject({ state: "PARKED", refusals: 2 });
    const second = again.find((p) => p.referralId === poison && p.version === 2)!;
    expect(second).toMatchObject({ state: "WAITING", waitingBehind: first.id });
    // Only a parked step can be retried; only a party's admin or the steward may.
    const refused = await network.query(RETRY, { id: second.id }, { as: "harbor-admin" });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
    const stranger = await network.query(RETRY, { id: first.id }, { as: "northstar-admin" });
    expect(stranger.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const caseworker = await network.query(RETRY, { id: first.id }, harborCaseworker);
    expect(caseworker.status).toBe(403);
  });

  it("a discard is recorded with who and why, and what waited behind the step goes on; a step that ends the referral is never discarded, only retried once mended", async () => {
    const items = await parked({ as: "legal-admin" });
    const first = items.find((p) => p.referralId === poison && p.version === 1)!;
    const noReason = await network.query(DISCARD, { id: first.id, reason: " " }, { as: "legal-admin" });
    expect(noReason.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const discarded = await gql<{ discardParkedReferralDelivery: Record<string, unknown> }>(
      DISCARD,
      { id: first.id, reason: "Invented (demo): sent to the wrong programme; resent correctly" },
      { as: "legal-admin" },
    );
    expect(discarded.discardParkedReferralDelivery).toMatchObject({
      state: "DISCARDED",
      referralId: poison,
      discardReason: "Invented (demo): sent to the wrong programme; resent correctly",
      resolvedByMemberId: DEMO_MEMBERS.legalAidAdmin,
    });
    // The withdrawal behind it is back in line; the shelter refuses it too (the same programme), so it is parked in turn.
    await relay.runOnce();
    const second = (await parked({ as: "steward" })).find((p) => p.toStatus === "WITHDRAWN")!;
    expect(second).toMatchObject({ state: "PARKED", code: "BAD_USER_INPUT", referralId: null, waitingBehind: null });
    // It ends the referral, so it is what would free a place at the shelter: not to be discarded, by anyone.
    const bySteward = await network.query(DISCARD, { id: second.id, reason: "Invented (demo): the referral was withdrawn" }, { as: "steward" });
    expect(bySteward.body.errors?.[0]).toMatchObject({
      message: "This step ends the referral (WITHDRAWN) and frees the survivor's place at the shelter, so it cannot be discarded: retry it once the cause is mended",
      extensions: { code: "INVALID_TRANSITION" },
    });
    expect((await parked({ as: "steward" })).find((p) => p.id === second.id)).toMatchObject({ state: "PARKED" });
    // An operator mends the cause (the referral names Harbor Light's programme after all), and the steward retries it: delivered once.
    await withDatabase("network", async (sql) => {
      await sql(`UPDATE referral SET service_id = $1 WHERE id = $2`, [DEMO_SERVICES.harborEmergency, poison]);
    });
    await gql(RETRY, { id: second.id }, { as: "steward" });
    await relay.runOnce();
    expect(delivered.filter((d) => d.startsWith(`${poison}@`))).toEqual([`${poison}@2`]);
    expect((await problems(poison, harborCaseworker)).deliveryProblem).toBeNull();
    expect(await parked({ as: "harbor-admin" })).toEqual([]);
    // Nothing lost silently: the discarded step is kept with its reason, the withdrawal as delivered.
    expect((await parked({ as: "harbor-admin" }, ["DISCARDED"])).map((p) => [p.version, p.discardReason])).toEqual([
      [1, "Invented (demo): sent to the wrong programme; resent correctly"],
    ]);
    expect((await parked({ as: "harbor-admin" }, ["DELIVERED"])).filter((p) => p.referralId === poison).map((p) => p.version)).toEqual([2]);
  });

  it("a shelter's acceptance the network refuses for good is parked in the shelters' outbox; the other acceptances go on", async () => {
    const [held, other] = goodToHarbor as [string, string];
    const PARKED_INTAKE = `{ parkedIntakeMessages(first: 10) { edges { node { id referralId kind state code reason waitingBehind } } } }`;
    const accept = (referralId: string) => gql(`mutation($id: ID!) { acceptReferralIntake(referralId: $id, expectedVersion: 1) { status } }`, { id: referralId }, harborCaseworker);
    // The earlier test put a message the network refuses (expectedVersion 0) ahead of this acceptance of the same referral.
    await accept(held);
    await accept(other);
    await relay.runOnce();
    const status = async (id: string) => (await gql<{ referral: { status: string } }>(`query($id: ID!) { referral(id: $id) { status } }`, { id }, legalCaseworker)).referral.status;
    expect(await status(other)).toBe("ACCEPTED");
    expect(await status(held)).toBe("SENT");
    const items = (await gql<{ parkedIntakeMessages: { edges: { node: Record<string, unknown> }[] } }>(PARKED_INTAKE, {}, { as: "harbor-admin" })).parkedIntakeMessages.edges.map(
      (e) => e.node,
    );
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ referralId: held, kind: "INTAKE_ACCEPTED", state: "PARKED", code: "BAD_USER_INPUT" });
    expect(items[0]!.reason).toContain("expectedVersion");
    expect(items[1]).toMatchObject({ referralId: held, state: "WAITING", waitingBehind: items[0]!.id });
    for (const who of [legalCaseworker, harborCaseworker]) {
      expect((await problems(held, who)).intakeDeliveryProblem).toMatchObject({ destination: "network", state: "PARKED", code: "BAD_USER_INPUT", waiting: 1 });
    }
    // The other shelter's admin sees nothing of it.
    expect((await gql<{ parkedIntakeMessages: { edges: unknown[] } }>(PARKED_INTAKE, {}, { as: "northstar-admin" })).parkedIntakeMessages.edges).toEqual([]);
    const discarded = await gql<{ discardParkedIntakeMessage: Record<string, unknown> }>(
      `mutation($id: ID!, $reason: String!) { discardParkedIntakeMessage(id: $id, reason: $reason) { state discardReason } }`,
      { id: items[0]!.id, reason: "Invented (demo): a stray message, not this shelter's acceptance" },
      { as: "harbor-admin" },
    );
    expect(discarded.discardParkedIntakeMessage).toEqual({ state: "DISCARDED", discardReason: "Invented (demo): a stray message, not this shelter's acceptance" });
    // The stray named no intake of this referral: discarding it released nothing, and the real acceptance waited behind it and now goes on, its bed kept.
    await relay.runOnce();
    expect(await status(held)).toBe("ACCEPTED");
    const intake = await gql<{ referral: { shelterIntake: { status: string; bed: { id: string } | null } } }>(
      `query($id: ID!) { referral(id: $id) { shelterIntake { status bed { id } } } }`,
      { id: held },
      harborCaseworker,
    );
    expect(intake.referral.shelterIntake).toMatchObject({ status: "CONFIRMED", bed: { id: anyOf(String) } });
    expect((await problems(held, legalCaseworker)).intakeDeliveryProblem).toBeNull();
    expect(delivered.filter((d) => d === `accepted:${held}`)).toHaveLength(1);
  });
});
