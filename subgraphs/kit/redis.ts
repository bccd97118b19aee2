import { Redis } from "ioredis";
import { MEMBERSHIP_REVISION_KEY } from "./errorCodes.js";

export type { Redis };

/**
 * A Redis connection that fails fast instead of queueing: callers fall back (the gateway
 * re-reads membership) rather than hang while Redis is away. It must be reachable at start:
 * a configured Redis that is down then is a deployment error, reported as such.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000, lazyConnect: true });
  // Reconnection errors are reported by the commands that fail; keep them out of the process's
  // unhandled-error path.
  redis.on("error", () => undefined);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis at ${new URL(url).host} is not reachable: ${(error as Error).message}`);
  }
  return redis;
}

/** Announces a committed change to members or clients to every gateway (see gateway/principals). */
export async function bumpMembershipRevision(redis: Redis, prefix: string): Promise<void> {
  await redis.incr(`${prefix}${MEMBERSHIP_REVISION_KEY}`);
}
