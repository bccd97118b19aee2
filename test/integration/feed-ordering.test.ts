/**
 * Feeds read by position (README, "Event feeds"): every consumer gets every referral event exactly once,
 * in position order, whatever order concurrent writers commit in. The consumers: a partner app
 * polling `referralEvents(after:)`, the relay carrying the network's feed to the shelters subgraph,
 * and a webhook. First a forced interleaving on PostgreSQL (two sessions; the lower position commits
 * last if the database lets it), then many concurrent writers through two gateway replicas, every
 * event counted at every consumer, round after round.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { networkSystemClient, subgraphSystemClient } from "../../platform/systemClient.js";
import { startOutboxRelay, type OutboxRelay } from "../../workers/relay/outboxRelay.js";
import { networkToShelters } from "../../workers/relay/referralChannels.js";
import { createAssertionSigner } from "../../platform/assertion.js";
import { DEMO_MEMBERS, DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { createLogger } from "../../platform/logger.js";
import type { Principal } from "../../vocabulary/principal.js";
import { databaseMode, TEST_DATABASE_URL } from "../support/databases.js";
import { recordConsent, shelterReferralInput, submitReferral } from "../support/fixtures.js";
import { startJitterProxy, type JitterProxy } from "../support/jitterProxy.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";
import { roundsFor } from "../support/rounds.js";

// Fictional Legal Aid refers its survivor Cedar to Harbor Light's emergency beds: every event is
// Harbor Light's (poll, webhook) and a shelter referral's (relay).
const sender = { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const receiver = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;

const EVENTS = `query($after: String, $first: Int) { referralEvents(after: $after, first: $first) { pageInfo { endCursor } edges { node { id cursor referralId version } } } }`;

/** An event as every consumer can name it. */
const key = (event: { referralId: string; version: number }) => `${event.referralId}@${event.version}`;

let network: TestNetwork;
let proxy: JitterProxy | null = null;
let writers: Via[];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rounds of concurrent writers. Writers only take turns on PGlite: fewer rounds there, where no interleaving can happen; many more under `npm run test:long`. */
const ROUNDS = roundsFor({ embedded: 2, postgres: 3, long: 20 });

/** One way in for a writer: a gateway replica, or the network subgraph itself with the gateway's signed assertion (as a busy gateway's forwarded call arrives). */
type Via = (operation: string, variables: Record<string, unknown>, as: "sender" | "receiver") => Promise<{ data?: Record<string, { id: string }> | null; errors?: unknown[] }>;

const PRINCIPALS: Record<"sender" | "receiver", Principal> = {
  sender: {
    kind: "member",
    id: DEMO_MEMBERS.legalAidCaseworker,
    organizationId: DEMO_ORGS.fictionalLegalAid,
    organizationKind: "LEGAL_AID",
    roles: ["CASEWORKER"],
    purpose: "SERVICE_REFERRAL",
  },
  receiver: {
    kind: "member",
    id: DEMO_MEMBERS.harborCaseworker,
    organizationId: DEMO_ORGS.harborLight,
    organizationKind: "SHELTER",
    roles: ["CASEWORKER"],
    purpose: "SERVICE_REFERRAL",
  },
};

const throughGateway =
  (gateway: TestNetwork["query"]): Via =>
  async (operation, variables, as) =>
    (await gateway(operation, variables, as === "sender" ? sender : receiver)).body as never;

const straightToNetwork: Via = async (operation, variables, as) => (await network.callSubgraph("network", PRINCIPALS[as], operation, variables)).body as never;

const SUBMIT = `mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { id } }`;
const ACKNOWLEDGE = `mutation($id: ID!) { acknowledgeReferral(id: $id, expectedVersion: 1) { id } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawReferral(id: $id, expectedVersion: 2, reason: "Invented (demo): found another place") { id } }`;

/** One step of a writer; answers the referral's id. */
async function write(via: Via, operation: string, variables: Record<string, unknown>, as: "sender" | "receiver"): Promise<string> {
  const body = await via(operation, variables, as);
  expect(body.errors).toBeUndefined();
  // An answer with neither data nor errors (a refusal at the HTTP edge) says what it was.
  expect(body.data, JSON.stringify(body)).toBeTruthy();
  return Object.values(body.data!)[0]!.id;
}

