import type { Logger } from "../../subgraphs/kit/logger.js";

/**
 * Carries messages from one subgraph's outbox to wherever they must take effect, for the steps of
 * a workflow that cross two databases (a shelter's intake and the referral's status): no
 * transaction spans both, so the source writes the message in the same transaction as its own
 * change, and this relay applies it at the destination until it is acknowledged.
 *
 * Guarantees: at-least-once delivery in outbox order per channel (a failing message holds back the
 * ones after it, so one referral's steps never overtake each other; the outboxes' positions become
 * visible in order, README "Event feeds", so none appears behind a later one); a message is
 * acknowledged only after its delivery succeeded, so a crash between the two redelivers it —
 * destinations must be idempotent (they are: keyed by the message's own id or the referral's
 * transition id).
 */
export interface OutboxMessage {
  id: string;
}

export interface OutboxChannel<M extends OutboxMessage = OutboxMessage> {
  name: string;
  /** Undelivered messages, oldest first. */
  pull(limit: number): Promise<M[]>;
  /** Applies one message at its destination; must be idempotent. Throws to retry later. */
  deliver(message: M): Promise<void>;
  /** Marks messages delivered at the source; must be idempotent. */
  ack(ids: string[]): Promise<void>;
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
    try {
      for (;;) {
        const messages = await state.channel.pull(options.batchSize);
        if (messages.length === 0) break;
        const done: string[] = [];
        try {
          for (const message of messages) {
            await state.channel.deliver(message);
            done.push(message.id);
          }
        } finally {
          // What was delivered is acknowledged even when a later message failed.
          if (done.length > 0) await state.channel.ack(done);
          delivered += done.length;
        }
        if (messages.length < options.batchSize) break;
      }
      state.failures = 0;
      state.notBefore = 0;
    } catch (error) {
      state.failures += 1;
      const wait = Math.min(options.maxBackoffMs, options.intervalMs * 2 ** Math.min(state.failures - 1, 20));
      state.notBefore = Date.now() + wait;
      options.logger.warn({ err: error, channel: state.channel.name, failures: state.failures, retryInMs: wait }, "outbox delivery failed; will retry");
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
