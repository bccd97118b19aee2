import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { MEMBERSHIP_REVISION_KEY } from "../vocabulary/errorCodes.js";

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
    throw new Error(`Redis at ${new URL(url).host} is not reachable: ${(error as Error).message}`, { cause: error });
  }
  return redis;
}

/**
 * Announces a committed change to members or clients to every gateway (see gateway/principals).
 * A new random value rather than a counter: a Redis, or a key prefix, that the network never
 * announces to cannot hold the same value, so a gateway configured elsewhere never mistakes its
 * own revision for the network's.
 */
export async function bumpMembershipRevision(redis: Redis, prefix: string): Promise<void> {
  await redis.set(`${prefix}${MEMBERSHIP_REVISION_KEY}`, randomUUID());
}

/** The revision as the network subgraph reports it beside a member record; started here when there is none yet. */
export async function readMembershipRevision(redis: Redis, prefix: string): Promise<string> {
  const key = `${prefix}${MEMBERSHIP_REVISION_KEY}`;
  const current = await redis.get(key);
  if (current !== null) return current;
  await redis.set(key, randomUUID(), "NX");
  return (await redis.get(key)) ?? "";
}

/** How the network subgraph tells the gateways that member or client records changed (see gateway/principals). */
export interface MembershipAnnouncements {
  membershipChanged(): Promise<void>;
  /** The membership revision last announced; null when this subgraph announces none (no Redis). */
  membershipRevision(): Promise<string | null>;
}

/** The network subgraph's membership announcements through this Redis and key prefix. */
export function membershipAnnouncements(redis: Redis, prefix: string): MembershipAnnouncements {
  return {
    membershipChanged: () => bumpMembershipRevision(redis, prefix),
    membershipRevision: () => readMembershipRevision(redis, prefix),
  };
}

/** The channel on which gateways nudge the workers after a mutation (a write the relay may carry). */
export const WORK_NUDGE_CHANNEL = "workers:nudge";

/** Tells every workers replica subscribed through this Redis that there may be work (fire and forget: they poll anyway). */
export function nudgeWorkers(redis: Redis, prefix: string): void {
  redis.publish(`${prefix}${WORK_NUDGE_CHANNEL}`, "1").catch(() => undefined);
}

/**
 * Calls `onNudge` on every nudge published through this Redis and key prefix, on a connection of
 * its own (a subscribed connection does nothing else). Resolves with the way to stop listening.
 */
export async function onWorkerNudge(redis: Redis, prefix: string, onNudge: () => void): Promise<() => void> {
  const subscriber = redis.duplicate();
  subscriber.on("error", () => undefined);
  subscriber.on("message", () => onNudge());
  // Made like the first (lazily, no offline queue): connected first. ioredis subscribes again after a reconnection.
  await subscriber.connect();
  await subscriber.subscribe(`${prefix}${WORK_NUDGE_CHANNEL}`);
  return () => subscriber.disconnect();
}
