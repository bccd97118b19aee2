import type { CryptoKey } from "jose";
import { createAssertionSigner } from "../platform/assertion.js";
import { createLogger, type Logger } from "../platform/logger.js";
import { onWorkerNudge, type Redis } from "../platform/redis.js";
import { networkSystemClient, subgraphSystemClient } from "../platform/systemClient.js";
import type { SubgraphName } from "../vocabulary/subgraphs.js";
import type { WorkersConfig } from "./config.js";
import { startOutboxRelay, type OutboxRelay } from "./relay/outboxRelay.js";
import { networkToShelters, sheltersToNetwork } from "./relay/referralChannels.js";
import { startWebhookWorker } from "./webhooks/deliveryWorker.js";
import type { Rounds } from "./retry.js";

export interface WorkersDependencies {
  /** Signs the workers' calls to the subgraphs (the key the subgraphs trust: the gateway's). */
  assertionPrivateKey: CryptoKey;
  /** Where the gateways' nudges arrive; without it the workers poll only. */
  redis?: Redis | null;
  logger?: Logger;
  /** Where each subgraph is now (a test restarts one on another port); default `config.subgraphUrls`. */
  subgraphUrl?: (name: SubgraphName) => string;
}

export interface RunningWorkers {
  relay: OutboxRelay;
  webhooks: Rounds;
  /** There may be work: the relay runs now (what a gateway's nudge after a mutation does). */
  nudge(): void;
  stop(): Promise<void>;
}

/**
 * The workers: the referral relay between the outboxes (`relay/`) and the webhook delivery
 * (`webhooks/`), both on the one retry mechanism (`retry.ts`), both talking to the subgraphs over
 * HTTP with signed assertions of the system principal, as the gateway's own calls are. Any number
 * of replicas may run at once (docs/design.md, "The workers").
 */
export async function startWorkers(config: WorkersConfig, deps: WorkersDependencies): Promise<RunningWorkers> {
  const log = deps.logger ?? createLogger("workers");
  const signer = createAssertionSigner(deps.assertionPrivateKey);
  const url = (name: SubgraphName) => () => deps.subgraphUrl?.(name) ?? config.subgraphUrls[name];
  const network = networkSystemClient(url("network"), signer, config.subgraphTimeoutMs);
  const shelters = subgraphSystemClient("shelters", url("shelters"), signer, config.subgraphTimeoutMs);
  // The referral steps that cross databases (a shelter's bed, the referral's status), carried
  // between the outboxes until both sides agree. Every call is idempotent, so replicas may all run it.
  const relay = startOutboxRelay(config.relayEnabled ? [networkToShelters(network, shelters), sheltersToNetwork(network, shelters)] : [], {
    intervalMs: config.relayIntervalMs,
    batchSize: 100,
    maxBackoffMs: 60_000,
    parkAfterFailures: config.relayParkAfterFailures,
    logger: log.child({ component: "relay" }),
  });
  const webhooks = startWebhookWorker(network, {
    log: log.child({ component: "webhooks" }),
    config: { intervalMs: config.webhookIntervalMs, retryBaseMs: config.webhookRetryBaseMs, timeoutMs: config.webhookTimeoutMs },
  });
  const nudge = () => relay.kick();
  let unsubscribe: (() => void) | undefined;
  try {
    if (deps.redis) unsubscribe = await onWorkerNudge(deps.redis, config.redisKeyPrefix, nudge);
  } catch (error) {
    await Promise.all([relay.stop(), webhooks.stop()]);
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    relay,
    webhooks,
    nudge,
    stop: () =>
      (stopped ??= (async () => {
        unsubscribe?.();
        await Promise.all([relay.stop(), webhooks.stop()]);
      })()),
  };
}
