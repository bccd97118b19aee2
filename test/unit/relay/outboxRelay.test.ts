/**
 * The outbox relay's guarantees, over an IN-MEMORY outbox and destination (stand-ins whose
 * failures can be placed exactly; the real subgraph outboxes are exercised by the referral tests).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it, vi } from "vitest";
import { SystemCallError } from "../../../platform/systemClient.js";
import { PermanentDeliveryError, UnrecordedDeliveryError, type DeliveryFailure } from "../../../workers/relay/deliveryFailure.js";
import { startOutboxRelay, type OutboxChannel } from "../../../workers/relay/outboxRelay.js";
import { REPEATED_FAILURE } from "../../../workers/relay/repeatedFailures.js";
import { createLogger } from "../../../platform/logger.js";

interface Message {
  id: string;
  referralId: string;
  step: string;
}

/** How the destination answers: refuses for good, is not there (every message alike), fails with a 500 (perhaps this message's own), or takes it. */
type Refusal = "permanent" | "unavailable" | "failed" | "unrecorded" | false;

/** `work` run as an async method runs it, a throw becoming a rejection: the in-memory stand-ins below have nothing to await. */
const asAsync =
  <A extends unknown[], R>(work: (...args: A) => R) =>
  (...args: A): Promise<R> =>
    new Promise<R>((resolve) => resolve(work(...args)));

/**
 * An outbox (acknowledged or not, parked or not) and an idempotent destination that records what
 * it applied. Like the real sources, it holds back a referral's messages behind a parked one.
 */
function inMemoryChannel(messages: Message[], failures: { deliver?: (m: Message) => Refusal; ack?: () => boolean } = {}) {
  const acknowledged = new Set<string>();
  const parked = new Map<string, DeliveryFailure>();
  const held = new Map<string, DeliveryFailure>();
  /** What the source was told, in order: `hold m1`, `ack m2,m4`, `park m1`. */
  const record: string[] = [];
  const applied: string[] = [];
  const deliveries: string[] = [];
  const heldBehind = (m: Message) => messages.some((p) => parked.has(p.id) && p.referralId === m.referralId && messages.indexOf(p) < messages.indexOf(m));
  const channel: OutboxChannel<Message> = {
    name: "in-memory",
    pull: asAsync((limit) => messages.filter((m) => !acknowledged.has(m.id) && !parked.has(m.id) && !heldBehind(m)).slice(0, limit)),
    deliver: asAsync((message) => {
      deliveries.push(message.id);
      const refusal = failures.deliver?.(message);
      if (refusal === "permanent") throw new PermanentDeliveryError("BAD_USER_INPUT", `destination refused ${message.id} for good (simulated)`);
      if (refusal === "unavailable") throw new TypeError("fetch failed");
      if (refusal === "unrecorded")
        throw new UnrecordedDeliveryError({ kind: "UNRECORDED", code: "INTERNAL_SERVER_ERROR", reason: "the destination has it; recording it failed (simulated)" });
      if (refusal === "failed")
        throw new SystemCallError("destination answered with errors (INTERNAL_SERVER_ERROR)", { status: 200, code: "INTERNAL_SERVER_ERROR", detail: "Internal server error" });
      if (!applied.includes(message.id)) applied.push(message.id);
    }),
    ack: asAsync((ids) => {
      if (failures.ack?.()) throw new Error("source unavailable for the acknowledgement (simulated)");
      for (const id of ids) acknowledged.add(id);
      record.push(`ack ${ids.join(",")}`);
    }),
    park: asAsync((message, failure) => {
      parked.set(message.id, failure);
      record.push(`park ${message.id}`);
    }),
    hold: asAsync((message, failure) => {
      held.set(message.id, failure);
      record.push(`hold ${message.id}`);
    }),
  };
  return { channel, acknowledged, applied, deliveries, parked, held, record, unpark: (id: string) => parked.delete(id) };
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

  it("holds back what follows when the destination is unavailable, acknowledges what went through, and backs off", async () => {
    let refuse = true;
    const outbox = inMemoryChannel(messages(4), { deliver: (m) => (m.id === "m3" && refuse ? "unavailable" : false) });
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
    expect([...outbox.parked]).toEqual([["m1", { kind: "REFUSED", code: "BAD_USER_INPUT", reason: "destination refused m1 for good (simulated)" }]]);
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
    const outbox = inMemoryChannel(
      messages(4, (i) => (i < 3 ? "one" : "other")),
      { deliver: (m) => (m.id === "m1" && poison ? "permanent" : false) },
    );
    const relay = startOutboxRelay([outbox.channel], options);
    expect(await relay.runOnce()).toBe(1);
    expect(outbox.applied).toEqual(["m4"]);
    poison = false;
    outbox.unpark("m1");
    expect(await relay.runOnce()).toBe(3);
    expect(outbox.applied).toEqual(["m4", "m1", "m2", "m3"]);
    await relay.stop();
  });

  it("holds the whole channel back while the destination is unavailable (every message would meet it), and never parks it", async () => {
    let down = true;
    const outbox = inMemoryChannel(messages(3), { deliver: () => (down ? "unavailable" : false) });
    const relay = startOutboxRelay([outbox.channel], { ...options, intervalMs: 1 });
    expect(await relay.runOnce()).toBe(0);
    expect(outbox.deliveries).toEqual(["m1"]);
    expect(outbox.parked.size).toBe(0);
    down = false;
    await vi.waitFor(() => expect(outbox.applied).toEqual(["m1", "m2", "m3"]));
    await relay.stop();
  });

  it("waits out its back-off before trying a failing channel, or a failing message, again", async () => {
    for (const refusal of ["unavailable", "failed"] as const) {
      const outbox = inMemoryChannel(messages(1), { deliver: () => refusal });
      const relay = startOutboxRelay([outbox.channel], options);
      await relay.runOnce();
      await relay.runOnce();
      expect(outbox.deliveries).toEqual(["m1"]);
      await relay.stop();
    }
  });
});

