/**
 * Webhooks through the real gateway and a real receiver: every referral event of the
 * organisation arrives once, signed, in position order, after the receiver's first answer failed
 * and the worker retried; the delivery record shows it; a deactivated webhook gets nothing; only
 * the organisation's admin manages webhooks, and never sees a secret again.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { DatabaseLocation } from "../../subgraphs/kit/database.js";
import { DEMO_MEMBERS, DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { MAX_PAGE_SIZE } from "../../vocabulary/paging.js";
import { webhookUrlSchema } from "../../subgraphs/network/webhooks/webhookUrl.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type GraphQLResponse, type RequestOptions, type TestNetwork } from "../support/network.js";
import { legalReferralInput, recordConsent, submitReferral as submitLegalReferral } from "../support/fixtures.js";
import { anyOf, stringMatching } from "../support/matchers.js";

const sender = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const receiver = { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const admin = { as: "harbor-admin" } as const;

const REGISTER = `mutation($url: String!) { registerWebhook(url: $url) { secret subscription { id url active createdAt } } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateWebhook(id: $id) { id active } }`;
const PAGE = "totalCount pageInfo { hasNextPage endCursor } edges { cursor node";
const SUBSCRIPTIONS = `query($first: Int, $after: String) { webhookSubscriptions(first: $first, after: $after) { ${PAGE} { id url active createdAt } } } }`;
const DELIVERIES = `query($id: ID!, $first: Int, $after: String) { webhookDeliveries(subscriptionId: $id, first: $first, after: $after) { ${PAGE} { id eventPosition attempts lastStatus lastError deliveredAt nextAttemptAt } } } }`;
const EVENTS = `query($after: String) { referralEvents(after: $after, first: 100) { pageInfo { endCursor } edges { node { id referralId toStatus version } } } }`;

interface Page<Node> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: Node }[];
}

interface Delivery {
  id: string;
  eventPosition: string;
  attempts: number;
  lastStatus: number;
  lastError: string | null;
  deliveredAt: string | null;
}

interface Received {
  path: string;
  eventId: string;
  body: { id: string; position: string; referralId: string; fromStatus: string | null; toStatus: string; version: number; at: string; actorOrganizationId: string | null };
  signatureValid: boolean;
  answered: number;
}

/**
 * A partner's receiver: 500 to the first request it ever gets, 204 afterwards (503 on the paths in
 * `down`, and the status in `refuse` for an event named `referralId@version` there); checks every signature.
 */
