import { describe, expect, it } from "vitest";
import { createInFlightLimit } from "../../../gateway/limits/inFlightLimit.js";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("in-flight limit per subgraph", () => {
  it("runs at most maxInFlight at once, queues up to maxQueued, refuses beyond", async () => {
    const limit = createInFlightLimit(2, 1);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      limit.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect([limit.active, limit.queued]).toEqual([2, 1]);
    await expect(limit.run(() => Promise.resolve(99))).rejects.toThrow("subgraph is busy");

    gates[0]!.resolve();
    expect(await runs[0]).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.resolve();
    gates[2]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect([limit.active, limit.queued]).toEqual([0, 0]);
  });

  it("frees its place when a task fails", async () => {
    const limit = createInFlightLimit(1, 0);
    await expect(limit.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limit.run(() => Promise.resolve("next"))).toBe("next");
  });
});
