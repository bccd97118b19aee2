import type { Logger } from "../../subgraphs/kit/logger.js";
import { classifyDeliveryFailure, type DeliveryFailure } from "./deliveryFailure.js";

/**
 * Carries messages from one subgraph's outbox to wherever they must take effect, for the steps of
 * a workflow that cross two databases (a shelter's intake and the referral's status): no
 * transaction spans both, so the source writes the message in the same transaction as its own
 * change, and this relay applies it at the destination until it is acknowledged.
 *
 * Guarantees: at-least-once delivery; a message is acknowledged only after its delivery
 * succeeded, so a crash between the two redelivers it — destinations must be idempotent (they
 * are: keyed by the message's own id or the referral's transition id). Order is kept per
 * referral, not across the channel: a message the destination refuses for good (a permanent
 * failure, `deliveryFailure.ts`) is parked at the source with its reason, the referral's later
 * messages wait behind it (the source holds them back too, across restarts), and every other
 * referral's messages flow on; an admin retries or discards it (docs/design.md, "Referrals
 * across two databases"). A transient failure (the destination down, slow, in a race) holds the
 * channel back and is retried with a growing wait, since every message would meet it alike.
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
   * Messages to deliver, oldest first: the undelivered ones, and the ones an admin sent back in
   * line, never a parked one nor one of a referral that has one parked ahead of it.
   */
  pull(limit: number): Promise<M[]>;
  /** Applies one message at its destination; must be idempotent. Throws to retry later, or to have it parked (a permanent failure). */
  deliver(message: M): Promise<void>;
  /** Marks messages delivered at the source; must be idempotent. */
  ack(ids: string[]): Promise<void>;
  /**
   * Records at the source, durably, that the destination refused the message for good and why;
   * from then on the referral's later messages wait behind it. Must be idempotent (another
   * replica may park the same message).
   */
  park(message: M, failure: DeliveryFailure): Promise<void>;
}

export interface OutboxRelayOptions {
  /** How often each channel is polled when idle. */
  intervalMs: number;
  batchSize: number;
  /** Longest wait after repeated failures (the wait doubles from `intervalMs`). */
  maxBackoffMs: number;
  logger: Logger;
}

export interface OutboxRelay {
  /** Runs every channel now (e.g. right after a mutation that wrote to an outbox). */
  kick(): void;
  /** One pass over every channel; resolves with how many messages were delivered. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

interface ChannelState {
  channel: OutboxChannel;
  failures: number;
  notBefore: number;
}

export function startOutboxRelay(channels: readonly OutboxChannel[], options: OutboxRelayOptions): OutboxRelay {
  const states: ChannelState[] = channels.map((channel) => ({ channel, failures: 0, notBefore: 0 }));
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function drain(state: ChannelState): Promise<number> {
    if (Date.now() < state.notBefore) return 0;
    let delivered = 0;
    let current: OutboxMessage | null = null;
    try {
      for (;;) {
        const messages = await state.channel.pull(options.batchSize);
        if (messages.length === 0) break;
        const done: string[] = [];
        // Referrals with a message parked in this batch: their later messages wait (the source holds them from now on).
        const held = new Set<string>();
        try {
          for (const message of messages) {
            if (held.has(message.referralId)) continue;
            current = message;
            try {
              await state.channel.deliver(message);
              done.push(message.id);
            } catch (error) {
              const failure = classifyDeliveryFailure(error);
              if (!failure.permanent) throw error;
              await state.channel.park(message, failure);
              held.add(message.referralId);
              options.logger.warn(
                { channel: state.channel.name, messageId: message.id, referralId: message.referralId, code: failure.code, reason: failure.reason },
                "outbox message refused for good: parked with its reason; the referral's later messages wait behind it, the others go on",
              );
            }
          }
          current = null;
        } finally {
          // What was delivered is acknowledged even when a later message failed.
          if (done.length > 0) await state.channel.ack(done);
          delivered += done.length;
        }
        // A short batch was the last; a batch that moved nothing would come back the same.
        if (messages.length < options.batchSize || (done.length === 0 && held.size === 0)) break;
      }
      state.failures = 0;
      state.notBefore = 0;
    } catch (error) {
      state.failures += 1;
      const wait = Math.min(options.maxBackoffMs, options.intervalMs * 2 ** Math.min(state.failures - 1, 20));
      state.notBefore = Date.now() + wait;
      const failure = classifyDeliveryFailure(error);
      options.logger.warn(
        { err: error, channel: state.channel.name, ...(current ? { messageId: current.id, referralId: current.referralId } : {}), code: failure.code, failures: state.failures, retryInMs: wait },
        current ? "outbox delivery failed; will retry, holding back what follows" : "outbox channel failed; will retry",
      );
    }
    return delivered;
  }

  async function pass(): Promise<number> {
    let total = 0;
    do {
      again = false;
      for (const state of states) total += await drain(state);
    } while (again && !stopped);
    return total;
  }

  const runOnce = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = pass().finally(() => {
      running = null;
    });
    return running;
  };

  const schedule = () => {
    // Nothing to carry (the relay switched off): no timer at all.
    if (stopped || states.length === 0) return;
    timer = setTimeout(() => {
      void runOnce().finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  schedule();

  return {
    kick: () => {
      if (!stopped) void runOnce();
    },
    runOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
