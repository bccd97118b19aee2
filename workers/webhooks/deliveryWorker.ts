import { randomUUID } from "node:crypto";
import type { Logger } from "../../platform/logger.js";
import type { SystemCall } from "../../platform/systemClient.js";
import { WEBHOOK_EVENT_ID_HEADER, WEBHOOK_SIGNATURE_HEADER } from "../../vocabulary/webhooks.js";
import { backoffDelay, startRounds, type Rounds } from "../retry.js";

/** A delivery is given up after this many failed attempts (about a day with the default base). */
export const WEBHOOK_MAX_ATTEMPTS = 12;
/** The longest wait between two attempts. */
export const WEBHOOK_MAX_BACKOFF_MS = 60 * 60 * 1000;
/** Deliveries per subscription and round, so that one busy receiver cannot hold the others up. */
const DELIVER_BATCH = 100;
const RECORD = `mutation Record($input: WebhookAttemptInput!) { _recordWebhookAttempt(input: $input) }`;
/** How much longer than a receiver's time to answer a delivery stays leased to the worker sending it. */
const LEASE_MARGIN_MS = 5000;

export interface WebhookWorkerConfig {
  /** How often the worker enqueues new events and delivers due ones. */
  intervalMs: number;
  /** The first retry waits this long; each further one twice as long, up to an hour. */
  retryBaseMs: number;
  /** A receiver that has not answered by then counts as a failed attempt. */
  timeoutMs: number;
}

export interface WebhookWorkerOptions {
  log: Logger;
  config: WebhookWorkerConfig;
}

/**
 * Whether a receiver's answer refuses the delivery for good: a 4xx says the request itself is wrong
 * for it, and sending the same one again gets the same answer — except 408 (it timed out), 425 (too
 * early) and 429 (too many): those ask us to come back later. A 5xx, a redirect (never followed) or
 * no answer is the receiver failing now, and is retried.
 */
export function isPermanentWebhookRefusal(status: number | null): boolean {
  return status !== null && status >= 400 && status < 500 && ![408, 425, 429].includes(status);
}

