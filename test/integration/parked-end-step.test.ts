/**
 * A parked step that ends a referral is never given up (docs/design.md, "Referrals across two
 * databases"; README, "When a step cannot be delivered"). It is the step that frees the survivor's
 * place at the shelter: discarded, the shelter would never learn that the referral ended, and its
 * intake would keep the bed while the network says the referral is over. The fault is a real one,
 * in the shelters' own database: a trigger that makes a write fail for the named referrals.
 *
 * - an accepted referral is withdrawn, and releasing its intake keeps failing at the shelter: the
 *   withdrawal is parked as REPEATED_FAILURE; its discard is refused (INVALID_TRANSITION, naming
 *   why) for the shelter's admin, the sender's and the steward, and the bed stays held; mended and
 *   retried, it is delivered once, the intake released and the place given back once;
 * - an accepted referral's start of service keeps failing at the shelter while its completion waits
 *   behind it: the waiting completion cannot be discarded either; the start (which ends nothing) can,
 *   and the completion then arrives and gives the place back once.
 *
 * The relay is the workers' own code, run by the test (`test/support/relay.ts`), parking after 3
 * failures in a row.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxRelay } from "../../workers/relay/outboxRelay.js";
import { REPEATED_FAILURE } from "../../workers/relay/repeatedFailures.js";
import { DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { databaseMode } from "../support/databases.js";
import { recordConsent, shelterReferralInput, submitReferral } from "../support/fixtures.js";
import { startTestNetwork, type RequestOptions, type TestNetwork } from "../support/network.js";
import { dataThrough, shelterPlaces, startCountingRelay, withDatabase, type Sql } from "../support/relay.js";
import { anyOf } from "../support/matchers.js";

const PARK_AFTER = 3;
const legalCaseworker = { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const harborCaseworker = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const ADMINS: RequestOptions[] = [{ as: "harbor-admin" }, { as: "legal-admin" }, { as: "steward" }];

let network: TestNetwork;
let relay: OutboxRelay;
const delivered: string[] = [];

/** An invented fault in the shelters' database: writes to `table` fail, as a bug would, for the referrals listed in the table `fault`. */
async function installFault(sql: Sql, table: string, fault: string): Promise<void> {
  await sql(`CREATE TABLE ${fault} (referral_id uuid)`);
  await sql(`CREATE FUNCTION ${fault}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM ${fault} WHERE referral_id = NEW.referral_id) THEN
        RAISE EXCEPTION 'invented fault (test): this write always fails';
      END IF;
      RETURN NEW;
    END $$`);
  await sql(`CREATE TRIGGER ${fault} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fault}()`);
}
const setFault = (fault: string, referralId: string | null) =>
  withDatabase(network, "shelters", async (sql) => {
    await sql(`DELETE FROM ${fault}`);
    if (referralId) await sql(`INSERT INTO ${fault} (referral_id) VALUES ($1)`, [referralId]);
  });

/** One pass of the relay, then a wait longer than a failing message's (the relay's `maxBackoffMs`, 100 ms). */
async function pass(): Promise<number> {
  const moved = await relay.runOnce();
  await sleep(150);
  return moved;
}

const gql = dataThrough(() => network);
const submit = async () => (await submitReferral(network, shelterReferralInput(), legalCaseworker)).id;

/** Passes of the relay, a new referral reaching the shelter at each (so a failing step is proven its own), until the referral's step is parked. */
async function untilParked(referralId: string): Promise<void> {
  for (let i = 0; i < PARK_AFTER * 3; i++) {
    await submit();
    await pass();
    if ((await held(["PARKED"])).some((p) => p.referralId === referralId)) return;
  }
}

interface Held {
  id: string;
  referralId: string | null;
  state: string;
  code: string | null;
  toStatus: string;
  version: number;
  waitingBehind: string | null;
}
const held = async (states?: string[]) =>
  (
    await gql<{ parkedReferralDeliveries: { edges: { node: Held }[] } }>(
      `query($states: [ParkedDeliveryState!]) { parkedReferralDeliveries(states: $states, first: 100) { edges { node { id referralId state code toStatus version waitingBehind } } } }`,
      states ? { states } : {},
      { as: "harbor-admin" },
    )
  ).parkedReferralDeliveries.edges.map((e) => e.node);

