import path from "node:path";
import { z } from "zod";
import { envPrefix, redisKeyPrefix, redisUrl } from "../platform/env.js";
import { DEFAULT_SUBGRAPH_PORTS, SUBGRAPH_NAMES, type SubgraphName } from "../vocabulary/subgraphs.js";
import { DEFAULT_PARK_AFTER_FAILURES } from "./relay/repeatedFailures.js";
import { WEBHOOK_MAX_BACKOFF_MS } from "./webhooks/deliveryWorker.js";

export interface WorkersConfig {
  /** GraphQL endpoint per subgraph the workers call (the network and the shelters); default: each subgraph's own port on this machine. */
  subgraphUrls: Record<SubgraphName, string>;
  /** Upper bound on one call to a subgraph. */
  subgraphTimeoutMs: number;
  /** How often the referral relay polls the outboxes when nothing nudges it. */
  relayIntervalMs: number;
  /** Whether these workers run the referral relay (every replica may; all its steps are idempotent). */
  relayEnabled: boolean;
  /** Failures in a row after which the relay parks a failing message, if its destination took others meanwhile. */
  relayParkAfterFailures: number;
  /** How often the webhook delivery enqueues new events and delivers the due ones. */
  webhookIntervalMs: number;
  /** A webhook delivery's first retry waits this long; each further one twice as long, up to an hour. */
  webhookRetryBaseMs: number;
  /** A receiver that has not answered by then counts as a failed attempt. */
  webhookTimeoutMs: number;
  /** Where the embedded default keeps generated keys (DATA_DIR/keys). */
  dataDir: string;
  /** The private key (JWK file) that signs the workers' calls to the subgraphs (the gateway's); unset: DATA_DIR/keys. */
  assertionPrivateKeyFile: string | null;
  /** Where the gateways' nudges after a mutation arrive; unset: the workers poll only. */
  redisUrl: string | null;
  redisKeyPrefix: string;
}

export class WorkersConfigError extends Error {
  override name = "WorkersConfigError";
}

const httpUrl = z.url().refine((u) => /^https?:\/\//.test(u), "must be an http:// or https:// URL");
const count = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** The workers process's settings (README, "Configuration"): RELAY_*, WEBHOOK_* and how to reach the subgraphs. */
export function readWorkersConfig(env: NodeJS.ProcessEnv = process.env): WorkersConfig {
  const schema = z.object({
    SUBGRAPH_TIMEOUT_MS: count(100, 120_000, 10_000),
    RELAY_INTERVAL_MS: count(100, 600_000, 2_000),
    RELAY_ENABLED: z.enum(["true", "false"]).default("true"),
    RELAY_PARK_AFTER_FAILURES: count(2, 1_000, DEFAULT_PARK_AFTER_FAILURES),
    WEBHOOK_INTERVAL_MS: count(10, 3_600_000, 1000),
    WEBHOOK_RETRY_BASE_MS: count(10, WEBHOOK_MAX_BACKOFF_MS, 30_000),
    WEBHOOK_TIMEOUT_MS: count(100, 60_000, 5000),
    DATA_DIR: z.string().min(1).default(".data"),
    GATEWAY_ASSERTION_PRIVATE_KEY_FILE: z.string().min(1).optional(),
    REDIS_URL: redisUrl.optional(),
    REDIS_KEY_PREFIX: redisKeyPrefix,
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${envPrefix(name)}_URL`, httpUrl.optional()])),
  });
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new WorkersConfigError(`Invalid workers configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const values = parsed.data as Record<string, unknown>;
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, (values[`${envPrefix(name)}_URL`] as string | undefined) ?? `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`]),
  ) as Record<SubgraphName, string>;
  return {
    subgraphUrls,
    subgraphTimeoutMs: values.SUBGRAPH_TIMEOUT_MS as number,
    relayIntervalMs: values.RELAY_INTERVAL_MS as number,
    relayEnabled: values.RELAY_ENABLED === "true",
    relayParkAfterFailures: values.RELAY_PARK_AFTER_FAILURES as number,
    webhookIntervalMs: values.WEBHOOK_INTERVAL_MS as number,
    webhookRetryBaseMs: values.WEBHOOK_RETRY_BASE_MS as number,
    webhookTimeoutMs: values.WEBHOOK_TIMEOUT_MS as number,
    dataDir: path.resolve(values.DATA_DIR as string),
    assertionPrivateKeyFile: (values.GATEWAY_ASSERTION_PRIVATE_KEY_FILE as string | undefined) ?? null,
    redisUrl: (values.REDIS_URL as string | undefined) ?? null,
    redisKeyPrefix: values.REDIS_KEY_PREFIX as string,
  };
}
