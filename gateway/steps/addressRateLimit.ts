/**
 * useAddressRateLimit: before anything about the caller is known, a budget per network address
 * (the client's address behind `trustedProxyHops` proxies), so that guessing tokens is slow. A
 * batch draws one request per operation.
 *
 * Refuses with HTTP 429 RATE_LIMITED (and a Retry-After header).
 */
import { clientAddress } from "../limits/clientAddress.js";
import type { RateLimits } from "../limits/rateLimits.js";
import type { CallerStep } from "./step.js";

export function useAddressRateLimit(options: { rateLimits: RateLimits; trustedProxyHops: number }): CallerStep {
  const { rateLimits, trustedProxyHops } = options;
  return async ({ req, operations }) => {
    await rateLimits.consumeAddress(clientAddress(req, trustedProxyHops), operations);
  };
}
