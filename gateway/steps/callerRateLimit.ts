/**
 * useCallerRateLimit: once the caller is known, a budget per member or partner-app client (kept in
 * Redis when configured, so that every replica draws on one). A batch draws one request per operation.
 *
 * Refuses with HTTP 429 RATE_LIMITED (and a Retry-After header).
 */
import type { RateLimits } from "../limits/rateLimits.js";
import { required, type CallerStep } from "./step.js";

export function useCallerRateLimit(options: { rateLimits: RateLimits }): CallerStep {
  const { rateLimits } = options;
  return async (state) => {
    await rateLimits.consumePrincipal(required(state.principal, "the principal"), state.operations);
  };
}