const RETRY = `mutation($id: ID!) { retryParkedReferralDelivery(id: $id) { state } }`;
const DISCARD = `mutation($id: ID!, $reason: String!) { discardParkedReferralDelivery(id: $id, reason: $reason) { state discardReason } }`;
const endStepRefused = (toStatus: string) =>
  `This step ends the referral (${toStatus}) and frees the survivor's place at the shelter, so it cannot be discarded: retry it once the cause is mended`;

/** Every admin who may discard the item is refused, with the code and the reason; nothing changes. */
async function expectDiscardRefused(id: string, toStatus: string): Promise<void> {
  for (const as of ADMINS) {
    const response = await network.query(DISCARD, { id, reason: "Invented (demo): give it up" }, as);
    expect(response.body.data).toBeNull();
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors?.[0]).toMatchObject({
      message: endStepRefused(toStatus),
      path: ["discardParkedReferralDelivery"],
      extensions: { code: ERROR_CODES.INVALID_TRANSITION },
    });
  }
}

const { available, intakeOf } = shelterPlaces(gql);
const referralOf = async (id: string) =>
  (
    await gql<{ referral: { status: string; version: number; deliveryProblem: Record<string, unknown> | null } }>(
      `query($id: ID!) { referral(id: $id) { status version deliveryProblem { state code waiting } } }`,
      { id },
      legalCaseworker,
    )
  ).referral;

/** Referrals accepted by the shelter, each holding a confirmed intake with a bed. */
let withdrawn: string;
let completed: string;

beforeAll(async () => {
  network = await startTestNetwork({ persistent: ["network", "shelters"], workers: { relayEnabled: false } });
  await recordConsent(network, { survivorId: DEMO_SURVIVORS.cedar, granteeOrganizationId: DEMO_ORGS.harborLight, categories: ["IDENTITY"] }, legalCaseworker);
  await withDatabase(network, "shelters", async (sql) => {
    await installFault(sql, "shelter_intake", "invented_release_fault");
    await installFault(sql, "referral_copy", "invented_copy_fault");
  });
  relay = startCountingRelay(network, delivered, { parkAfterFailures: PARK_AFTER });
  withdrawn = await submit();
  completed = await submit();
  await pass();
  for (const id of [withdrawn, completed]) {
    await gql(`mutation($id: ID!) { acceptReferralIntake(referralId: $id, expectedVersion: 1) { status } }`, { id }, harborCaseworker);
  }
  await pass();
  await pass();
  for (const id of [withdrawn, completed]) {
    expect((await referralOf(id)).status).toBe("ACCEPTED");
    expect(await intakeOf(id)).toMatchObject({ status: "CONFIRMED", bed: { id: anyOf(String) } });
  }
}, 180_000);

afterAll(async () => {
  await relay?.stop();
  await network?.stop();
});

