/**
 * A message that keeps failing for a reason nobody recognised holds back only its own referral, and
 * is parked once that is proven to be its own fault (docs/design.md, "Referrals across two
 * databases"). The fault is a real one, in the destination's own database: a trigger that makes the
 * destination's write fail for the named referrals (a bug that only their content meets), or for
 * every referral (an outage that answers INTERNAL_SERVER_ERROR rather than not answering).
 *
 * - one referral's copy fails at the shelters: every other referral, older and newer, reaches the
 *   shelter; the failing step is kept aside (QUEUED, with its code, shown to both parties) and
 *   tried again after a wait; after the third failure in a row, with the shelter taking others
 *   meanwhile, it is parked as REPEATED_FAILURE naming the last code; mended and retried, it and
 *   the step that waited behind it arrive once each;
 * - the same with every referral failing: nothing is parked, however many tries, and all arrive
 *   once the fault is gone;
 * - one shelter acceptance fails at the network: the other acceptance goes through, the failing
 *   one is parked in the shelters' outbox as REPEATED_FAILURE; discarded, it gives its place back at
 *   once (the network never learnt of it), and the other acceptance keeps its bed;
 * - one acceptance the network takes, but whose confirmation keeps failing at the shelters: never
 *   parked (a discard would free a bed the network has accepted), retried until it is recorded.
 *
 * The relay is the workers' own code, run by the test (`test/support/relay.ts`), parking after 3
 * failures in a row.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxRelay } from "../../workers/relay/outboxRelay.js";
import { REPEATED_FAILURE } from "../../workers/relay/repeatedFailures.js";
import { DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { databaseMode } from "../support/databases.js";
import { recordConsent, shelterReferralInput, submitReferral } from "../support/fixtures.js";
import { startTestNetwork, type RequestOptions, type TestNetwork } from "../support/network.js";
import { dataThrough, shelterPlaces, startCountingRelay, withDatabase, type Sql } from "../support/relay.js";
import { anyOf } from "../support/matchers.js";

const PARK_AFTER = 3;
const legalCaseworker = { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const harborCaseworker = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;

let network: TestNetwork;
let relay: OutboxRelay;
const delivered: string[] = [];

/**
 * An invented fault in a subgraph's database: writes to `table` fail, as a bug would, for the
 * referrals listed in `invented_fault` (column `column` of the row), or for every referral while it
 * holds a row without one.
 */
async function installFault(sql: Sql, table: string, column: string, fault = "invented_fault"): Promise<void> {
  await sql(`CREATE TABLE ${fault} (referral_id uuid)`);
  await sql(`CREATE FUNCTION ${fault}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM ${fault} WHERE referral_id IS NULL OR referral_id = NEW.${column}) THEN
        RAISE EXCEPTION 'invented fault (test): this write always fails';
      END IF;
      RETURN NEW;
    END $$`);
  await sql(`CREATE TRIGGER ${fault} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fault}()`);
}

/** One pass of the relay, then a wait longer than a failing message's (the relay's `maxBackoffMs`, 100 ms). */
async function pass(): Promise<number> {
  const moved = await relay.runOnce();
  await sleep(150);
  return moved;
}

const gql = dataThrough(() => network);

interface Held {
  id: string;
  referralId: string | null;
  state: string;
  code: string | null;
  reason: string | null;
  waitingBehind: string | null;
  version: number;
}
const held = async (states: string[]) =>
  (
    await gql<{ parkedReferralDeliveries: { edges: { node: Held }[] } }>(
      `query($states: [ParkedDeliveryState!]) { parkedReferralDeliveries(states: $states, first: 100) { edges { node { id referralId state code reason waitingBehind version } } } }`,
      { states },
      { as: "harbor-admin" },
    )
  ).parkedReferralDeliveries.edges.map((e) => e.node);

const PROBLEMS = `query($id: ID!) { referral(id: $id) { status deliveryProblem { state code waiting } intakeDeliveryProblem { state code waiting } } }`;
type Problems = { status: string; deliveryProblem: Record<string, unknown> | null; intakeDeliveryProblem: Record<string, unknown> | null };
const problems = async (id: string, as: RequestOptions = legalCaseworker) => (await gql<{ referral: Problems }>(PROBLEMS, { id }, as)).referral;

