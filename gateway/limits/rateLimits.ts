import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import type { Principal } from "../../vocabulary/principal.js";
import type { Redis } from "../../platform/redis.js";

export interface RateLimitConfig {
  /** Requests per minute for one member. */
  memberPerMinute: number;
  /** Requests per minute for one partner-app client. */
  clientPerMinute: number;
  /** Requests per minute from one address, before authentication (slows token guessing). */
  addressPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = { memberPerMinute: 600, clientPerMinute: 300, addressPerMinute: 1_200 };

export class RateLimitError extends Error {
  override name = "RateLimitError";
  readonly status = 429;
  readonly code = ERROR_CODES.RATE_LIMITED;
  readonly headers: Record<string, string>;
  constructor(retryAfterSeconds: number) {
    super(`Too many requests; retry after ${retryAfterSeconds} s`);
    this.headers = { "retry-after": String(retryAfterSeconds) };
  }
}

/**
 * Budgets per caller, kept in Redis when configured (every gateway replica draws on one
 * budget), in memory otherwise. If Redis fails, an in-memory limiter stands in rather than
 * letting everything through.
 */
export function createRateLimits(config: RateLimitConfig, redis?: Redis, keyPrefix = "srn:") {
  const make = (name: string, points: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix: `${keyPrefix}rl:${name}`, points, duration: 60 });
    return redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}rl:${name}`, points, duration: 60, insuranceLimiter: memory }) : memory;
  };
  const limiters = {
    member: make("member", config.memberPerMinute),
    client: make("client", config.clientPerMinute),
    address: make("address", config.addressPerMinute),
  };
  const consume = async (limiter: RateLimiterAbstract, key: string, points: number) => {
    try {
      await limiter.consume(key, points);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw new RateLimitError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      throw rejection;
    }
  };
  return {
    /** Before authentication: by network address. */
    consumeAddress: (address: string, points = 1) => consume(limiters.address, address, points),
    /** After authentication: by member or client. */
    consumePrincipal: (principal: Principal, points = 1) => consume(principal.kind === "client" ? limiters.client : limiters.member, `${principal.kind}:${principal.id}`, points),
  };
}
export type RateLimits = ReturnType<typeof createRateLimits>;
