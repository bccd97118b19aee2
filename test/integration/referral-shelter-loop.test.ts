/**
 * A referral to a shelter, through the real gateway: the place lives in the shelters database, the
 * referral's status in the network's, and the workers' relay carries each side's outbox to the
 * other. Tested: acceptance reserves exactly one place and the referral becomes ACCEPTED; the
 * network subgraph down between the intake and the status change (a crash injected there) is
 * healed by the outbox once it is back, with the place counted once; a withdrawal frees the place
 * once; two staff accepting the last place at once — exactly one wins.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_MEMBERS, DEMO_ORGS, DEMO_SERVICES, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import type { Principal } from "../../vocabulary/principal.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

// Fictional Legal Aid refers its survivor Cedar to Harbor Light's emergency beds.
const sender = { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const shelter = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const program = DEMO_SERVICES.harborEmergency;

beforeAll(async () => {
  network = await startTestNetwork({ persistent: ["network"], workers: { relayIntervalMs: 200 } });
  const consent = await network.query(
    `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
    {
      input: {
        survivorId: DEMO_SURVIVORS.cedar,
        granteeOrganizationId: DEMO_ORGS.harborLight,
        categories: ["IDENTITY", "CONTACT"],
        purposes: ["SERVICE_REFERRAL"],
        method: "WRITTEN",
        language: "en",
      },
    },
    sender,
  );
  expect(consent.body.errors).toBeUndefined();
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

async function refer(): Promise<string> {
  const response = await network.query<{ submitReferral: { id: string } }>(
    `mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { id } }`,
    {
      input: {
        survivorId: DEMO_SURVIVORS.cedar,
        receiverOrganizationId: DEMO_ORGS.harborLight,
        serviceKind: "SHELTER_PROGRAM",
        serviceId: program,
        purpose: "SERVICE_REFERRAL",
        categories: ["IDENTITY", "CONTACT"],
        urgency: "IMMEDIATE",
        idempotencyKey: randomUUID(),
      },
    },
    sender,
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.submitReferral.id;
}

async function available(): Promise<number> {
  const response = await network.query<{ shelterProgram: { serviceCapacity: { available: number } } }>(
    `query($id: ID!) { shelterProgram(id: $id) { serviceCapacity { available } } }`,
    { id: program },
    shelter,
  );
  return response.body.data!.shelterProgram.serviceCapacity.available;
}

async function referral(id: string) {
  const response = await network.query<{ referral: { status: string; version: number; shelterIntake: { status: string; bed: { label: string } | null } | null } }>(
    `query($id: ID!) { referral(id: $id) { status version shelterIntake { status bed { label } } } }`,
    { id },
    shelter,
  );
  return response.body.data!.referral;
}

async function acceptIntake(referralId: string, expectedVersion: number) {
  return network.query<{ acceptReferralIntake: { status: string } }>(
    `mutation($referralId: ID!, $expectedVersion: Int!) { acceptReferralIntake(referralId: $referralId, expectedVersion: $expectedVersion) { status } }`,
    { referralId, expectedVersion },
    shelter,
  );
}

/** Accepts once the relay has told the shelter of the referral (its copy arrives shortly after the submission). */
async function acceptWhenKnown(referralId: string, expectedVersion = 1) {
  let last: Awaited<ReturnType<typeof acceptIntake>> | undefined;
  await vi.waitFor(
    async () => {
      last = await acceptIntake(referralId, expectedVersion);
      expect(last.body.errors?.[0]?.extensions?.code).not.toBe("NOT_FOUND");
    },
    { timeout: 10_000, interval: 100 },
  );
  return last!;
}

