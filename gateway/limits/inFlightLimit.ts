/**
 * Bounds the requests in flight to one subgraph, so a slow subgraph cannot tie up every
 * gateway request: past `maxInFlight` requests wait in a queue of at most `maxQueued`; beyond
 * that they fail at once (and that part of the answer is reported unavailable).
 */
export function createInFlightLimit(maxInFlight: number, maxQueued: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    active--;
    const next = queue.shift();
    if (next) {
      active++;
      next();
    }
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active >= maxInFlight) {
        if (queue.length >= maxQueued) throw new Error("subgraph is busy");
        await new Promise<void>((resolve) => queue.push(resolve));
      } else {
        active++;
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get queued() {
      return queue.length;
    },
  };
}
export type InFlightLimit = ReturnType<typeof createInFlightLimit>;