describe("outbox relay: a message that keeps failing (in-memory outbox)", () => {
  /** Waits of a millisecond, so that every pass after a short sleep tries a failing message again; the relay's own timer never fires. */
  const quick = { ...options, maxBackoffMs: 1, batchSize: 10, parkAfterFailures: 3 };
  const passes = async (relay: { runOnce(): Promise<number> }, n: number) => {
    for (let i = 0; i < n; i++) {
      await relay.runOnce();
      await sleep(5);
    }
  };

  it("goes on past it, keeps it aside before acknowledging what follows, and parks it after N failures in a row while others went through", async () => {
    // m1 and m3 are one referral's steps; m1 meets a destination bug (a 500) on every try.
    const outbox = inMemoryChannel(
      messages(4, (i) => (i % 2 === 0 ? "buggy" : `r${i + 1}`)),
      { deliver: (m) => (m.id === "m1" ? "failed" : false) },
    );
    const relay = startOutboxRelay([outbox.channel], quick);
    expect(await relay.runOnce()).toBe(2);
    expect(outbox.applied).toEqual(["m2", "m4"]);
    // Kept aside before the acknowledgement passes it by; not parked after one failure.
    expect(outbox.record).toEqual(["hold m1", "ack m2,m4"]);
    expect(outbox.held.get("m1")).toMatchObject({ kind: "FAILED", code: "INTERNAL_SERVER_ERROR" });
    await sleep(5);
    await relay.runOnce();
    expect(outbox.parked.size).toBe(0);
    await sleep(5);
    await relay.runOnce();
    expect(outbox.parked.get("m1")).toEqual({
      kind: "FAILED",
      code: REPEATED_FAILURE,
      reason:
        "failed 3 times in a row (last: INTERNAL_SERVER_ERROR) while 2 other messages went through: destination answered with errors (INTERNAL_SERVER_ERROR): Internal server error",
    });
    // Its referral's later step was never tried; parked, it is tried no more.
    expect(outbox.deliveries.filter((id) => id === "m1")).toHaveLength(3);
    expect(outbox.deliveries).not.toContain("m3");
    await passes(relay, 3);
    expect(outbox.deliveries.filter((id) => id === "m1")).toHaveLength(3);
    await relay.stop();
  });

  it("parks nothing while the destination fails every message (an outage that answers 500), and delivers every one, in order, once it is back", async () => {
    let down = true;
    const outbox = inMemoryChannel(
      messages(4, (i) => `r${(i % 2) + 1}`),
      { deliver: () => (down ? "failed" : false) },
    );
    const relay = startOutboxRelay([outbox.channel], quick);
    await passes(relay, 12);
    expect(outbox.deliveries.filter((id) => id === "m1").length).toBeGreaterThanOrEqual(quick.parkAfterFailures * 3);
    expect(outbox.parked.size).toBe(0);
    // Nothing went through, so nothing was passed by: nothing kept aside either.
    expect(outbox.record).toEqual([]);
    // Only the first step of each referral was tried: the later ones waited behind them.
    expect(new Set(outbox.deliveries)).toEqual(new Set(["m1", "m2"]));
    down = false;
    await passes(relay, 1);
    expect(outbox.applied).toEqual(["m1", "m2", "m3", "m4"]);
    await relay.stop();
  });

  it("never parks a message the destination took but the source failed to record, however often, while others go through", async () => {
    let unrecorded = true;
    const outbox = inMemoryChannel(messages(3), { deliver: (m) => (m.id === "m1" && unrecorded ? "unrecorded" : false) });
    const relay = startOutboxRelay([outbox.channel], quick);
    await passes(relay, quick.parkAfterFailures * 3);
    expect(outbox.deliveries.filter((id) => id === "m1").length).toBeGreaterThanOrEqual(quick.parkAfterFailures * 2);
    expect(outbox.parked.size).toBe(0);
    expect(outbox.held.get("m1")).toMatchObject({ kind: "UNRECORDED" });
    unrecorded = false;
    await passes(relay, 1);
    expect(outbox.applied).toEqual(["m2", "m3", "m1"]);
    await relay.stop();
  });

  it("a success ends the run: a message that failed N-1 times and then went through is delivered, never parked", async () => {
    let failuresLeft = quick.parkAfterFailures - 1;
    const outbox = inMemoryChannel(messages(3), { deliver: (m) => (m.id === "m1" && failuresLeft-- > 0 ? "failed" : false) });
    const relay = startOutboxRelay([outbox.channel], quick);
    await passes(relay, quick.parkAfterFailures + 1);
    expect(outbox.applied).toEqual(["m2", "m3", "m1"]);
    expect(outbox.parked.size).toBe(0);
    await relay.stop();
  });
});