/** Answers the gateway may give under load that tell a consumer to ask again with the same cursor (README, "Event feeds"). */
const ASK_AGAIN = new Set(["SERVICE_UNAVAILABLE"]);
/** How often a read was asked again: reported, so that a run where the feed mostly failed is seen. */
let askedAgain = 0;

/**
 * One page after `after`, read as a consumer reads: an answer that says "try again shortly" is
 * asked again with the same cursor (a few times, then it fails the test); any other error fails it.
 */
async function eventsPage(after: string | null, first = 100) {
  for (let attempt = 1; ; attempt++) {
    const response = await network.query<{
      referralEvents: { pageInfo: { endCursor: string | null }; edges: { node: { id: string; cursor: string; referralId: string; version: number } }[] };
    }>(EVENTS, { after, first }, receiver);
    const codes = (response.body.errors ?? []).map((e) => e.extensions?.code);
    if (attempt < 5 && codes.length > 0 && codes.every((code) => ASK_AGAIN.has(String(code)))) {
      askedAgain++;
      await sleep(100 * attempt);
      continue;
    }
    expect(response.body.errors).toBeUndefined();
    const { pageInfo, edges } = response.body.data!.referralEvents;
    return { endCursor: pageInfo.endCursor, events: edges.map((e) => e.node) };
  }
}

/** Every event after `after` (complete once no writer is running). */
async function readAll(after: string | null) {
  const events: { id: string; cursor: string; referralId: string; version: number }[] = [];
  let cursor = after;
  for (let page = await eventsPage(cursor); page.events.length > 0; page = await eventsPage(cursor)) {
    events.push(...page.events);
    cursor = page.endCursor;
  }
  return { events, cursor };
}

const positionOf = (cursor: string) => BigInt(Buffer.from(cursor, "base64url").toString("utf8"));

/** A partner app polling in small pages: the cursor moves on often, so a late event has many chances to be skipped. */
const poller = {
  cursor: null as string | null,
  seen: [] as { key: string; position: bigint }[],
  async pollOnce() {
    for (;;) {
      const page = await eventsPage(this.cursor, 5);
      if (page.events.length === 0) return;
      this.seen.push(...page.events.map((e) => ({ key: key(e), position: positionOf(e.cursor) })));
      this.cursor = page.endCursor;
    }
  },
};

/** The workers' own relay code for network → shelters, run by the test so that it can count what it delivers. */
const relayed: { key: string; position: bigint }[] = [];
let relay: OutboxRelay;

