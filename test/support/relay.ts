/**
 * The referral relay as the tests drive it: the workers' own code (`startOutboxRelay` with both
 * referral channels), run by the test so that it counts what it delivers and can be restarted (the
 * test network's workers then run none: `workers: { relayEnabled: false }`); and SQL on a subgraph's own database,
 * as an operator (or a bug) would reach it.
 */
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { expect } from "vitest";
import { networkSystemClient, subgraphSystemClient } from "../../platform/systemClient.js";
import { startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from "../../workers/relay/outboxRelay.js";
import { networkToShelters, sheltersToNetwork } from "../../workers/relay/referralChannels.js";
import { createAssertionSigner } from "../../platform/assertion.js";
import { createLogger } from "../../platform/logger.js";
import { DEMO_SERVICES } from "../../vocabulary/demoIds.js";
import type { SubgraphName } from "../../vocabulary/subgraphs.js";
import { databaseMode } from "./databases.js";
import type { RequestOptions, TestNetwork } from "./network.js";

/**
 * Starts a relay over both referral channels that appends every delivery that went through to
 * `delivered`: `referralId@version` (to the shelters) or `accepted:referralId` (to the network). Its
 * timer never fires: the test runs each pass with `runOnce`. Small batches, so that a held item sits
 * inside a batch and across them; a failing message's wait is short (`maxBackoffMs`).
 */
export function startCountingRelay(network: TestNetwork, delivered: string[], options: Partial<Omit<OutboxRelayOptions, "logger">> = {}): OutboxRelay {
  const signer = createAssertionSigner(network.assertionKeys.privateKey);
  const networkCall = networkSystemClient(() => network.subgraphs.get("network")!.graphqlUrl, signer, 10_000);
  const sheltersCall = subgraphSystemClient("shelters", () => network.subgraphs.get("shelters")!.graphqlUrl, signer, 10_000);
  const toShelters = networkToShelters(networkCall, sheltersCall);
  const toNetwork = sheltersToNetwork(networkCall, sheltersCall);
  const counted: typeof toShelters = {
    ...toShelters,
    async deliver(item) {
      await toShelters.deliver(item);
      delivered.push(`${item.referralId}@${item.version}`);
    },
  };
  const countedBack: typeof toNetwork = {
    ...toNetwork,
    async deliver(message) {
      await toNetwork.deliver(message);
      delivered.push(`accepted:${message.referralId}`);
    },
  };
  return startOutboxRelay([counted, countedBack], { intervalMs: 600_000, batchSize: 5, maxBackoffMs: 100, ...options, logger: createLogger("test-relay", "silent") });
}

export type Sql = (text: string, params?: unknown[]) => Promise<unknown>;

/** Runs SQL on a subgraph's own database: on PostgreSQL beside it; embedded, while it is stopped (its database must be `persistent`). */
export async function withDatabase(network: TestNetwork, name: SubgraphName, run: (sql: Sql) => Promise<void>): Promise<void> {
  if (databaseMode === "postgres") {
    const location = network.databases.locationFor(name);
    const client = new pg.Client({ connectionString: location.kind === "postgres" ? location.url : "" });
    await client.connect();
    try {
      await run((text, params) => client.query(text, params as unknown[]));
    } finally {
      await client.end();
    }
    return;
  }
  const stopped = await network.stopSubgraph(name);
  const { database } = stopped;
  const db = await PGlite.create({ dataDir: database.kind === "embedded" ? database.dataDir! : "" });
  try {
    await run((text, params) => db.query(text, params));
  } finally {
    await db.close();
    await stopped.restart();
  }
}

/** A query through the gateway that must answer without errors: its data. */
export function dataThrough(network: () => TestNetwork) {
  return async <T>(query: string, variables: Record<string, unknown>, as: RequestOptions): Promise<T> => {
    const response = await network().query<T>(query, variables, as);
    expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    return response.body.data!;
  };
}

/**
 * What a shelter's caseworker reads of its places: the free places of the programme the tests'
 * shelter referrals go to (Harbor Light's emergency programme), and a referral's intake with its bed.
 */
export function shelterPlaces(gql: ReturnType<typeof dataThrough>) {
  const harborCaseworker = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;
  return {
    available: async () =>
      (
        await gql<{ shelterProgram: { serviceCapacity: { available: number } } }>(
          `query($id: ID!) { shelterProgram(id: $id) { serviceCapacity { available } } }`,
          { id: DEMO_SERVICES.harborEmergency },
          harborCaseworker,
        )
      ).shelterProgram.serviceCapacity.available,
    intakeOf: async (id: string) =>
      (
        await gql<{ referral: { shelterIntake: { status: string; bed: { id: string } | null } | null } }>(
          `query($id: ID!) { referral(id: $id) { shelterIntake { status bed { id } } } }`,
          { id },
          harborCaseworker,
        )
      ).referral.shelterIntake,
  };
}
