import type { Logger } from "../../platform/logger.js";
import { backoffDelay, startRounds, type Rounds } from "../retry.js";
import { classifyDeliveryFailure, DeliveryFailureKind, type DeliveryFailure } from "./deliveryFailure.js";
import { DEFAULT_PARK_AFTER_FAILURES, repeatedFailures, type RepeatedFailures } from "./repeatedFailures.js";

/**
 * Carries messages from one subgraph's outbox to wherever they must take effect, for the steps of
 * a workflow that cross two databases (a shelter's intake and the referral's status): no
 * transaction spans both, so the source writes the message in the same transaction as its own
 * change, and this relay applies it at the destination until it is acknowledged.
 *
 * Guarantees: at-least-once delivery; a message is acknowledged only after its delivery
 * succeeded, so a crash between the two redelivers it — destinations must be idempotent (they
 * are: keyed by the message's own id or the referral's transition id). Order is kept per
 * referral, not across the channel (docs/design.md, "Referrals across two databases"), and a
 * failure is answered by its kind (`deliveryFailure.ts`):
 * - refused for good: the message is parked at the source with its reason, the referral's later
 *   messages wait behind it (the source holds them back too, across restarts), every other
 *   referral's messages flow on; an admin retries or discards it;
 * - failed (a 500, a code not recognised): the referral waits, the others flow on, and the message
 *   is tried again after a growing wait; it is parked (REPEATED_FAILURE) only after failing again
 *   and again while the destination took other messages (`repeatedFailures.ts`);
 * - unavailable (the destination down, slow, or out of step with the workers): the whole channel
 *   is held back and retried with a growing wait, since every message would meet it alike.
 * Within a referral, positions become visible in order (README "Event feeds"), so none of its
 * messages appears behind a later one.
 */
export interface OutboxMessage {
  id: string;
  /** Whose steps these are: messages of one referral are delivered in order, others do not wait for them. */
  referralId: string;
}

export interface OutboxChannel<M extends OutboxMessage = OutboxMessage> {
  name: string;
  /**
   * Messages to deliver, oldest first: the undelivered ones, and the ones sent back in line (by an
   * admin, or kept aside by `hold`), never a parked one nor one of a referral that has one parked
   * ahead of it.
   */
  pull(limit: number): Promise<M[]>;
  /** Applies one message at its destination; must be idempotent. Throws to retry later, or to have it parked (a permanent failure). */
  deliver(message: M): Promise<void>;
  /** Marks messages delivered at the source; must be idempotent. */
  ack(ids: string[]): Promise<void>;
  /**
   * Records at the source, durably, that the destination refused the message for good (or failed
   * it again and again) and why; from then on the referral's later messages wait behind it. Must
   * be idempotent (another replica may park the same message).
   */
  park(message: M, failure: DeliveryFailure): Promise<void>;
  /**
   * Records at the source that the message failed and is being retried (QUEUED, with its last
   * failure, shown on the referral), kept aside so that acknowledging later messages of other
   * referrals does not pass it by, and so that its referral's later messages wait behind it. Called
   * before any later message is acknowledged. Must be idempotent.
   */
  hold(message: M, failure: DeliveryFailure): Promise<void>;
}

export interface OutboxRelayOptions {
  /** How often each channel is polled when idle. */
  intervalMs: number;
  batchSize: number;
  /** Longest wait after repeated failures (the wait doubles from `intervalMs`), of a channel or of one message. */
  maxBackoffMs: number;
  /** Failures in a row after which a failing message is parked, if the destination took others meanwhile; default `DEFAULT_PARK_AFTER_FAILURES`. */
  parkAfterFailures?: number;
  logger: Logger;
}

/**
 * `kick` runs every channel now (a nudge after a mutation that wrote to an outbox); `runOnce` is one
 * pass over every channel and resolves with how many messages were delivered (`../retry.ts`).
 */
export type OutboxRelay = Rounds;

interface ChannelState {
  channel: OutboxChannel;
  failures: number;
  notBefore: number;
  messages: RepeatedFailures;
}

/** The most a source hands out in one pull (both sources' limit). */
const MAX_PULL = 500;

type Failing = { message: OutboxMessage; failure: DeliveryFailure; kept: boolean };

/** One pass over one channel: what it delivered, and what it held back and kept aside meanwhile. */
class ChannelPass {
  delivered = 0;
  /** The message at its destination right now: named in the log if the destination is unavailable. */
  current: OutboxMessage | null = null;
  /** Every message this pass saw (the failure counts of the others are forgotten). */
  readonly seen = new Set<string>();
  // Referrals whose earlier message did not go through in this pass: their later messages wait
  // (and a message passed by is not tried again before the next pass).
  private readonly held = new Set<string>();
  // Messages passed by for failing (now, or before and still waiting): kept aside at the source before anything after them is acknowledged.
  private readonly failing = new Map<string, Failing>();
  private passedBy = 0;

  constructor(
    private readonly state: ChannelState,
    private readonly options: OutboxRelayOptions,
  ) {}

  /** Pulls and delivers batches until the source has nothing more for this pass; throws when the destination is unavailable. */
  async run(): Promise<void> {
    for (;;) {
      const limit = Math.min(this.options.batchSize + this.passedBy, MAX_PULL);
      const messages = await this.state.channel.pull(limit);
      if (messages.length === 0) return;
      const { done, parked } = await this.deliverBatch(messages);
      // A short batch was the last; a batch that moved nothing would come back the same.
      if (messages.length < limit || (done === 0 && parked === 0)) return;
    }
  }

