/**
 * One bed, one person: many caseworkers claim a shelter programme's last place at once,
 * through several gateway replicas and as many workers replicas, each running its own relay between the shelters database (where
 * the place lives) and the network's (where the referral's status lives). Repeated round after
 * round, and counted: exactly one claim wins the place; every referral the network records as
 * ACCEPTED holds a live intake with a bed, and every live intake belongs to an ACCEPTED referral;
 * a claim repeated (a double click, a retry on another replica) makes no second intake and no second
 * acceptance. Before the fix, with four relays, nine accepted referrals in ten lost their bed: two
 * relays delivered one acceptance at once, and the network answered one of them "refused".
 *
 * The race is real on PostgreSQL (TEST_DATABASE_URL), where each request has its own connection;
 * the embedded database runs one transaction at a time, so there the test checks the counting only.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_ORGS, DEMO_SERVICES, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { databaseMode } from "../support/databases.js";
import { shelterReferralInput, submitReferral } from "../support/fixtures.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";
import { roundsFor } from "../support/rounds.js";
import { anyOf } from "../support/matchers.js";

/** Gateway replicas, and workers replicas each with its relay, all on the same subgraphs and databases. */
const REPLICAS = 4;
/** Referrals that compete for the one free place in each round; each is claimed several times at once, on different replicas. */
const COMPETITORS = 10;
const CLAIMS_PER_REFERRAL = 3;
/** More on PostgreSQL, where the race is, and many more under `npm run test:long`; a few on the embedded database, which takes one transaction at a time. */
const ROUNDS = roundsFor({ embedded: 1, postgres: 4, long: 20 });

