import { z } from "zod";
import { booleanFlag } from "../../../platform/env.js";
import { ConfigError } from "../../kit/config.js";
import type { SubgraphEnvironment } from "../../kit/subgraph.js";

/** Active subscriptions an organisation may have at once. */
export const WEBHOOK_MAX_ACTIVE_PER_ORGANIZATION = 5;

/** The network subgraph's own webhook settings; the delivery's (WEBHOOK_INTERVAL_MS, …) are the workers' (workers/config.ts). */
export interface WebhookConfig {
  /**
   * Development only: accept `http:` URLs and loopback or private addresses (a receiver on the
   * developer's machine). Off by default: production delivers over HTTPS to public hosts only.
   */
  allowHttp: boolean;
}

const schema = z.object({
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
  const config: WebhookConfig = { allowHttp: parsed.data.WEBHOOK_ALLOW_HTTP };
  read.set(env, config);
  return config;
}