interface Claim {
  id: string;
  url: string;
  eventId: string;
  body: string;
  signature: string;
  attempts: number;
  leaseUntil: string;
  position: string;
  referralId: string;
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** One attempt: the signed body to the webhook's URL, within `timeoutMs` (or until `stop`). */
async function post(head: Claim, timeoutMs: number, stopping: AbortSignal): Promise<Outcome> {
  try {
    const response = await fetch(head.url, {
      method: "POST",
      headers: { "content-type": "application/json", [WEBHOOK_EVENT_ID_HEADER]: head.eventId, [WEBHOOK_SIGNATURE_HEADER]: head.signature },
      body: head.body,
      // A redirect is not followed (it could point anywhere, including inside our network).
      redirect: "manual",
      signal: AbortSignal.any([stopping, AbortSignal.timeout(timeoutMs)]),
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    return { ok: false, status: null, error: name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `${name}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The longest wait between failed rounds (the network unreachable), in intervals and at most a minute: short, since every delivery waits meanwhile. */
const ROUND_MAX_BACKOFF_INTERVALS = 20;
const ROUND_MAX_BACKOFF_MS = 60_000;

/**
 * Delivers the referral events to the organisations' webhooks. The network keeps the queue (the
 * `referral_event` rows are the outbox; `subgraphs/network/webhooks/deliveryQueue.ts` derives a
 * delivery per event and webhook and leases them out); this worker, in the workers process, asks
 * for them over the network's internal calls, sends each, and records what came of it, retrying
 * with the workers' one back-off (`../retry.ts`) until it arrives. A crash anywhere loses nothing:
 * a delivery not recorded comes due again when its lease runs out (a record the network was down
 * for is sent again at the next round, so that a short outage does not wait out the lease). A crash between a receiver's
 * 2xx and our record of it means that event is sent again: delivery is at least once, and receivers
 * de-duplicate by the event id header.
 *
 * A delivery the receiver refuses for good, or that failed every attempt, is parked with its
 * reason (docs/design.md, "Referrals across two databases", for the same idea in the relay): its
 * referral's later events to that webhook wait behind it, the others go on, and the organisation's
 * admin retries or discards it (`parkedWebhookDeliveries`).
 */
export function startWebhookWorker(network: SystemCall, { log, config }: WebhookWorkerOptions): Rounds {
  const aborter = new AbortController();
  // Who leases deliveries: this process alone (a lost answer to its claim lets it lease the same one again).
  const holder = randomUUID();
  let stopped = false;
  const call = <T>(query: string, variables: Record<string, unknown> = {}) => network<T>(query, variables, `webhooks-${randomUUID()}`);

  // Attempts whose record did not reach the network (it was down): sent again first thing next round.
  // A failure that arrives after its lease is not taken there; the delivery is simply due again.
  const unrecorded = new Map<string, Record<string, unknown>>();

  // Rounds that failed in a row (the network down or refusing): the next is not tried before
  // `notBefore`, the wait doubling from the interval up to 20 intervals or a minute, as the relay holds back a channel.
  let failedRounds = 0;
  let notBefore = 0;

  const round = async (): Promise<number> => {
    if (Date.now() < notBefore) return 0;
    try {
      for (const [id, input] of unrecorded) {
        await call(RECORD, { input });
        unrecorded.delete(id);
      }
      const { _enqueueWebhookEvents: subscriptions } = await call<{ _enqueueWebhookEvents: string[] }>(`mutation { _enqueueWebhookEvents }`);
      if (stopped) return 0;
      const delivered = await Promise.all(subscriptions.map((id) => deliverDue(id)));
      failedRounds = 0;
      notBefore = 0;
      return delivered.reduce((sum, n) => sum + n, 0);
    } catch (error) {
      if (stopped) return 0;
      failedRounds += 1;
      const retryInMs = backoffDelay(failedRounds, { baseMs: config.intervalMs, maxMs: Math.min(ROUND_MAX_BACKOFF_MS, ROUND_MAX_BACKOFF_INTERVALS * config.intervalMs) });
      notBefore = Date.now() + retryInMs;
      log.error({ err: error, failedRounds, retryInMs }, "webhook round failed; will retry after a growing wait");
      return 0;
    }
  };

  // Oldest first, one at a time (the network hands out a webhook's head only): a receiver sees a
  // subscription's events in position order; a failing one holds the later ones back.
  const deliverDue = async (subscriptionId: string): Promise<number> => {
    let delivered = 0;
    for (let i = 0; i < DELIVER_BATCH && !stopped; i++) {
      const { _claimWebhookDelivery: head } = await call<{ _claimWebhookDelivery: Claim | null }>(
        `mutation Claim($subscriptionId: ID!, $leaseMs: Int!, $holder: ID!) { _claimWebhookDelivery(subscriptionId: $subscriptionId, leaseMs: $leaseMs, holder: $holder) { id url eventId body signature attempts leaseUntil position referralId } }`,
        { subscriptionId, leaseMs: config.timeoutMs + LEASE_MARGIN_MS, holder },
      );
      if (!head) return delivered;
      const outcome = await post(head, config.timeoutMs, aborter.signal);
      // Stopping cut it short: not the receiver's failure; the lease runs out and it goes again.
      if (stopped) return delivered;
      const attempts = head.attempts + 1;
      if (outcome.ok) {
        await record({ id: head.id, outcome: "DELIVERED", attempts, status: outcome.status });
        delivered += 1;
        continue;
      }
      const failed = { id: head.id, attempts, status: outcome.status, error: outcome.error.slice(0, 500), leaseUntil: head.leaseUntil };
      const where = { subscriptionId, position: head.position, referralId: head.referralId, attempts, status: outcome.status };
      if (isPermanentWebhookRefusal(outcome.status) || attempts >= WEBHOOK_MAX_ATTEMPTS) {
        const reason = isPermanentWebhookRefusal(outcome.status)
          ? `The receiver refused it (${outcome.error}); sending it again would get the same answer`
          : `Given up after ${attempts} failed attempts; the last: ${outcome.error}`;
        await record({ ...failed, outcome: "PARK", reason: reason.slice(0, 500) });
        log.warn(where, "webhook delivery parked; the referral's later events wait behind it, the webhook's others go on");
        continue;
      }
      const wait = backoffDelay(attempts, { baseMs: config.retryBaseMs, maxMs: WEBHOOK_MAX_BACKOFF_MS });
      await record({ ...failed, outcome: "RETRY", nextAttemptAt: new Date(Date.now() + wait).toISOString() });
      log.warn(where, "webhook delivery failed; will retry, holding back the webhook's later events");
      return delivered;
    }
    return delivered;
  };

  const record = async (input: Record<string, unknown> & { id: string }) => {
    unrecorded.set(input.id, input);
    await call(RECORD, { input });
    unrecorded.delete(input.id);
  };

  const rounds = startRounds(round, { intervalMs: config.intervalMs, keepAlive: true });
  return {
    kick: () => rounds.kick(),
    runOnce: () => rounds.runOnce(),
    async stop() {
      stopped = true;
      aborter.abort();
      await rounds.stop();
    },
  };
}
