import { randomUUID } from "node:crypto";
import type { ReferralEvent as ReferralEventRow } from "../../../prisma/network/generated/client.js";
import type { NetworkDb } from "../db.js";
import { signWebhook } from "./signature.js";

/**
 * The network's side of webhook delivery: its queue of deliveries, in its own database. The
 * `referral_event` rows are the outbox (written in the transition's own transaction); deliveries are
 * derived from them here, one per subscription and position, and handed out one at a time under a
 * lease. The workers process (workers/webhooks/deliveryWorker.ts) does the sending, the retrying and
 * the deciding over these calls, the system principal's alone
 * (`resolvers/WebhookDeliveryQueueResolver.ts`); docs/design.md, "The workers", says why they are
 * calls and not a second opening of this database.
 */

/** Events enqueued per subscription and round; the rest wait for the next round. */
const ENQUEUE_BATCH = 1000;

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

/**
 * Enqueues every active subscription's new events; answers the active subscriptions' ids.
 *
 * Positions become visible in order (README, "Event feeds"): once an event is seen, none below it can
 * still appear, so `enqueuedUpTo` moves straight to the last event enqueued. Two workers replicas may
 * enqueue the same events: a delivery is unique per subscription and position.
 */
export async function enqueueWebhookEvents(db: NetworkDb): Promise<string[]> {
  const subscriptions = await db.webhookSubscription.findMany({ where: { active: true }, select: { id: true, organizationId: true, enqueuedUpTo: true } });
  for (const subscription of subscriptions) {
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
  }
  return subscriptions.map((s) => s.id);
}

/** A delivery handed to a worker: where to send what, already signed, and how many attempts came before. */
export interface WebhookDeliveryClaim {
  id: string;
  url: string;
  eventId: string;
  /** The JSON body, exactly as signed. */
  body: string;
  signature: string;
  /** Failed attempts before this one. */
  attempts: number;
  /** Until when it is the caller's: a failure recorded after that (another worker may have it now) is not taken. */
  leaseUntil: Date;
  position: string;
  referralId: string;
}

/**
 * The subscription's next delivery, if it is due, leased to the caller for `leaseMs`; else null.
 *
 * Oldest first, one at a time: a receiver sees a subscription's events in position order. A failing
 * one holds the later ones back until it arrives or is parked; a parked one holds back its
 * referral's later events only. The lease: another replica's worker that read the same head finds it
 * no longer due, and a worker that stops (or crashes) mid-delivery leaves it to come due again when
 * the lease runs out. The `holder` (a random id per workers process) may lease its own head again
 * before then: it sends one delivery of a webhook at a time, so asking again means the answer to its
 * last claim was lost, and it is not sending it now. The body is signed here, so the subscription's secret never leaves the network.
 */
export async function claimWebhookDelivery(db: NetworkDb, subscriptionId: string, leaseMs: number, holder: string): Promise<WebhookDeliveryClaim | null> {
  const [next] = await db.$queryRaw<{ id: string }[]>`
    SELECT d.id FROM webhook_delivery d
    WHERE d.subscription_id = ${subscriptionId}::uuid AND d.delivered_at IS NULL AND (d.parked_state IS NULL OR d.parked_state = 'QUEUED')
      AND NOT EXISTS (SELECT 1 FROM webhook_delivery p WHERE p.subscription_id = d.subscription_id AND p.referral_id = d.referral_id AND p.parked_state = 'PARKED' AND p.event_position < d.event_position)
    ORDER BY d.event_position LIMIT 1`;
  const head = next ? await db.webhookDelivery.findUnique({ where: { id: next.id }, include: { subscription: { select: { url: true, secret: true } } } }) : null;
  const now = new Date();
  if (!head || (head.nextAttemptAt > now && head.leasedBy !== holder)) return null;
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const claimed = await db.webhookDelivery.updateMany({
    where: { id: head.id, deliveredAt: null, nextAttemptAt: head.nextAttemptAt },
    data: { nextAttemptAt: leaseUntil, leasedBy: holder },
  });
  if (claimed.count === 0) return null;
  const event = await db.referralEvent.findUnique({ where: { position: head.eventPosition } });
  if (!event) return null;
  const body = JSON.stringify(webhookPayload(event));
  return {
    id: head.id,
    url: head.subscription.url,
    eventId: event.id,
    body,
    signature: signWebhook(head.subscription.secret, body, new Date()),
    attempts: head.attempts,
    leaseUntil,
    position: head.eventPosition.toString(),
    referralId: head.referralId,
  };
}

/** What became of an attempt, as the worker decided it; `leaseUntil` is the claim's. */
export type WebhookAttempt =
  | { outcome: "DELIVERED"; attempts: number; status: number }
  | { outcome: "RETRY"; attempts: number; status: number | null; error: string; nextAttemptAt: Date; leaseUntil: Date }
  | { outcome: "PARK"; attempts: number; status: number | null; error: string; reason: string; leaseUntil: Date };

/**
 * Records an attempt on the delivery. Answers false when it was not taken: no such delivery, or a
 * failure that arrives after the claim's lease ran out (another worker may have it by now, or have
 * delivered it; the delivery is due again anyway). A delivery that arrived is recorded whenever
 * its record comes.
 */
export async function recordWebhookAttempt(db: NetworkDb, id: string, attempt: WebhookAttempt): Promise<boolean> {
  const head = await db.webhookDelivery.findUnique({ where: { id }, select: { parkedState: true } });
  if (!head) return false;
  if (attempt.outcome === "DELIVERED") {
    // The successful attempt counts too: a delivered item says how many tries it took (1 at best).
    await db.webhookDelivery.update({
      where: { id },
      data: {
        attempts: attempt.attempts,
        deliveredAt: new Date(),
        lastStatus: attempt.status,
        lastError: null,
        leasedBy: null,
        ...(head.parkedState ? { parkedState: "DELIVERED" } : {}),
      },
    });
    return true;
  }
  // No longer leased: its holder waits out the back-off like anyone.
  const failed = { attempts: attempt.attempts, lastStatus: attempt.status, lastError: attempt.error.slice(0, 500), leasedBy: null };
  const stillLeased = { id, deliveredAt: null, nextAttemptAt: attempt.leaseUntil };
  const recorded =
    attempt.outcome === "PARK"
      ? await db.webhookDelivery.updateMany({ where: stillLeased, data: { ...failed, parkedState: "PARKED", parkedAt: new Date(), parkReason: attempt.reason.slice(0, 500) } })
      : await db.webhookDelivery.updateMany({ where: stillLeased, data: { ...failed, nextAttemptAt: attempt.nextAttemptAt } });
  return recorded.count > 0;
}
