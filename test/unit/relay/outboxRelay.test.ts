/**
 * The outbox relay's guarantees, over an IN-MEMORY outbox and destination (stand-ins whose
 * failures can be placed exactly; the real subgraph outboxes are exercised by the referral tests).
 */
import { describe, expect, it, vi } from "vitest";
import { createLogger } from "../../../subgraphs/kit/logger.js";
import { startOutboxRelay, type OutboxChannel } from "../../../gateway/relay/outboxRelay.js";

interface Message {
  id: string;
  step: string;
}

/** An outbox (acknowledged or not) and an idempotent destination that records what it applied. */
function inMemoryChannel(messages: Message[], failures: { deliver?: (m: Message) => boolean; ack?: () => boolean } = {}) {
  const acknowledged = new Set<string>();
  const applied: string[] = [];
  const deliveries: string[] = [];
  const channel: OutboxChannel<Message> = {
    name: "in-memory",
    pull: async (limit) => messages.filter((m) => !acknowledged.has(m.id)).slice(0, limit),
    deliver: async (message) => {
      deliveries.push(message.id);
      if (failures.deliver?.(message)) throw new Error(`destination refused ${message.id} (simulated)`);
      if (!applied.includes(message.id)) applied.push(message.id);
    },
    ack: async (ids) => {
      if (failures.ack?.()) throw new Error("source unavailable for the acknowledgement (simulated)");
      for (const id of ids) acknowledged.add(id);
    },
  };
  return { channel, acknowledged, applied, deliveries };
}

const options = { intervalMs: 60_000, batchSize: 2, maxBackoffMs: 120_000, logger: createLogger("test", "silent") };
const messages = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `m${i + 1}`, step: `step ${i + 1}` }));

describe("outbox relay (in-memory outbox)", () => {
  it("delivers every message once, in order, across batches, and acknowledges them", async () => {
    const outbox = inMemoryChannel(messages(5));
    const relay = startOutboxRelay([outbox.channel], options);
    expect(await relay.runOnce()).toBe(5);
    expect(outbox.applied).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(outbox.acknowledged.size).toBe(5);
    expect(await relay.runOnce()).toBe(0);
    await relay.stop();
  });

  it("holds back what follows a failing message, acknowledges what went through, and backs off", async () => {
    let refuse = true;
    const outbox = inMemoryChannel(messages(4), { deliver: (m) => m.id === "m3" && refuse });
    const relay = startOutboxRelay([outbox.channel], { ...options, intervalMs: 1 });
    expect(await relay.runOnce()).toBe(2);
    expect(outbox.applied).toEqual(["m1", "m2"]);
    expect([...outbox.acknowledged]).toEqual(["m1", "m2"]);
    // m4 was never tried before m3: order holds.
    expect(outbox.deliveries).not.toContain("m4");
    refuse = false;
    // The relay's own timer retries once the back-off has passed.
    await vi.waitFor(() => expect(outbox.applied).toEqual(["m1", "m2", "m3", "m4"]));
    expect(outbox.acknowledged.size).toBe(4);
    await relay.stop();
  });

  it("redelivers after a crash between delivery and acknowledgement; the idempotent destination applies it once", async () => {
    let ackFails = true;
    const outbox = inMemoryChannel(messages(1), { ack: () => ackFails });
    const relay = startOutboxRelay([outbox.channel], { ...options, intervalMs: 1 });
    await relay.runOnce();
    expect(outbox.acknowledged.size).toBe(0);
    ackFails = false;
    await vi.waitFor(() => expect(outbox.acknowledged.has("m1")).toBe(true));
    expect(outbox.deliveries.length).toBeGreaterThanOrEqual(2);
    expect(outbox.applied).toEqual(["m1"]);
    expect(outbox.acknowledged.has("m1")).toBe(true);
    await relay.stop();
  });

  it("waits out its back-off before trying a failing channel again", async () => {
    const outbox = inMemoryChannel(messages(1), { deliver: () => true });
    const relay = startOutboxRelay([outbox.channel], options);
    await relay.runOnce();
    await relay.runOnce();
    expect(outbox.deliveries).toEqual(["m1"]);
    await relay.stop();
  });
});