  private async deliverBatch(messages: readonly OutboxMessage[]): Promise<{ done: number; parked: number }> {
    const done: string[] = [];
    let parked = 0;
    try {
      for (const message of messages) parked += await this.deliverOne(message, done);
    } finally {
      // What was delivered is acknowledged even when a later message failed; what failed before it is kept aside first.
      parked += await this.settleFailing(done.length > 0);
      if (done.length > 0) await this.state.channel.ack(done);
      this.delivered += done.length;
    }
    return { done: done.length, parked };
  }

  /** One message: passed by (its referral waits), delivered (into `done`), parked (answers 1) or kept for a retry; rethrows an unavailable destination. */
  private async deliverOne(message: OutboxMessage, done: string[]): Promise<number> {
    this.seen.add(message.id);
    if (this.held.has(message.referralId)) {
      this.passedBy += 1;
      return 0;
    }
    const waiting = this.state.messages.waiting(message.id, Date.now());
    if (waiting) {
      this.held.add(message.referralId);
      this.failing.set(message.id, { message, failure: waiting, kept: false });
      this.passedBy += 1;
      return 0;
    }
    this.current = message;
    let parked = 0;
    try {
      await this.state.channel.deliver(message);
      done.push(message.id);
      this.state.messages.delivered(message.id);
    } catch (error) {
      const failure = classifyDeliveryFailure(error);
      if (failure.kind === DeliveryFailureKind.UNAVAILABLE) throw error;
      parked = await this.failedOnce(message, failure, error);
    }
    this.current = null;
    return parked;
  }

  /** A message its destination refused (parked now: answers 1) or failed (kept for a retry after a wait). */
  private async failedOnce(message: OutboxMessage, failure: DeliveryFailure, error: unknown): Promise<number> {
    this.held.add(message.referralId);
    this.passedBy += 1;
    if (failure.kind === DeliveryFailureKind.REFUSED) {
      await this.state.channel.park(message, failure);
      this.state.messages.forget(message.id);
      this.log(
        message,
        { code: failure.code, reason: failure.reason },
        "outbox message refused for good: parked with its reason; the referral's later messages wait behind it, the others go on",
      );
      return 1;
    }
    const retryInMs = this.state.messages.failed(message.id, failure, Date.now());
    this.failing.set(message.id, { message, failure, kept: false });
    this.log(message, { err: error, code: failure.code, retryInMs }, "outbox delivery failed; will retry it, its referral's later messages wait, the others go on");
    return 0;
  }

  /** Parks the failing messages that have earned it; keeps the others aside when something after them is about to be acknowledged. */
  private async settleFailing(acknowledging: boolean): Promise<number> {
    let parked = 0;
    for (const [id, entry] of this.failing) {
      const verdict = this.state.messages.verdict(id);
      if (verdict) {
        await this.state.channel.park(entry.message, verdict);
        this.state.messages.forget(id);
        this.failing.delete(id);
        parked += 1;
        this.log(
          entry.message,
          { code: verdict.code, lastCode: entry.failure.code, reason: verdict.reason },
          "outbox message failed again and again while others went through: parked; the referral's later messages wait behind it, the others go on",
        );
      } else if (acknowledging && !entry.kept) {
        await this.state.channel.hold(entry.message, entry.failure);
        entry.kept = true;
      }
    }
    return parked;
  }

  private log(message: OutboxMessage, fields: Record<string, unknown>, text: string): void {
    this.options.logger.warn({ channel: this.state.channel.name, messageId: message.id, referralId: message.referralId, ...fields }, text);
  }
}

export function startOutboxRelay(channels: readonly OutboxChannel[], options: OutboxRelayOptions): OutboxRelay {
  const perMessage = { parkAfter: options.parkAfterFailures ?? DEFAULT_PARK_AFTER_FAILURES, baseDelayMs: options.intervalMs, maxDelayMs: options.maxBackoffMs };
  const states: ChannelState[] = channels.map((channel) => ({ channel, failures: 0, notBefore: 0, messages: repeatedFailures(perMessage) }));

  async function drain(state: ChannelState): Promise<number> {
    if (Date.now() < state.notBefore) return 0;
    const channelPass = new ChannelPass(state, options);
    try {
      await channelPass.run();
      state.messages.keepOnly(channelPass.seen);
      state.failures = 0;
      state.notBefore = 0;
    } catch (error) {
      state.failures += 1;
      const wait = backoffDelay(state.failures, { baseMs: options.intervalMs, maxMs: options.maxBackoffMs });
      state.notBefore = Date.now() + wait;
      const failure = classifyDeliveryFailure(error);
      const current = channelPass.current;
      options.logger.warn(
        {
          err: error,
          channel: state.channel.name,
          ...(current ? { messageId: current.id, referralId: current.referralId } : {}),
          code: failure.code,
          failures: state.failures,
          retryInMs: wait,
        },
        current ? "outbox destination unavailable; will retry, holding back the channel" : "outbox channel failed; will retry",
      );
    }
    return channelPass.delivered;
  }

  async function pass(): Promise<number> {
    let total = 0;
    for (const state of states) total += await drain(state);
    return total;
  }

  // Nothing to carry (the relay switched off): no timer at all.
  return startRounds(pass, { intervalMs: options.intervalMs, timer: states.length > 0 });
}