describe(`a referral to a shelter, across two databases (${databaseMode})`, () => {
  it("the sender sees the programme's capacity when submitting", async () => {
    const before = await available();
    const response = await network.query<{ submitReferral: { shelterProgram: { name: string; serviceCapacity: { available: number } } } }>(
      `mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { id shelterProgram { name serviceCapacity { available } } } }`,
      {
        input: {
          survivorId: DEMO_SURVIVORS.cedar,
          receiverOrganizationId: DEMO_ORGS.harborLight,
          serviceKind: "SHELTER_PROGRAM",
          serviceId: program,
          purpose: "SERVICE_REFERRAL",
          categories: ["IDENTITY"],
          urgency: "ROUTINE",
          idempotencyKey: randomUUID(),
        },
      },
      sender,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.submitReferral.shelterProgram).toEqual({ name: "Harbor Light Emergency Beds (demo)", serviceCapacity: { available: before } });
  });

  it("accepting reserves exactly one place, and the referral becomes ACCEPTED with its intake confirmed", async () => {
    const before = await available();
    const id = await refer();
    const accepted = await acceptWhenKnown(id);
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data!.acceptReferralIntake.status).toBe("PENDING");
    await vi.waitFor(async () => expect(await referral(id)).toMatchObject({ status: "ACCEPTED", version: 2, shelterIntake: { status: "CONFIRMED" } }), { timeout: 10_000 });
    expect(await available()).toBe(before - 1);
    // Accepting again changes nothing.
    await acceptIntake(id, 1);
    expect(await available()).toBe(before - 1);
    // The network refuses to accept a shelter referral without its intake.
    const other = await refer();
    const direct = await network.query(`mutation($id: ID!) { acceptReferral(id: $id, expectedVersion: 1) { id } }`, { id: other }, shelter);
    expect(direct.body.errors![0]!.extensions!.code).toBe("INVALID_TRANSITION");
  });

  it("heals a crash between the shelter's intake and the referral's status change from the outbox, counting the place once", async () => {
    const id = await refer();
    // The shelter learns of the referral (its copy arrives through the relay).
    await vi.waitFor(async () => expect((await acceptIntake(id, 99)).body.errors?.[0]?.extensions?.code).toBe("CONFLICT"), { timeout: 10_000 });
    const before = await available();

    // Crash injected: the network subgraph goes away, then the shelter's intake commits. (The call is
    // made to the shelters subgraph as the gateway forwards it — signed for the shelter caseworker —
    // since the gateway itself refuses callers while it cannot check their membership.)
    const stopped = await network.stopNetworkSubgraph();
    const intake = await network.callSubgraph("shelters", HARBOR_CASEWORKER, `mutation($id: ID!) { acceptReferralIntake(referralId: $id, expectedVersion: 1) { status } }`, { id });
    expect(intake.body).toEqual({ data: { acceptReferralIntake: { status: "PENDING" } } });
    // The relay tries, fails, backs off: the outbox keeps the step.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    await stopped.restart();

    await vi.waitFor(async () => expect(await referral(id)).toMatchObject({ status: "ACCEPTED", shelterIntake: { status: "CONFIRMED" } }), { timeout: 30_000, interval: 250 });
    expect(await available()).toBe(before - 1);
    const events = await network.query<{ referral: { events: { toStatus: string }[] } }>(`query($id: ID!) { referral(id: $id) { events { toStatus } } }`, { id }, sender);
    expect(events.body.data!.referral.events.map((e) => e.toStatus)).toEqual(["SENT", "ACCEPTED"]);
  }, 90_000);

  it("frees the place exactly once when the sender withdraws an accepted referral", async () => {
    const id = await refer();
    await acceptWhenKnown(id);
    await vi.waitFor(async () => expect((await referral(id)).status).toBe("ACCEPTED"), { timeout: 10_000 });
    const taken = await available();
    const withdrawn = await network.query(
      `mutation($id: ID!) { withdrawReferral(id: $id, expectedVersion: 2, reason: "Invented (demo): the survivor found a place nearer family.") { status } }`,
      { id },
      sender,
    );
    expect(withdrawn.body.errors).toBeUndefined();
    await vi.waitFor(async () => expect((await referral(id)).shelterIntake).toMatchObject({ status: "RELEASED" }), { timeout: 10_000 });
    expect(await available()).toBe(taken + 1);
    // Later passes of the relay change nothing more.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await available()).toBe(taken + 1);
  }, 60_000);

  it("two staff accepting the last place at once: exactly one wins", async () => {
    // Bring the programme down to one free place.
    const spare = await available();
    for (let i = 0; i < spare - 1; i++) {
      const id = await refer();
      expect((await acceptWhenKnown(id)).body.errors).toBeUndefined();
    }
    expect(await available()).toBe(1);
    const [a, b] = [await refer(), await refer()];
    for (const id of [a, b]) await vi.waitFor(async () => expect((await acceptIntake(id, 99)).body.errors?.[0]?.extensions?.code).toBe("CONFLICT"), { timeout: 10_000 });
    const results = await Promise.all([acceptIntake(a, 1), acceptIntake(b, 1)]);
    const winners = results.filter((r) => r.body.errors === undefined);
    const losers = results.filter((r) => r.body.errors !== undefined);
    expect(winners).toHaveLength(1);
    expect(losers.map((r) => r.body.errors![0]!.extensions!.code)).toEqual(["NO_CAPACITY"]);
    expect(await available()).toBe(0);
  }, 120_000);

  it("allows a referral to a full programme, shows the sender the capacity, and marks it", async () => {
    expect(await available()).toBe(0);
    const response = await network.query<{ submitReferral: { id: string; shelterProgram: { serviceCapacity: { available: number } } } }>(
      `mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { id shelterProgram { serviceCapacity { available } } } }`,
      {
        input: {
          survivorId: DEMO_SURVIVORS.cedar,
          receiverOrganizationId: DEMO_ORGS.harborLight,
          serviceKind: "SHELTER_PROGRAM",
          serviceId: program,
          purpose: "SERVICE_REFERRAL",
          categories: ["IDENTITY"],
          urgency: "URGENT",
          idempotencyKey: randomUUID(),
        },
      },
      sender,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.submitReferral.shelterProgram.serviceCapacity.available).toBe(0);
    const id = response.body.data!.submitReferral.id;
    for (const who of [sender, shelter]) {
      await vi.waitFor(
        async () => {
          const marked = await network.query<{ referral: { receivedAtCapacity: boolean | null } }>(`query($id: ID!) { referral(id: $id) { receivedAtCapacity } }`, { id }, who);
          expect(marked.body.data!.referral.receivedAtCapacity).toBe(true);
        },
        { timeout: 10_000 },
      );
    }
    // Accepting it is refused for want of a place; nothing changes.
    expect((await acceptIntake(id, 1)).body.errors![0]!.extensions!.code).toBe("NO_CAPACITY");
  }, 60_000);
});

const HARBOR_CASEWORKER: Principal = {
  kind: "member",
  id: DEMO_MEMBERS.harborCaseworker,
  organizationId: DEMO_ORGS.harborLight,
  organizationKind: "SHELTER",
  roles: ["CASEWORKER"],
  purpose: "SERVICE_REFERRAL",
};
