import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";

/** Remembers single-use ids (assertion `jti`s) until they expire. */
export interface ReplayStore {
  /** True the first time an id is claimed before `expiresAtMs`; false ever after. */
  claim(id: string, expiresAtMs: number): Promise<boolean>;
}

/**
 * For one process. Bounded: past `max` live ids the oldest are forgotten, so a flood can at
 * worst make a very old (and soon expired) assertion replayable, never exhaust memory.
 */
export function memoryReplayStore(max = 100_000): ReplayStore {
  const seen = new LRUCache<string, true>({ max, ttlAutopurge: false });
  return {
    claim(id, expiresAtMs) {
      const ttl = expiresAtMs - Date.now();
      if (ttl <= 0 || seen.has(id)) return Promise.resolve(false);
      seen.set(id, true, { ttl });
      return Promise.resolve(true);
    },
  };
}

/** Shared by every replica of a subgraph: `SET NX` is atomic, so exactly one replica wins. */
export function redisReplayStore(redis: Redis, prefix: string): ReplayStore {
  return {
    async claim(id, expiresAtMs) {
      const ttl = Math.max(1, expiresAtMs - Date.now());
      return (await redis.set(`${prefix}jti:${id}`, "1", "PX", ttl, "NX")) === "OK";
    },
  };
}
