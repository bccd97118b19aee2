/**
 * The outbox relay's guarantees, over an IN-MEMORY outbox and destination (stand-ins whose
 * failures can be placed exactly; the real subgraph outboxes are exercised by the referral tests).
 */
import { describe, expect, it, vi } from "vitest";
import { PermanentDeliveryError, type DeliveryFailure } from "../../../gateway/relay/deliveryFailure.js";
import { createLogger } from "../../../subgraphs/kit/logger.js";
import { startOutboxRelay, type OutboxChannel } from "../../../gateway/relay/outboxRelay.js";

interface Message {
  id: string;
  referralId: string;
  step: string;
}

type Refusal = "transient" | "permanent" | false;

/**
 * An outbox (acknowledged or not, parked or not) and an idempotent destination that records what
 * it applied. Like the real sources, it holds back a referral's messages behind a parked one.
 */
function inMemoryChannel(messages: Message[], failures: { deliver?: (m: Message) => Refusal | boolean; ack?: () => boolean } = {}) {
  const acknowledged = new Set<string>();
  const parked = new Map<string, DeliveryFailure>();
  const applied: string[] = [];
  const deliveries: string[] = [];
  const heldBehind = (m: Message) => messages.some((p) => parked.has(p.id) && p.referralId === m.referralId && messages.indexOf(p) < messages.indexOf(m));
  const channel: OutboxChannel<Message> = {
    name: "in-memory",
    pull: async (limit) => messages.filter((m) => !acknowledged.has(m.id) && !parked.has(m.id) && !heldBehind(m)).slice(0, limit),
    deliver: async (message) => {
      deliveries.push(message.id);
      const refusal = failures.deliver?.(message);
      if (refusal === "permanent") throw new PermanentDeliveryError("BAD_USER_INPUT", `destination refused ${message.id} for good (simulated)`);
      if (refusal) throw new Error(`destination refused ${message.id} (simulated)`);
      if (!applied.includes(message.id)) applied.push(message.id);
    },
    ack: async (ids) => {
      if (failures.ack?.()) throw new Error("source unavailable for the acknowledgement (simulated)");
      for (const id of ids) acknowledged.add(id);
    },
    park: async (message, failure) => {
      parked.set(message.id, failure);
    },
  };
  return { channel, acknowledged, applied, deliveries, parked, unpark: (id: string) => parked.delete(id) };
}

const options = { intervalMs: 60_000, batchSize: 2, maxBackoffMs: 120_000, logger: createLogger("test", "silent") };
/** Messages of one referral each, unless `referralOf` says otherwise. */
const messages = (n: number, referralOf: (i: number) => string = (i) => `r${i + 1}`) =>
  Array.from({ length: n }, (_, i) => ({ id: `m${i + 1}`, referralId: referralOf(i), step: `step ${i + 1}` }));

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

  it("parks a message refused for good with its reason, holds back its referral's later messages, and delivers every other referral's", async () => {
    // m1, m3 and m5 are one referral's steps; m1 is poison.
    const outbox = inMemoryChannel(
      messages(6, (i) => (i % 2 === 0 ? "poisoned" : `r${i + 1}`)),
      { deliver: (m) => (m.id === "m1" ? "permanent" : false) },
    );
    const relay = startOutboxRelay([outbox.channel], options);
    expect(await relay.runOnce()).toBe(3);
    expect(outbox.applied).toEqual(["m2", "m4", "m6"]);
    expect([...outbox.parked]).toEqual([["m1", { permanent: true, code: "BAD_USER_INPUT", reason: "destination refused m1 for good (simulated)" }]]);
    // The poisoned referral's later steps were never tried: they wait behind m1.
    expect(outbox.deliveries).not.toContain("m3");
    expect(outbox.deliveries).not.toContain("m5");
    // Nothing is tried again on the next pass: the parked one stays parked.
    expect(await relay.runOnce()).toBe(0);
    expect(outbox.deliveries.filter((id) => id === "m1")).toHaveLength(1);
    await relay.stop();
  });

  it("sends a message back in line and those behind it in order once the destination takes it", async () => {
    let poison = true;
    const outbox = inMemoryChannel(messages(4, (i) => (i < 3 ? "one" : "other")), { deliver: (m) => (m.id === "m1" && poison ? "permanent" : false) });
    const relay = startOutboxRelay([outbox.channel], options);
    expect(await relay.runOnce()).toBe(1);
    expect(outbox.applied).toEqual(["m4"]);
    poison = false;
    outbox.unpark("m1");
    expect(await relay.runOnce()).toBe(3);
    expect(outbox.applied).toEqual(["m4", "m1", "m2", "m3"]);
    await relay.stop();
  });

  it("holds the whole channel back on a transient failure (every message would meet it), and never parks it", async () => {
    let down = true;
    const outbox = inMemoryChannel(messages(3), { deliver: () => (down ? "transient" : false) });
    const relay = startOutboxRelay([outbox.channel], { ...options, intervalMs: 1 });
    expect(await relay.runOnce()).toBe(0);
    expect(outbox.deliveries).toEqual(["m1"]);
    expect(outbox.parked.size).toBe(0);
    down = false;
    await vi.waitFor(() => expect(outbox.applied).toEqual(["m1", "m2", "m3"]));
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