// Fictional Legal Aid refers its survivor Cedar to Harbor Light's emergency beds.
const sender = { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const shelter = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const program = DEMO_SERVICES.harborEmergency;
const LIVE = ["PENDING", "CONFIRMED"];

let network: TestNetwork;
let replicas: Pick<TestNetwork, "query">[];

beforeAll(async () => {
  const unlimited = { memberPerMinute: 1_000_000, clientPerMinute: 1_000_000, addressPerMinute: 1_000_000 };
  network = await startTestNetwork({ gateway: { rateLimits: unlimited }, workers: { relayIntervalMs: 100 } });
  replicas = [network];
  for (let i = 1; i < REPLICAS; i++) {
    replicas.push(await network.startAnotherGateway());
    await network.startAnotherWorkers();
  }
  const consent = await network.query(
    `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
    {
      input: {
        survivorId: DEMO_SURVIVORS.cedar,
        granteeOrganizationId: DEMO_ORGS.harborLight,
        categories: ["IDENTITY"],
        purposes: ["SERVICE_REFERRAL"],
        method: "WRITTEN",
        language: "en",
      },
    },
    sender,
  );
  expect(consent.body).toMatchObject({ data: { recordConsent: { id: anyOf(String) } } });
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

const replica = (i: number) => replicas[i % replicas.length]!;

async function refer(via: number): Promise<string> {
  return (await submitReferral(replica(via), shelterReferralInput(), sender)).id;
}

interface Seen {
  status: string;
  version: number;
  shelterIntake: { id: string; status: string; bed: { id: string } | null } | null;
  events: { toStatus: string }[];
}

async function seen(id: string): Promise<Seen> {
  const response = await network.query<{ referral: Seen }>(
    `query($id: ID!) { referral(id: $id) { status version shelterIntake { id status bed { id } } events { toStatus } } }`,
    { id },
    shelter,
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.referral;
}

async function available(): Promise<number> {
  const response = await network.query<{ shelterProgram: { serviceCapacity: { available: number } } }>(
    `query($id: ID!) { shelterProgram(id: $id) { serviceCapacity { available } } }`,
    { id: program },
    shelter,
  );
  return response.body.data!.shelterProgram.serviceCapacity.available;
}

/** Until the relays have brought the shelter a copy of every one of these referrals. */
async function untilShelterKnows(referralIds: string[]): Promise<void> {
  let unknown = referralIds;
  await vi.waitFor(
    async () => {
      const marks = await Promise.all(
        unknown.map(
          async (id) =>
            (await network.query<{ referral: { receivedAtCapacity: boolean | null } }>(`query($id: ID!) { referral(id: $id) { receivedAtCapacity } }`, { id }, shelter)).body.data
              ?.referral.receivedAtCapacity,
        ),
      );
      unknown = unknown.filter((_, i) => marks[i] == null);
      expect(unknown).toEqual([]);
    },
    { timeout: 10_000, interval: 100 },
  );
}

function claim(via: number, referralId: string) {
  return replica(via).query<{ acceptReferralIntake: { id: string; status: string } }>(
    `mutation($referralId: ID!) { acceptReferralIntake(referralId: $referralId, expectedVersion: 1) { id status } }`,
    { referralId },
    shelter,
  );
}

/** Takes places (one referral each, accepted and settled) until `free` are left. */
async function fillUntil(free: number): Promise<string[]> {
  const taken: string[] = [];
  while ((await available()) > free) {
    const id = await refer(0);
    await untilShelterKnows([id]);
    expect((await claim(0, id)).body.errors).toBeUndefined();
    await vi.waitFor(async () => expect((await seen(id)).shelterIntake?.status).toBe("CONFIRMED"), { timeout: 10_000 });
    taken.push(id);
  }
  return taken;
}

describe(`the last place of a shelter, claimed at once across ${REPLICAS} gateways and relays (${databaseMode})`, () => {
  it(
    `${ROUNDS} rounds of ${COMPETITORS * CLAIMS_PER_REFERRAL} concurrent claims: one winner each, no acceptance without a bed, nothing duplicated`,
    async () => {
      await fillUntil(1);
      const tally = { claims: 0, won: 0, refused: 0, repeats: 0 };

      for (let round = 0; round < ROUNDS; round++) {
        const where = `round ${round}`;
        expect(await available(), where).toBe(1);
        const referrals = await Promise.all(Array.from({ length: COMPETITORS }, (_, i) => refer(i)));
        // Every competitor's copy has reached the shelter (by the relays) before the claims start.
        await untilShelterKnows(referrals);

        // Every referral claimed CLAIMS_PER_REFERRAL times, each time on another replica, all at once.
        const claims = referrals.flatMap((id, i) => Array.from({ length: CLAIMS_PER_REFERRAL }, (_, c) => ({ id, via: i + c })));
        const answers = await Promise.all(claims.map(({ id, via }) => claim(via, id)));
        tally.claims += answers.length;

        const winnersByReferral = new Map<string, Set<string>>();
        answers.forEach((answer, i) => {
          if (answer.body.errors) {
            expect(
              answer.body.errors.map((e) => e.extensions?.code),
              where,
            ).toEqual([ERROR_CODES.NO_CAPACITY]);
            tally.refused += 1;
            return;
          }
          const intakes = winnersByReferral.get(claims[i]!.id) ?? new Set<string>();
          intakes.add(answer.body.data!.acceptReferralIntake.id);
          winnersByReferral.set(claims[i]!.id, intakes);
        });
        // Exactly one referral won the place, with one intake however often it was claimed.
        expect(
          [...winnersByReferral.values()].map((intakes) => intakes.size),
          where,
        ).toEqual([1]);
        const [winner] = [...winnersByReferral.keys()];
        tally.won += 1;
        tally.repeats += answers.filter((a, i) => !a.body.errors && claims[i]!.id === winner).length - 1;

        // Let every relay carry both outboxes until nothing is pending.
        await vi.waitFor(async () => expect((await seen(winner!)).shelterIntake?.status).not.toBe("PENDING"), { timeout: 10_000, interval: 50 });
        await new Promise((resolve) => setTimeout(resolve, 300));

        const states = await Promise.all(referrals.map(seen));
        const accepted = referrals.filter((_, i) => states[i]!.status === "ACCEPTED");
        const live = referrals.filter((_, i) => LIVE.includes(states[i]!.shelterIntake?.status ?? ""));
        expect(accepted, `${where}: referrals the network accepted`).toEqual([winner]);
        expect(live, `${where}: referrals holding a place`).toEqual([winner]);
        const won = states[referrals.indexOf(winner!)]!;
        expect(won, where).toMatchObject({ status: "ACCEPTED", version: 2, shelterIntake: { status: "CONFIRMED", bed: { id: anyOf(String) } } });
        expect(
          won.events.map((e) => e.toStatus),
          where,
        ).toEqual(["SENT", "ACCEPTED"]);
        // The losers stay as they were sent, with no intake.
        for (const [i, state] of states.entries()) if (referrals[i] !== winner) expect(state, where).toMatchObject({ status: "SENT", version: 1, shelterIntake: null });
        expect(await available(), where).toBe(0);

        // The stay ends (the sender withdraws): the relays free the place once, for the next round.
        const withdrawn = await replica(round).query(
          `mutation($id: ID!) { withdrawReferral(id: $id, expectedVersion: 2, reason: "Invented (demo): placed nearer family.") { status } }`,
          { id: winner },
          sender,
        );
        expect(withdrawn.body.errors, where).toBeUndefined();
        await vi.waitFor(async () => expect((await seen(winner!)).shelterIntake?.status).toBe("RELEASED"), { timeout: 10_000, interval: 50 });
        expect(await available(), where).toBe(1);
      }

      expect(tally).toEqual({
        claims: ROUNDS * COMPETITORS * CLAIMS_PER_REFERRAL,
        won: ROUNDS,
        refused: ROUNDS * (COMPETITORS - 1) * CLAIMS_PER_REFERRAL,
        repeats: ROUNDS * (CLAIMS_PER_REFERRAL - 1),
      });
    },
    30_000 + ROUNDS * 10_000,
  );
});