describe(`a parked step that ends a referral (${databaseMode})`, () => {
  it("cannot be discarded, parked: the bed stays held; mended and retried, it is delivered once and gives the place back once", async () => {
    const free = await available();
    await setFault("invented_release_fault", withdrawn);
    await gql(
      `mutation($id: ID!) { withdrawReferral(id: $id, expectedVersion: 2, reason: "Invented (demo): the survivor found a place nearer family") { id } }`,
      { id: withdrawn },
      legalCaseworker,
    );
    await untilParked(withdrawn);
    const [item, ...others] = (await held()).filter((p) => p.referralId === withdrawn);
    expect(others).toEqual([]);
    expect(item).toMatchObject({ state: "PARKED", code: REPEATED_FAILURE, toStatus: "WITHDRAWN", version: 3 });
    expect(await referralOf(withdrawn)).toMatchObject({ status: "WITHDRAWN", deliveryProblem: { state: "PARKED", code: REPEATED_FAILURE, waiting: 0 } });
    expect(await intakeOf(withdrawn)).toMatchObject({ status: "CONFIRMED", bed: { id: anyOf(String) } });

    // No admin may give it up: it would leave the bed held for a referral the network has ended.
    await expectDiscardRefused(item!.id, "WITHDRAWN");
    expect((await held()).find((p) => p.id === item!.id)).toMatchObject({ state: "PARKED" });
    expect(await held(["DISCARDED"])).toEqual([]);
    await pass();
    expect(await intakeOf(withdrawn)).toMatchObject({ status: "CONFIRMED", bed: { id: anyOf(String) } });
    expect(await available()).toBe(free);

    // Mended, then retried: delivered once, the intake released, the place given back once.
    await setFault("invented_release_fault", null);
    expect((await gql<{ retryParkedReferralDelivery: { state: string } }>(RETRY, { id: item!.id }, { as: "harbor-admin" })).retryParkedReferralDelivery.state).toBe("QUEUED");
    await pass();
    expect(delivered.filter((d) => d === `${withdrawn}@3`)).toHaveLength(1);
    expect((await intakeOf(withdrawn))?.status).toBe("RELEASED");
    expect((await referralOf(withdrawn)).deliveryProblem).toBeNull();
    expect(await available()).toBe(free + 1);
    await pass();
    expect(await available()).toBe(free + 1);
    expect(delivered.filter((d) => d === `${withdrawn}@3`)).toHaveLength(1);
    // Delivered, it is settled: neither retried nor discarded again (the state says why, first).
    for (const mutation of [RETRY, DISCARD]) {
      const again = await network.query(mutation, { id: item!.id, reason: "Invented (demo): again" }, { as: "harbor-admin" });
      expect(again.body.errors?.[0]).toMatchObject({ extensions: { code: ERROR_CODES.INVALID_TRANSITION } });
      expect(again.body.errors?.[0]?.message).toMatch(/this one is DELIVERED$/);
    }
  }, 180_000);

  it("cannot be discarded while it waits behind a parked step either; the step ahead, which ends nothing, can, and the end step then gives the place back once", async () => {
    const free = await available();
    await setFault("invented_copy_fault", completed);
    await gql(`mutation($id: ID!) { startReferralService(id: $id, expectedVersion: 2) { id } }`, { id: completed }, harborCaseworker);
    await gql(
      `mutation($id: ID!) { completeReferral(id: $id, expectedVersion: 3, outcome: "Invented (demo): moved on to transitional housing") { id } }`,
      { id: completed },
      harborCaseworker,
    );
    await untilParked(completed);
    const items = (await held()).filter((p) => p.referralId === completed);
    expect(items.map((p) => [p.toStatus, p.state])).toEqual([
      ["IN_SERVICE", "PARKED"],
      ["COMPLETED", "WAITING"],
    ]);
    const [started, completion] = items as [Held, Held];
    expect(started.code).toBe(REPEATED_FAILURE);
    expect(completion.waitingBehind).toBe(started.id);

    await expectDiscardRefused(completion.id, "COMPLETED");
    expect((await held()).find((p) => p.id === completion.id)).toMatchObject({ state: "WAITING", waitingBehind: started.id });
    expect(await intakeOf(completed)).toMatchObject({ status: "CONFIRMED", bed: { id: anyOf(String) } });
    expect(await available()).toBe(free);

    // Mended; the start of service is given up (the completion behind it carries the referral's status on), and the completion goes on.
    await setFault("invented_copy_fault", null);
    const discarded = await gql<{ discardParkedReferralDelivery: Record<string, string> }>(
      DISCARD,
      { id: started.id, reason: "Invented (demo): superseded by the completion" },
      { as: "harbor-admin" },
    );
    expect(discarded.discardParkedReferralDelivery).toEqual({ state: "DISCARDED", discardReason: "Invented (demo): superseded by the completion" });
    await pass();
    expect(delivered.filter((d) => d.startsWith(`${completed}@`))).toEqual([`${completed}@1`, `${completed}@2`, `${completed}@4`]);
    expect((await intakeOf(completed))?.status).toBe("RELEASED");
    expect(await referralOf(completed)).toMatchObject({ status: "COMPLETED", deliveryProblem: null });
    expect(await available()).toBe(free + 1);
    await pass();
    expect(await available()).toBe(free + 1);
  }, 180_000);
});
