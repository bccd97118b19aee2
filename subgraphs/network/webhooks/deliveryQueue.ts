import { randomUUID } from "node:crypto";
import type { ReferralEvent as ReferralEventRow } from "../../../prisma/network/generated/client.js";
import type { Logger } from "../../../platform/logger.js";
import type { BackgroundWork } from "../../kit/subgraph.js";
import type { NetworkDb } from "../db.js";
import { signWebhook, WEBHOOK_EVENT_ID_HEADER, WEBHOOK_SIGNATURE_HEADER } from "./signature.js";
import { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_MAX_BACKOFF_MS, type WebhookConfig } from "./webhookConfig.js";

/** Events enqueued per subscription and round; the rest wait for the next round. */
const ENQUEUE_BATCH = 1000;
/** Deliveries per subscription and round, so that one busy receiver cannot hold the others up. */
const DELIVER_BATCH = 100;

/** What a receiver gets: the event's facts, never survivor data or free text. */
export function webhookPayload(event: ReferralEventRow) {
  return {
    id: event.id,
    position: event.position.toString(),
    referralId: event.referralId,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    version: event.version,
    at: event.at.toISOString(),
    actorOrganizationId: event.actorOrganizationId,
  };
}

export interface WebhookWorkerOptions {
  log: Logger;
  config: WebhookConfig;
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

/**
 * Delivers the referral events to the organisations' webhooks. The `referral_event` rows are the
 * outbox (written in the transition's own transaction); deliveries are derived from them here and
 * retried until they arrive, so a crash anywhere loses nothing. A crash between a receiver's 2xx
 * and our record of it means that event is sent again: delivery is at least once, and receivers
 * de-duplicate by the event id header.
 *
 * A delivery the receiver refuses for good, or that failed every attempt, is parked with its
 * reason (docs/design.md, "Referrals across two databases", for the same idea in the relay): its
 * referral's later events to that webhook wait behind it, the others go on, and the organisation's
 * admin retries or discards it (`parkedWebhookDeliveries`).
 */
export function startWebhookWorker(db: NetworkDb, { log, config }: WebhookWorkerOptions): BackgroundWork {
  const aborter = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      round = runRound().finally(schedule);
    }, config.intervalMs);
  };

  const runRound = async () => {
    try {
      const subscriptions = await db.webhookSubscription.findMany({ where: { active: true }, select: { id: true, organizationId: true, enqueuedUpTo: true, url: true, secret: true } });
      for (const subscription of subscriptions) {
        if (stopped) return;
        await enqueue(subscription);
      }
      await Promise.all(subscriptions.map((s) => deliverDue(s)));
    } catch (error) {
      if (!stopped) log.error({ err: error }, "webhook round failed");
    }
  };

  // Positions become visible in order (README, "Event feeds"): once an event is seen, none below it can
  // still appear, so `enqueuedUpTo` moves straight to the last event enqueued. Workers of two
  // replicas may enqueue the same events: a delivery is unique per subscription and position.
  const enqueue = async (subscription: { id: string; organizationId: string; enqueuedUpTo: bigint }) => {
    await db.$transaction(async (tx) => {
      const events = await tx.referralEvent.findMany({
        where: { position: { gt: subscription.enqueuedUpTo }, organizationIds: { has: subscription.organizationId } },
        select: { position: true, referralId: true },
        orderBy: { position: "asc" },
        take: ENQUEUE_BATCH,
      });
      const last = events.at(-1);
      if (!last) return;
      await tx.webhookDelivery.createMany({
        data: events.map((event) => ({ id: randomUUID(), subscriptionId: subscription.id, eventPosition: event.position, referralId: event.referralId })),
        skipDuplicates: true,
      });
      await tx.webhookSubscription.updateMany({ where: { id: subscription.id, enqueuedUpTo: { lt: last.position } }, data: { enqueuedUpTo: last.position } });
    });
  };

  // Oldest first, one at a time: a receiver sees a subscription's events in position order. A
  // failing one holds the later ones back until it arrives or is parked; a parked one holds back its
  // referral's later events only.
  const deliverDue = async (subscription: { id: string; url: string; secret: string }) => {
    for (let i = 0; i < DELIVER_BATCH && !stopped; i++) {
      const [next] = await db.$queryRaw<{ id: string }[]>`
        SELECT d.id FROM webhook_delivery d
        WHERE d.subscription_id = ${subscription.id}::uuid AND d.delivered_at IS NULL AND (d.parked_state IS NULL OR d.parked_state = 'QUEUED')
          AND NOT EXISTS (SELECT 1 FROM webhook_delivery p WHERE p.subscription_id = d.subscription_id AND p.referral_id = d.referral_id AND p.parked_state = 'PARKED' AND p.event_position < d.event_position)
        ORDER BY d.event_position LIMIT 1`;
      const head = next ? await db.webhookDelivery.findUnique({ where: { id: next.id } }) : null;
      const now = new Date();
      if (!head || head.nextAttemptAt > now) return;
      // A lease: another replica's worker that read the same head finds it no longer due.
      const claimed = await db.webhookDelivery.updateMany({
        where: { id: head.id, deliveredAt: null, nextAttemptAt: head.nextAttemptAt },
        data: { nextAttemptAt: new Date(now.getTime() + config.timeoutMs + 5000) },
      });
      if (claimed.count === 0) return;
      const event = await db.referralEvent.findUnique({ where: { position: head.eventPosition } });
      if (!event) return;
      const outcome = await post(subscription, event);
      // Stopping cut it short: not the receiver's failure; the lease runs out and it goes again.
      if (stopped) return;
      const attempts = head.attempts + 1;
      if (outcome.ok) {
        // The successful attempt counts too: a delivered item says how many tries it took (1 at best).
        await db.webhookDelivery.update({
          where: { id: head.id },
          data: { attempts, deliveredAt: new Date(), lastStatus: outcome.status, lastError: null, ...(head.parkedState ? { parkedState: "DELIVERED" } : {}) },
        });
        continue;
      }
      const failed = { attempts, lastStatus: outcome.status, lastError: outcome.error.slice(0, 500) };
      const where = { subscriptionId: subscription.id, position: head.eventPosition.toString(), referralId: head.referralId, attempts, status: outcome.status };
      if (isPermanentWebhookRefusal(outcome.status) || attempts >= WEBHOOK_MAX_ATTEMPTS) {
        const reason = isPermanentWebhookRefusal(outcome.status)
          ? `The receiver refused it (${outcome.error}); sending it again would get the same answer`
          : `Given up after ${attempts} failed attempts; the last: ${outcome.error}`;
        await db.webhookDelivery.update({ where: { id: head.id }, data: { ...failed, parkedState: "PARKED", parkedAt: new Date(), parkReason: reason.slice(0, 500) } });
        log.warn(where, "webhook delivery parked; the referral's later events wait behind it, the webhook's others go on");
        continue;
      }
      const wait = Math.min(WEBHOOK_MAX_BACKOFF_MS, config.retryBaseMs * 2 ** head.attempts);
      await db.webhookDelivery.update({ where: { id: head.id }, data: { ...failed, nextAttemptAt: new Date(Date.now() + wait) } });
      log.warn(where, "webhook delivery failed; will retry, holding back the webhook's later events");
      return;
    }
  };

  const post = async (subscription: { url: string; secret: string }, event: ReferralEventRow): Promise<{ ok: true; status: number } | { ok: false; status: number | null; error: string }> => {
    const body = JSON.stringify(webhookPayload(event));
    try {
      const response = await fetch(subscription.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [WEBHOOK_EVENT_ID_HEADER]: event.id,
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(subscription.secret, body, new Date()),
        },
        body,
        // A redirect is not followed (it could point anywhere, including inside our network).
        redirect: "manual",
        signal: AbortSignal.any([aborter.signal, AbortSignal.timeout(config.timeoutMs)]),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      return { ok: false, status: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      const name = error instanceof Error ? error.name : "Error";
      return { ok: false, status: null, error: name === "TimeoutError" ? `no answer within ${config.timeoutMs} ms` : `${name}: ${error instanceof Error ? error.message : String(error)}` };
    }
  };

  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      aborter.abort();
      await round;
    },
  };
}