function startReceiver(secrets: Map<string, string>) {
  const received: Received[] = [];
  const down = new Set<string>();
  const refuse = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const secret = secrets.get(req.url ?? "") ?? "";
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers["x-srn-signature"] ?? ""));
      const expected = createHmac("sha256", secret).update(`${match?.[1]}.${raw}`).digest();
      const signatureValid =
        !!match &&
        secret !== "" &&
        req.headers["content-type"] === "application/json" &&
        timingSafeEqual(expected, Buffer.from(match[2]!, "hex")) &&
        Math.abs(Date.now() / 1000 - Number(match[1])) < 300;
      const body = JSON.parse(raw) as Received["body"];
      const answered = received.length === 0 ? 500 : down.has(req.url ?? "") ? 503 : (refuse.get(`${body.referralId}@${body.version}`) ?? 204);
      received.push({ path: req.url ?? "", eventId: String(req.headers["x-srn-event-id"]), body, signatureValid, answered });
      res.writeHead(answered).end();
    });
  });
  return {
    received,
    down,
    refuse,
    /** What the receiver accepted (answered 2xx). */
    accepted: (path: string) => received.filter((r) => r.path === path && r.answered === 204),
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One statement on the network's database while its subgraph is stopped (as an operator would). */
async function sqlOnStoppedNetwork(database: DatabaseLocation, statement: string): Promise<void> {
  if (database.kind === "postgres") {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(statement).finally(() => client.end());
    return;
  }
  const db = await PGlite.create({ dataDir: database.dataDir! });
  await db.query(statement).finally(() => db.close());
}

let network: TestNetwork;
const secrets = new Map<string, string>();
const hook = startReceiver(secrets);
let baseUrl: string;

async function register(url: string, as: RequestOptions = admin) {
  return network.query<{ registerWebhook: { secret: string; subscription: { id: string; url: string; active: boolean } } }>(REGISTER, { url }, as);
}

/** Registers a webhook at each URL in turn (deactivating each at once, if asked); their ids. */
async function registerEach(urls: string[], { deactivated }: { deactivated: boolean }): Promise<string[]> {
  const ids: string[] = [];
  for (const url of urls) {
    const response = await register(url);
    expect(response.body.errors).toBeUndefined();
    ids.push(response.body.data!.registerWebhook.subscription.id);
    if (deactivated) await network.query(DEACTIVATE, { id: ids.at(-1) }, admin);
  }
  return ids;
}

async function move(mutation: string, args: Record<string, unknown>, as: RequestOptions) {
  const types: Record<string, string> = { id: "ID!", expectedVersion: "Int!", reason: mutation === "declineReferral" ? "ReferralDeclineReason!" : "String!", detail: "String" };
  const names = Object.keys(args);
  const response = await network.query<Record<string, { id: string; status: string; version: number }>>(
    `mutation(${names.map((n) => `$${n}: ${types[n]}`).join(", ")}) { ${mutation}(${names.map((n) => `${n}: $${n}`).join(", ")}) { id status version } }`,
    args,
    as,
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data![mutation]!;
}

/** Every item of a list, read `size` at a time, following `endCursor`. */
async function allPages<Node>(field: string, query: string, variables: Record<string, unknown>, size: number): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const response: GraphQLResponse<Record<string, Page<Node>>> = await network.query(query, { ...variables, first: size, after }, admin);
    expect(response.body.errors).toBeUndefined();
    const page: Page<Node> = response.body.data![field]!;
    expect(page.edges.length).toBeLessThanOrEqual(size);
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

async function submitReferral() {
  return submitLegalReferral(network, legalReferralInput(), sender);
}

/** Harbor Light's events after `cursor`, as a partner app polling `referralEvents` sees them. */
async function polledEvents(after: string | null) {
  const response = await network.query<{ referralEvents: { pageInfo: { endCursor: string | null }; edges: { node: { id: string; referralId: string; toStatus: string } }[] } }>(
    EVENTS,
    { after },
    sender,
  );
  expect(response.body.errors).toBeUndefined();
  const { pageInfo, edges } = response.body.data!.referralEvents;
  return { endCursor: pageInfo.endCursor, events: edges.map((e) => e.node) };
}

async function allPolledEvents() {
  const events: { id: string; referralId: string; toStatus: string }[] = [];
  for (let after: string | null = null, page; (page = await polledEvents(after)).events.length > 0; after = page.endCursor) events.push(...page.events);
  return events;
}

beforeAll(async () => {
  baseUrl = await hook.listen();
  network = await startTestNetwork({
    persistent: ["network"],
    subgraphEnv: { WEBHOOK_ALLOW_HTTP: "true", WEBHOOK_INTERVAL_MS: "50", WEBHOOK_RETRY_BASE_MS: "200", WEBHOOK_TIMEOUT_MS: "2000" },
  });
  await recordConsent(network, { survivorId: DEMO_SURVIVORS.aster, granteeOrganizationId: DEMO_ORGS.fictionalLegalAid, categories: ["IDENTITY", "CONTACT"] }, sender);
}, 120_000);

afterAll(async () => {
  await network?.stop();
  await hook.close();
});

describe(`webhooks (${databaseMode})`, () => {
  it("delivers each of the organisation's events once, signed, in order, after a failed first attempt", async () => {
    // Events written before a webhook exists are not sent to it (they can be polled).
    const { endCursor: before } = await polledEvents(null);
    await submitReferral();

    const main = await register(`${baseUrl}/main`);
    expect(main.body.errors).toBeUndefined();
    const { secret, subscription } = main.body.data!.registerWebhook;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(subscription).toMatchObject({ url: `${baseUrl}/main`, active: true });
    secrets.set("/main", secret);

    // A second webhook, deactivated at once: it must get nothing.
    const other = (await register(`${baseUrl}/deactivated`)).body.data!.registerWebhook;
    secrets.set("/deactivated", other.secret);
    expect((await network.query(DEACTIVATE, { id: other.subscription.id }, admin)).body.data).toEqual({ deactivateWebhook: { id: other.subscription.id, active: false } });

    const cursor = (await polledEvents(before)).endCursor;
    const referral = await submitReferral();
    await move("acknowledgeReferral", { id: referral.id, expectedVersion: 1 }, receiver);
    await move("declineReferral", { id: referral.id, expectedVersion: 2, reason: "NO_CAPACITY", detail: "Invented (demo): waitlist full." }, receiver);
    const withdrawn = await submitReferral();
    await move("withdrawReferral", { id: withdrawn.id, expectedVersion: 1, reason: "Invented (demo): survivor chose another service." }, sender);

    const expected = (await polledEvents(cursor)).events;
    expect(expected.map((e) => e.toStatus)).toEqual(["SENT", "ACKNOWLEDGED", "DECLINED", "SENT", "WITHDRAWN"]);

    await vi.waitFor(() => expect(hook.accepted("/main").map((r) => r.eventId)).toEqual(expected.map((e) => e.id)), { timeout: 15_000, interval: 50 });
    // Let the worker run a few more rounds: nothing arrives twice.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const all = hook.received.filter((r) => r.path === "/main");
    // The first request failed (500) and was retried: the first event came twice, accepted once.
    expect(all[0]!.answered).toBe(500);
    expect(all[0]!.eventId).toBe(expected[0]!.id);
    expect(all.map((r) => r.eventId)).toEqual([expected[0]!.id, ...expected.map((e) => e.id)]);
    expect(all.every((r) => r.signatureValid)).toBe(true);
    const accepted = hook.accepted("/main");
    expect(new Set(accepted.map((r) => r.eventId)).size).toBe(expected.length);
    const positions = accepted.map((r) => BigInt(r.body.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
    expect(accepted[2]!.body).toEqual({
      id: expected[2]!.id,
      position: accepted[2]!.body.position,
      referralId: referral.id,
      fromStatus: "ACKNOWLEDGED",
      toStatus: "DECLINED",
      version: 3,
      at: stringMatching(/^\d{4}-\d\d-\d\dT/),
      actorOrganizationId: DEMO_ORGS.fictionalLegalAid,
    });
    expect(hook.received.filter((r) => r.path === "/deactivated")).toEqual([]);

    // The largest page there is fits the gateway's cost limit.
    const deliveries = await network.query<{ webhookDeliveries: Page<Delivery> }>(DELIVERIES, { id: subscription.id, first: MAX_PAGE_SIZE }, admin);
    expect(deliveries.body.errors).toBeUndefined();
    const records = deliveries.body.data!.webhookDeliveries.edges.map((edge) => edge.node);
    expect(deliveries.body.data!.webhookDeliveries).toMatchObject({ totalCount: records.length, pageInfo: { hasNextPage: false } });
    // Page by page, the same deliveries in the same order, each once.
    expect((await allPages<Delivery>("webhookDeliveries", DELIVERIES, { id: subscription.id }, 2)).map((d) => d.id)).toEqual(records.map((d) => d.id));
    // Newest first.
    expect(records.map((d) => d.eventPosition)).toEqual(accepted.map((r) => r.body.position).reverse());
    // The first failed once, then went through: two attempts; the others went through at once.
    expect(records.at(-1)).toMatchObject({ attempts: 2, lastStatus: 204, deliveredAt: anyOf(String) });
    expect(records.slice(0, -1).every((d) => d.attempts === 1 && d.lastStatus === 204 && d.deliveredAt !== null)).toBe(true);

    // Deactivated: the next event is not sent.
    expect((await network.query(DEACTIVATE, { id: subscription.id }, admin)).body.errors).toBeUndefined();
    const late = await submitReferral();
    expect(late.version).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hook.accepted("/main")).toHaveLength(expected.length);
  });

  it("loses nothing when the network subgraph stops with deliveries pending, and delivers them once after", async () => {
    const registered = (await register(`${baseUrl}/restart`)).body.data!.registerWebhook;
    secrets.set("/restart", registered.secret);
    hook.down.add("/restart");
    const referral = await submitReferral();
    await vi.waitFor(() => expect(hook.received.filter((r) => r.path === "/restart").length).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });

    // A stop (as a crash would) with the delivery failed once and a transition written after it.
    await move("acknowledgeReferral", { id: referral.id, expectedVersion: 1 }, receiver);
    const stopped = await network.stopNetworkSubgraph();
    hook.down.delete("/restart");
    await stopped.restart();

    await vi.waitFor(() => expect(hook.accepted("/restart").map((r) => r.body.toStatus)).toEqual(["SENT", "ACKNOWLEDGED"]), { timeout: 15_000, interval: 50 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const accepted = hook.accepted("/restart");
    const events = (await allPolledEvents()).filter((e) => e.referralId === referral.id);
    expect(accepted.map((r) => r.eventId)).toEqual(events.map((e) => e.id));
    expect(accepted).toHaveLength(2);
    expect(accepted.every((r) => r.signatureValid && r.body.referralId === referral.id)).toBe(true);
    await network.query(DEACTIVATE, { id: registered.subscription.id }, admin);
  });

  it("parks a delivery the receiver refuses for good, or that failed every attempt, and sends the webhook's others; an admin retries or discards it", async () => {
    const registered = (await register(`${baseUrl}/parking`)).body.data!.registerWebhook;
    secrets.set("/parking", registered.secret);
    const PARKED = `query($id: ID) { parkedWebhookDeliveries(subscriptionId: $id, first: 20) { totalCount edges { node { id referralId eventPosition state code reason waitingBehind refusals lastStatus discardReason resolvedByMemberId } } } }`;
    const parked = async () =>
      (
        await network.query<{ parkedWebhookDeliveries: { edges: { node: Record<string, unknown> }[] } }>(PARKED, { id: registered.subscription.id }, admin)
      ).body.data!.parkedWebhookDeliveries.edges.map((e) => e.node);
    const at = (path: string) => hook.accepted(path).map((r) => `${r.body.referralId}@${r.body.version}`);

    // Written while the receiver is down (503: retried, holding the webhook back); once it is up it
    // refuses the poison's first event (400) and, until mended, another's (422).
    hook.down.add("/parking");
    const poison = await submitReferral();
    const mended = await submitReferral();
    const good = await submitReferral();
    await move("acknowledgeReferral", { id: poison.id, expectedVersion: 1 }, receiver);
    await move("acknowledgeReferral", { id: good.id, expectedVersion: 1 }, receiver);
    hook.refuse.set(`${poison.id}@1`, 400);
    hook.refuse.set(`${mended.id}@1`, 422);
    await vi.waitFor(() => expect(hook.received.some((r) => r.path === "/parking")).toBe(true), { timeout: 10_000, interval: 20 });
    hook.down.delete("/parking");
    await vi.waitFor(() => expect(at("/parking")).toEqual([`${good.id}@1`, `${good.id}@2`]), { timeout: 10_000, interval: 50 });
    const items = await parked();
    expect(items.map((p) => [p.referralId, p.state])).toEqual([
      [poison.id, "PARKED"],
      [mended.id, "PARKED"],
      [poison.id, "WAITING"],
    ]);
    expect(items[0]).toMatchObject({ code: "HTTP_400", lastStatus: 400 });
    expect(items[0]!.reason).toContain("refused it (HTTP 400)");
    expect(items[2]).toMatchObject({ waitingBehind: items[0]!.id, code: null });
    // The poison's acknowledgement was never sent: it waits behind the refused event.
    expect(hook.received.filter((r) => r.path === "/parking" && r.body.referralId === poison.id && r.answered !== 503).map((r) => [r.body.version, r.answered])).toEqual([
      [1, 400],
    ]);

    // Retry once the receiver takes it; discard the poison (what waited behind it goes).
    hook.refuse.delete(`${mended.id}@1`);
    const retried = await network.query(`mutation($id: ID!) { retryWebhookDelivery(id: $id) { state } }`, { id: items[1]!.id }, admin);
    expect(retried.body.data).toEqual({ retryWebhookDelivery: { state: "QUEUED" } });
    const discarded = await network.query<{ discardWebhookDelivery: Record<string, unknown> }>(
      `mutation($id: ID!, $reason: String!) { discardWebhookDelivery(id: $id, reason: $reason) { state discardReason resolvedByMemberId } }`,
      { id: items[0]!.id, reason: "Invented (demo): the receiver cannot take submissions of this kind" },
      admin,
    );
    expect(discarded.body.data!.discardWebhookDelivery).toEqual({
      state: "DISCARDED",
      discardReason: "Invented (demo): the receiver cannot take submissions of this kind",
      resolvedByMemberId: DEMO_MEMBERS.harborAdmin,
    });
    await vi.waitFor(() => expect(at("/parking")).toEqual([`${good.id}@1`, `${good.id}@2`, `${mended.id}@1`, `${poison.id}@2`]), { timeout: 10_000, interval: 50 });
    expect(await parked()).toEqual([]);
    // Another organisation's admin cannot touch it; a caseworker cannot even ask.
    const stranger = await network.query(`mutation($id: ID!) { retryWebhookDelivery(id: $id) { state } }`, { id: items[1]!.id }, { as: "legal-admin" });
    expect(stranger.body.errors?.[0]?.extensions?.code).toBe(ERROR_CODES.NOT_FOUND);

    // One that fails every attempt is parked too (its attempts brought near the end, as after a day of 503s).
    hook.down.add("/parking");
    const late = await submitReferral();
    await vi.waitFor(() => expect(hook.received.some((r) => r.path === "/parking" && r.body.referralId === late.id)).toBe(true), { timeout: 10_000, interval: 20 });
    const stopped = await network.stopNetworkSubgraph();
    await sqlOnStoppedNetwork(stopped.database, `UPDATE webhook_delivery SET attempts = 11, next_attempt_at = now() WHERE referral_id = '${late.id}'`);
    await stopped.restart();
    await vi.waitFor(async () => expect((await parked()).map((p) => [p.referralId, p.state, p.refusals])).toEqual([[late.id, "PARKED", 12]]), { timeout: 10_000, interval: 100 });
    expect((await parked())[0]!.reason).toMatch(/^Given up after 12 failed attempts; the last: HTTP 503/);
    hook.down.delete("/parking");
    await network.query(DEACTIVATE, { id: registered.subscription.id }, admin);
  });

  it("never shows a secret after registration", async () => {
    const registered = await register(`${baseUrl}/listed`);
    const { secret } = registered.body.data!.registerWebhook;
    const listed = await network.query<{ webhookSubscriptions: Page<{ id: string; url: string }> }>(SUBSCRIPTIONS, { first: MAX_PAGE_SIZE }, admin);
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data!.webhookSubscriptions.edges.map((e) => e.node.url)).toContain(`${baseUrl}/listed`);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const asked = await network.query(`{ webhookSubscriptions { edges { node { id secret } } } }`, undefined, admin);
    expect(asked.body.errors![0]!.message).toBe('Cannot query field "secret" on type "WebhookSubscription".');
    await network.query(DEACTIVATE, { id: registered.body.data!.registerWebhook.subscription.id }, admin);
  });

  it("pages the organisation's webhooks newest first, active or not", async () => {
    const ids = await registerEach(["https://partner.example.org/paged/0", "https://partner.example.org/paged/1", "https://partner.example.org/paged/2"], { deactivated: true });
    const first = await network.query<{ webhookSubscriptions: Page<{ id: string }> }>(SUBSCRIPTIONS, {}, admin);
    expect(first.body.errors).toBeUndefined();
    const listed = await allPages<{ id: string; createdAt: string; active: boolean }>("webhookSubscriptions", SUBSCRIPTIONS, {}, 2);
    expect(listed).toHaveLength(first.body.data!.webhookSubscriptions.totalCount);
    expect(new Set(listed.map((s) => s.id)).size).toBe(listed.length);
    const newestFirst = [...listed].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    expect(listed.map((s) => s.id)).toEqual(newestFirst.map((s) => s.id));
    expect(listed.filter((s) => ids.includes(s.id)).map((s) => [s.id, s.active])).toEqual(ids.toReversed().map((id) => [id, false]));
  });

  it("refuses a page size out of range and a cursor it did not issue", async () => {
    const subscriptionCursor = (await network.query<{ webhookSubscriptions: Page<unknown> }>(SUBSCRIPTIONS, { first: 1 }, admin)).body.data!.webhookSubscriptions.pageInfo
      .endCursor;
    const [someWebhook] = (await network.query<{ webhookSubscriptions: Page<{ id: string }> }>(SUBSCRIPTIONS, {}, admin)).body.data!.webhookSubscriptions.edges;
    const forged = Buffer.from(JSON.stringify({ k: "12345678901234567890", id: randomUUID() })).toString("base64url");
    const cases: [string, Record<string, unknown>, string][] = [
      [SUBSCRIPTIONS, { first: 0 }, `\`first\` must be between 1 and ${MAX_PAGE_SIZE}`],
      [SUBSCRIPTIONS, { first: MAX_PAGE_SIZE + 1 }, `\`first\` must be between 1 and ${MAX_PAGE_SIZE}`],
      [SUBSCRIPTIONS, { after: "not-a-cursor" }, "The `after` cursor is not one this API issued"],
      [SUBSCRIPTIONS, { after: forged }, "The `after` cursor is not one this API issued"],
      [DELIVERIES, { id: someWebhook!.node.id, first: -1 }, `\`first\` must be between 1 and ${MAX_PAGE_SIZE}`],
      [DELIVERIES, { id: someWebhook!.node.id, after: subscriptionCursor }, "The `after` cursor is not one this API issued"],
      [DELIVERIES, { id: someWebhook!.node.id, after: forged }, "The `after` cursor is not one this API issued"],
    ];
    for (const [query, variables, message] of cases) {
      const response = await network.query(query, variables, admin);
      expect(
        response.body.errors?.map((e) => [e.extensions?.code, e.message]),
        JSON.stringify(variables),
      ).toEqual([[ERROR_CODES.BAD_USER_INPUT, message]]);
    }
  });

  it("lets only the organisation's admin manage webhooks", async () => {
    const refused = await register(`${baseUrl}/caseworker`, sender);
    expect(refused.status).toBe(403);
    expect(refused.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
    const listed = await network.query(SUBSCRIPTIONS, undefined, sender);
    expect(listed.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
    // Another organisation's webhook (here: one that does not exist) is not found.
    const unknown = await network.query(DELIVERIES, { id: randomUUID() }, admin);
    expect(unknown.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.NOT_FOUND);
  });

  it.each([
    ["a non-http scheme", "ftp://partner.example.org/hook", "url: must be an https: or http: URL"],
    ["credentials in the URL", "https://user:pass@partner.example.org/hook", "url: must not carry credentials"],
    ["a host that is neither a DNS name nor an IP address", "https://partner_app!.example.org/hook", "url: must name a host by DNS name or IP address"],
    ["something that is not a URL", "partner.example.org/hook", "url: must be an absolute URL"],
  ])("refuses %s", async (_name, url, message) => {
    const response = await register(url);
    expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.BAD_USER_INPUT);
    expect(response.body.errors![0]!.message).toBe(`Invalid url: ${message}`);
  });

  it("refuses a sixth active webhook of an organisation", async () => {
    const ids = await registerEach(
      [0, 1, 2, 3, 4].map((i) => `https://partner.example.org/hook/${i}`),
      { deactivated: false },
    );
    const sixth = await register("https://partner.example.org/hook/6");
    expect(sixth.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.BAD_USER_INPUT);
    expect(sixth.body.errors![0]!.message).toMatch(/already has 5 active webhooks/);
    for (const id of ids) await network.query(DEACTIVATE, { id }, admin);
  });
});

describe("webhook URLs without WEBHOOK_ALLOW_HTTP (production)", () => {
  const production = webhookUrlSchema(false);
  it.each([
    ["http://partner.example.org/hook", "must be an https: URL"],
    ["https://127.0.0.1/hook", "must not point at a loopback, private or link-local address"],
    ["https://169.254.169.254/latest", "must not point at a loopback, private or link-local address"],
    ["https://localhost/hook", "must not point at a loopback, private or link-local address"],
    ["https://[::1]/hook", "must not point at a loopback, private or link-local address"],
  ])("refuses %s", (url, message) => {
    const result = production.safeParse(url);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toEqual([message]);
  });

  it("accepts an https URL of a public host", () => {
    expect(production.safeParse("https://partner.example.org/hooks/srn?x=1").success).toBe(true);
    expect(production.safeParse("https://203.0.113.7:8443/hook").success).toBe(true);
  });
});