/** A partner's webhook receiver that records every event it gets and answers 204. */
const hooked: { key: string; position: bigint }[] = [];
const receiverServer = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { referralId: string; version: number; position: string };
    hooked.push({ key: key(body), position: BigInt(body.position) });
    res.writeHead(204).end();
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => receiverServer.listen(0, "127.0.0.1", resolve));
  // On PostgreSQL the network subgraph reaches its database over an uneven link (a few ms, now and
  // then a stall, as to another host), so that concurrent transactions often commit in another
  // order than they drew their positions. (PGlite is one session in this process: there, writers take turns.)
  if (TEST_DATABASE_URL) {
    const server = new URL(TEST_DATABASE_URL);
    proxy = await startJitterProxy({ host: server.hostname, port: Number(server.port || 5432) }, { delayMs: 2, stallMs: 100, stallRate: 0.1 });
  }
  const link = proxy;
  network = await startTestNetwork({
    ...(link ? { databaseVia: (name, location) => (name === "network" && location.kind === "postgres" ? { kind: "postgres", url: link.via(location.url) } : location) } : {}),
    // The workers' own relay is off: the test runs that code itself, as the one consumer "shelters".
    gateway: { rateLimits: { memberPerMinute: 1_000_000, clientPerMinute: 1_000_000, addressPerMinute: 1_000_000 } },
    workers: { relayEnabled: false },
    subgraphEnv: { WEBHOOK_ALLOW_HTTP: "true", WEBHOOK_INTERVAL_MS: "20", WEBHOOK_RETRY_BASE_MS: "100", WEBHOOK_TIMEOUT_MS: "2000" },
  });
  // Two gateway replicas on the same subgraphs, and the subgraph itself: writers use all three.
  writers = [throughGateway(network.query), throughGateway((await network.startAnotherGateway()).query), straightToNetwork];
  await recordConsent(network, { survivorId: DEMO_SURVIVORS.cedar, granteeOrganizationId: DEMO_ORGS.harborLight, categories: ["IDENTITY", "CONTACT"] }, sender);

  const signer = createAssertionSigner(network.assertionKeys.privateKey);
  const channel = networkToShelters(
    networkSystemClient(() => network.subgraphs.get("network")!.graphqlUrl, signer, 10_000),
    subgraphSystemClient("shelters", () => network.subgraphs.get("shelters")!.graphqlUrl, signer, 10_000),
  );
  const counted: typeof channel = {
    ...channel,
    async deliver(item) {
      await channel.deliver(item);
      relayed.push({ key: key(item), position: BigInt(item.position) });
    },
  };
  relay = startOutboxRelay([counted], { intervalMs: 10, batchSize: 5, maxBackoffMs: 100, logger: createLogger("feed-ordering-relay", "silent") });

  // Consumers start at the end of what the demo data wrote.
  await poller.pollOnce();
  await relay.runOnce();
  const registered = await network.query<{ registerWebhook: { secret: string } }>(
    `mutation($url: String!) { registerWebhook(url: $url) { secret } }`,
    { url: `http://127.0.0.1:${(receiverServer.address() as AddressInfo).port}/hook` },
    { as: "harbor-admin" },
  );
  expect(registered.body.errors).toBeUndefined();
}, 120_000);

afterAll(async () => {
  if (askedAgain > 0) console.warn(`feed-ordering: ${askedAgain} page reads answered SERVICE_UNAVAILABLE and were asked again`);
  await relay?.stop();
  // The uneven link first: a connection held in it would keep the subgraph's pool from closing.
  await proxy?.close();
  await network?.stop();
  receiverServer.closeAllConnections();
  await new Promise<void>((resolve) => receiverServer.close(() => resolve()));
});

/**
 * What each consumer got since it had `from` events: exactly `expected` (event keys in position order),
 * waited for, then checked again a moment later so that a duplicate arriving late is counted.
 */
async function expectEveryConsumerGot(from: { polled: number; relayed: number; hooked: number }, expected: string[]) {
  const got = () => ({
    polled: poller.seen.slice(from.polled),
    relayed: relayed.slice(from.relayed),
    hooked: hooked.slice(from.hooked),
  });
  const keys = () => Object.fromEntries(Object.entries(got()).map(([name, seen]) => [name, seen.map((e) => e.key)]));
  const want = { polled: expected, relayed: expected, hooked: expected };
  await vi
    .waitFor(
      async () => {
        await poller.pollOnce();
        await relay.runOnce();
        const counts = Object.values(got()).map((seen) => seen.length);
        if (counts.some((n) => n < expected.length)) throw new Error("not caught up yet");
      },
      { timeout: 15_000, interval: 50 },
    )
    .catch(() => undefined);
  await sleep(150);
  await poller.pollOnce();
  await relay.runOnce();
  expect(keys()).toEqual(want);
  for (const seen of Object.values(got())) {
    expect(seen.every((e, i) => i === 0 || e.position > seen[i - 1]!.position)).toBe(true);
  }
}

const marks = () => ({ polled: poller.seen.length, relayed: relayed.length, hooked: hooked.length });