const { available, intakeOf } = shelterPlaces(gql);

const submit = async () => (await submitReferral(network, shelterReferralInput(), legalCaseworker)).id;

beforeAll(async () => {
  network = await startTestNetwork({ persistent: ["network", "shelters"], workers: { relayEnabled: false } });
  await recordConsent(network, { survivorId: DEMO_SURVIVORS.cedar, granteeOrganizationId: DEMO_ORGS.harborLight, categories: ["IDENTITY"] }, legalCaseworker);
  await withDatabase(network, "shelters", async (sql) => {
    await installFault(sql, "referral_copy", "referral_id");
    await installFault(sql, "shelter_intake", "referral_id", "invented_confirm_fault");
  });
  await withDatabase(network, "network", (sql) => installFault(sql, "referral", "id"));
  relay = startCountingRelay(network, delivered, { parkAfterFailures: PARK_AFTER });
  await relay.runOnce();
  delivered.length = 0;
}, 180_000);

afterAll(async () => {
  await relay?.stop();
  await network?.stop();
});

/** Referrals whose copy reached the shelter, to accept in the last test. */
const arrived: string[] = [];

describe(`a message that keeps failing (${databaseMode})`, () => {
  it("holds back only its own referral, is kept aside and shown while retried, and is parked as REPEATED_FAILURE once the shelter has taken others meanwhile", async () => {
    const older = await submit();
    const buggy = await submit();
    await withDatabase(network, "shelters", async (sql) => {
      await sql(`INSERT INTO invented_fault (referral_id) VALUES ($1)`, [buggy]);
    });
    const newer = [await submit(), await submit()];
    // A later step of the failing referral: it must wait behind the first.
    await gql(`mutation($id: ID!) { withdrawReferral(id: $id, expectedVersion: 1, reason: "Invented (demo): no longer needed") { id } }`, { id: buggy }, legalCaseworker);

    expect(await pass()).toBe(3);
    expect([...delivered].sort()).toEqual([older, ...newer].map((id) => `${id}@1`).sort());
    // Kept aside, in line, with the shelter's code: both parties see it while it is retried.
    const [first] = await held(["QUEUED"]);
    expect(first).toMatchObject({ referralId: buggy, version: 1, state: "QUEUED", code: "INTERNAL_SERVER_ERROR" });
    for (const who of [legalCaseworker, harborCaseworker]) {
      expect((await problems(buggy, who)).deliveryProblem).toMatchObject({ state: "QUEUED", code: "INTERNAL_SERVER_ERROR", waiting: 1 });
    }

    // What comes after flows as before: the channel does not wait for the failing referral.
    const later = await submit();
    expect(await pass()).toBe(1);
    expect(delivered.at(-1)).toBe(`${later}@1`);
    expect(await held(["PARKED"])).toEqual([]);

    // The third failure in a row, the shelter having taken others meanwhile: parked, naming the last code.
    await pass();
    const parked = await held(["PARKED", "WAITING"]);
    expect(parked.map((p) => [p.version, p.state])).toEqual([
      [1, "PARKED"],
      [2, "WAITING"],
    ]);
    expect(parked[0]).toMatchObject({ referralId: buggy, code: REPEATED_FAILURE });
    expect(parked[0]!.reason).toMatch(/^failed 3 times in a row \(last: INTERNAL_SERVER_ERROR\) while [1-9][0-9]* other messages? went through: /);
    // Never survivor data: not the survivor's id, not their pseudonym.
    expect(parked[0]!.reason).not.toContain(DEMO_SURVIVORS.cedar);
    expect(parked[0]!.reason).not.toContain("Cedar");
    expect(parked[1]!.waitingBehind).toBe(parked[0]!.id);
    expect((await problems(buggy)).deliveryProblem).toMatchObject({ state: "PARKED", code: REPEATED_FAILURE, waiting: 1 });
    // Parked, it is tried no more.
    const before = delivered.length;
    await pass();
    await pass();
    expect(delivered.length).toBe(before);
    expect((await held(["PARKED"]))[0]).toMatchObject({ id: parked[0]!.id, state: "PARKED" });

    // Mended, an admin's retry delivers it and the withdrawal behind it, once each, in order.
    await withDatabase(network, "shelters", async (sql) => {
      await sql(`DELETE FROM invented_fault`);
    });
    await gql(`mutation($id: ID!) { retryParkedReferralDelivery(id: $id) { state } }`, { id: parked[0]!.id }, { as: "harbor-admin" });
    await pass();
    expect(delivered.slice(before)).toEqual([`${buggy}@1`, `${buggy}@2`]);
    expect((await problems(buggy)).deliveryProblem).toBeNull();
    expect(new Set(delivered).size).toBe(delivered.length);
    arrived.push(older, ...newer, later);
  }, 120_000);

  it("parks nothing while the shelter fails every referral (an outage that answers INTERNAL_SERVER_ERROR), and delivers them all once it is back", async () => {
    await withDatabase(network, "shelters", async (sql) => {
      await sql(`INSERT INTO invented_fault (referral_id) VALUES (NULL)`);
    });
    const waiting = [await submit(), await submit(), await submit()];
    const before = delivered.length;
    for (let i = 0; i < PARK_AFTER * 3; i++) expect(await pass()).toBe(0);
    expect(delivered.length).toBe(before);
    // Nothing parked, nothing even kept aside: nothing went through that could prove a message at fault.
    expect(await held(["PARKED", "WAITING", "QUEUED"])).toEqual([]);
    for (const id of waiting) expect((await problems(id)).deliveryProblem).toBeNull();

    await withDatabase(network, "shelters", async (sql) => {
      await sql(`DELETE FROM invented_fault`);
    });
    await pass();
    expect([...delivered.slice(before)].sort()).toEqual(waiting.map((id) => `${id}@1`).sort());
    expect(new Set(delivered).size).toBe(delivered.length);
  }, 120_000);

  it("a shelter acceptance that keeps failing at the network is parked in the shelters' outbox as REPEATED_FAILURE; the other acceptance goes through; discarded, it gives its place back at once", async () => {
    const [buggy, other] = arrived as [string, string];
    const free = await available();
    await withDatabase(network, "network", async (sql) => {
      await sql(`INSERT INTO invented_fault (referral_id) VALUES ($1)`, [buggy]);
    });
    const accept = (referralId: string) => gql(`mutation($id: ID!) { acceptReferralIntake(referralId: $id, expectedVersion: 1) { status } }`, { id: referralId }, harborCaseworker);
    await accept(buggy);
    await accept(other);

    await pass();
    expect(delivered).toContain(`accepted:${other}`);
    expect((await problems(other)).status).toBe("ACCEPTED");
    expect(await problems(buggy)).toMatchObject({ status: "SENT", intakeDeliveryProblem: { state: "QUEUED", code: "INTERNAL_SERVER_ERROR", waiting: 0 } });
    for (let i = 1; i < PARK_AFTER; i++) await pass();

    const PARKED_INTAKE = `{ parkedIntakeMessages(first: 10) { edges { node { id referralId state code reason } } } }`;
    const items = (await gql<{ parkedIntakeMessages: { edges: { node: Record<string, string> }[] } }>(PARKED_INTAKE, {}, { as: "harbor-admin" })).parkedIntakeMessages.edges.map(
      (e) => e.node,
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ referralId: buggy, state: "PARKED", code: REPEATED_FAILURE });
    expect(items[0]!.reason).toMatch(/^failed 3 times in a row \(last: INTERNAL_SERVER_ERROR\) while 1 other message went through: /);
    for (const who of [legalCaseworker, harborCaseworker]) {
      expect((await problems(buggy, who)).intakeDeliveryProblem).toMatchObject({ state: "PARKED", code: REPEATED_FAILURE, waiting: 0 });
    }
    expect(delivered.filter((d) => d === `accepted:${buggy}`)).toEqual([]);
    // Both acceptances hold a place until then.
    expect(await available()).toBe(free - 2);
    expect(await intakeOf(buggy)).toMatchObject({ status: "PENDING", bed: { id: anyOf(String) } });

    // The admin gives it up: in the same transaction its intake is released and its place comes back.
    const DISCARD = `mutation($id: ID!, $reason: String!) { discardParkedIntakeMessage(id: $id, reason: $reason) { state discardReason } }`;
    const discarded = await gql<{ discardParkedIntakeMessage: Record<string, string> }>(
      DISCARD,
      { id: items[0]!.id, reason: "Invented (demo): accepted by mistake" },
      { as: "harbor-admin" },
    );
    expect(discarded.discardParkedIntakeMessage).toEqual({ state: "DISCARDED", discardReason: "Invented (demo): accepted by mistake" });
    expect(await available()).toBe(free - 1);
    expect((await intakeOf(buggy))?.status).toBe("RELEASED");
    expect(await problems(buggy)).toMatchObject({ status: "SENT", intakeDeliveryProblem: null });
    // The other acceptance keeps its bed; the network and the shelter agree on both.
    expect(await intakeOf(other)).toMatchObject({ status: "CONFIRMED", bed: { id: anyOf(String) } });
    expect((await problems(other)).status).toBe("ACCEPTED");
    // Once: a second discard changes nothing, and the relay delivers nothing of it.
    const again = await network.query(DISCARD, { id: items[0]!.id, reason: "Invented (demo): again" }, { as: "harbor-admin" });
    expect(again.body.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
    await pass();
    expect(await available()).toBe(free - 1);
    expect(delivered.filter((d) => d === `accepted:${buggy}`)).toEqual([]);
  }, 120_000);

  it("an acceptance the network took but the shelter keeps failing to confirm is retried, never parked, so its bed cannot be freed behind the network's back", async () => {
    const [unconfirmed, other] = arrived.slice(2) as [string, string];
    const accept = (referralId: string) => gql(`mutation($id: ID!) { acceptReferralIntake(referralId: $id, expectedVersion: 1) { status } }`, { id: referralId }, harborCaseworker);
    await accept(unconfirmed);
    await accept(other);
    await withDatabase(network, "shelters", async (sql) => {
      await sql(`INSERT INTO invented_confirm_fault (referral_id) VALUES ($1)`, [unconfirmed]);
    });
    for (let i = 0; i < PARK_AFTER * 2; i++) await pass();
    // The network took it; the other acceptance went through meanwhile, so a failing delivery would have been parked by now.
    expect((await problems(unconfirmed)).status).toBe("ACCEPTED");
    expect((await problems(other)).status).toBe("ACCEPTED");
    expect(await problems(unconfirmed)).toMatchObject({ intakeDeliveryProblem: { state: "QUEUED", code: "INTERNAL_SERVER_ERROR" } });
    const items = (
      await gql<{ parkedIntakeMessages: { edges: { node: { id: string; referralId: string; state: string; reason: string } }[] } }>(
        `{ parkedIntakeMessages(first: 10) { edges { node { id referralId state reason } } } }`,
        {},
        { as: "harbor-admin" },
      )
    ).parkedIntakeMessages.edges.map((e) => e.node);
    expect(items.map((i) => [i.referralId, i.state])).toEqual([[unconfirmed, "QUEUED"]]);
    expect(items[0]!.reason).toContain("the network has the acceptance; recording it here failed");
    // Not parked, so not to be discarded: the bed stays with the referral the network accepted.
    const discard = await network.query(
      `mutation($id: ID!) { discardParkedIntakeMessage(id: $id, reason: "Invented (demo): try") { state } }`,
      { id: items[0]!.id },
      { as: "harbor-admin" },
    );
    expect(discard.body.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
    expect(await intakeOf(unconfirmed)).toMatchObject({ status: "PENDING", bed: { id: anyOf(String) } });

    // Mended, the next try records it: confirmed, once.
    await withDatabase(network, "shelters", async (sql) => {
      await sql(`DELETE FROM invented_confirm_fault`);
    });
    await pass();
    expect(await intakeOf(unconfirmed)).toMatchObject({ status: "CONFIRMED", bed: { id: anyOf(String) } });
    expect((await problems(unconfirmed)).intakeDeliveryProblem).toBeNull();
    expect(delivered.filter((d) => d === `accepted:${unconfirmed}`)).toHaveLength(1);
  }, 120_000);
});
