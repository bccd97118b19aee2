import { z } from "zod";
import { booleanFlag } from "../../../platform/env.js";
import { ConfigError } from "../../kit/config.js";
import type { SubgraphEnvironment } from "../../kit/subgraph.js";

/** A delivery is given up after this many failed attempts (about a day with the default base). */
export const WEBHOOK_MAX_ATTEMPTS = 12;
/** The longest wait between two attempts. */
export const WEBHOOK_MAX_BACKOFF_MS = 60 * 60 * 1000;
/** Active subscriptions an organisation may have at once. */
export const WEBHOOK_MAX_ACTIVE_PER_ORGANIZATION = 5;

export interface WebhookConfig {
  /** How often the worker enqueues new events and delivers due ones. */
  intervalMs: number;
  /** The first retry waits this long; each further one twice as long, up to an hour. */
  retryBaseMs: number;
  /** A receiver that has not answered by then counts as a failed attempt. */
  timeoutMs: number;
  /**
   * Development only: accept `http:` URLs and loopback or private addresses (a receiver on the
   * developer's machine). Off by default: production delivers over HTTPS to public hosts only.
   */
  allowHttp: boolean;
}

const schema = z.object({
  WEBHOOK_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(WEBHOOK_MAX_BACKOFF_MS).default(30_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  WEBHOOK_ALLOW_HTTP: booleanFlag.default(false),
});

const read = new WeakMap<SubgraphEnvironment, WebhookConfig>();

/** The network subgraph's webhook settings; read once per environment object. */
export function readWebhookConfig(env: SubgraphEnvironment): WebhookConfig {
  const known = read.get(env);
  if (known) return known;
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid webhook configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const config: WebhookConfig = {
    intervalMs: parsed.data.WEBHOOK_INTERVAL_MS,
    retryBaseMs: parsed.data.WEBHOOK_RETRY_BASE_MS,
    timeoutMs: parsed.data.WEBHOOK_TIMEOUT_MS,
    allowHttp: parsed.data.WEBHOOK_ALLOW_HTTP,
  };
  read.set(env, config);
  return config;
}