describe(`event feeds read by position (${databaseMode})`, () => {
  it.runIf(databaseMode === "postgres")("give each consumer both events, in order, when the earlier writer commits last (PostgreSQL: two sessions)", async () => {
    const start = marks();
    const first = await submitReferral(network, shelterReferralInput(), sender);
    const second = await submitReferral(network, shelterReferralInput(), sender);
    await expectEveryConsumerGot(start, [key({ referralId: first.id, version: 1 }), key({ referralId: second.id, version: 1 })]);

    // Two transitions written as the network writes them (status, version and event in one
    // transaction), each in its own session, so that their commit order is ours to choose.
    const location = network.databases.locationFor("network");
    if (location.kind !== "postgres") throw new Error("needs PostgreSQL");
    const sessions = [new pg.Client({ connectionString: location.url }), new pg.Client({ connectionString: location.url })] as const;
    await Promise.all(sessions.map((s) => s.connect()));
    const acknowledge = async (session: pg.Client, referralId: string) => {
      await session.query(`UPDATE referral SET status = 'ACKNOWLEDGED', version = 2, updated_at = now() WHERE id = $1 AND version = 1`, [referralId]);
      const { rows } = await session.query<{ position: string }>(
        `INSERT INTO referral_event (id, referral_id, from_status, to_status, version, actor_member_id, actor_organization_id, organization_ids)
         VALUES ($1, $2, 'SENT', 'ACKNOWLEDGED', 2, $3, $4, $5) RETURNING position`,
        [randomUUID(), referralId, DEMO_MEMBERS.harborCaseworker, DEMO_ORGS.harborLight, [DEMO_ORGS.fictionalLegalAid, DEMO_ORGS.harborLight]],
      );
      return BigInt(rows[0]!.position);
    };
    const [early, late] = sessions;
    try {
      const mid = marks();
      await early.query("BEGIN");
      const earlyPosition = await acknowledge(early, first.id);
      await late.query("BEGIN");
      const lateWrite = acknowledge(late, second.id);
      // Either the database makes the later writer wait (its position is not drawn yet), or it
      // lets it finish, and then it commits first: the interleaving that used to lose the earlier event.
      const waited = await Promise.race([lateWrite.then(() => false), sleep(1_000).then(() => true)]);
      if (waited) {
        await expectEveryConsumerGot(mid, []);
        await early.query("COMMIT");
        await expectEveryConsumerGot(mid, [key({ referralId: first.id, version: 2 })]);
        expect(await lateWrite).toBeGreaterThan(earlyPosition);
        await late.query("COMMIT");
      } else {
        expect(await lateWrite).toBeGreaterThan(earlyPosition);
        await late.query("COMMIT");
        await expectEveryConsumerGot(mid, [key({ referralId: second.id, version: 2 })]);
        await early.query("COMMIT");
      }
      await expectEveryConsumerGot(mid, [key({ referralId: first.id, version: 2 }), key({ referralId: second.id, version: 2 })]);
    } finally {
      await Promise.all(sessions.map((s) => s.end()));
    }
  });

  it(
    "give each consumer every event exactly once, in order, with many writers on two gateways and the subgraph, round after round",
    async () => {
      const WRITERS = 12;
      let total = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const start = marks();
        const before = poller.cursor;
        // The partner app polls while the writers write (the relay and the webhook worker run on their own timers).
        let writing = true;
        const polling = (async () => {
          while (writing) await poller.pollOnce();
        })();
        // Each writer: submit (legal aid), acknowledge (the shelter), withdraw (legal aid), each step by another way in.
        const referrals = await Promise.all(
          Array.from({ length: WRITERS }, async (_, i) => {
            const via = (step: number) => writers[(i + step) % writers.length]!;
            const id = await write(via(0), SUBMIT, { input: shelterReferralInput() }, "sender");
            await write(via(1), ACKNOWLEDGE, { id }, "receiver");
            await write(via(2), WITHDRAW, { id }, "sender");
            return id;
          }),
        ).finally(() => {
          writing = false;
        });
        await polling;
        // Now that no writer is running, a fresh read from the round's start is complete.
        const { events } = await readAll(before);
        const expected = events.map(key);
        expect([...expected].sort()).toEqual(referrals.flatMap((id) => [1, 2, 3].map((version) => key({ referralId: id, version }))).sort());
        await expectEveryConsumerGot(start, expected);
        total += expected.length;
      }
      expect(total).toBe(ROUNDS * WRITERS * 3);
    },
    30_000 + ROUNDS * 20_000,
  );
});
