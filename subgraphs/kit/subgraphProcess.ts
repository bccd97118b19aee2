import "reflect-metadata";
import { readSubgraphConfig, type SubgraphConfig } from "./config.js";
import { loadOrCreateAssertionKeys, readPublicKeyFile } from "../../platform/keys.js";
import { connectRedis, membershipAnnouncements } from "../../platform/redis.js";
import { redisReplayStore } from "../../platform/replay.js";
import { createLogger } from "../../platform/logger.js";
import { stopOnSignals } from "../../platform/stopOnSignals.js";
import { startSubgraph, type DatabaseClient, type SubgraphDefinition } from "./subgraph.js";

/** Runs one subgraph as its own process, configured from the environment; stops on SIGINT/SIGTERM (platform/stopOnSignals.ts). */
export async function runSubgraphProcess<TDb extends DatabaseClient, TLoaders>(definition: SubgraphDefinition<TDb, TLoaders>) {
  const log = createLogger(`subgraph-${definition.name}`);
  const config = readSubgraphConfig(definition.name);
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : null;
  const running = await startSubgraph(definition, {
    ...config,
    assertionPublicKey: await subgraphAssertionKey(config),
    ...(redis ? { replayStore: redisReplayStore(redis, config.redisKeyPrefix), services: membershipAnnouncements(redis, config.redisKeyPrefix) } : {}),
    logger: log,
  });
  stopOnSignals(log, async () => {
    await running.stop();
    redis?.disconnect();
  });
}

/**
 * The gateway's public key for this subgraph: the configured file in production; on the
 * embedded default (no database URL) the pair kept under DATA_DIR/keys, made at first start.
 */
export async function subgraphAssertionKey(config: SubgraphConfig) {
  if (config.assertionPublicKeyFile) return readPublicKeyFile(config.assertionPublicKeyFile);
  if (config.database.kind !== "embedded") {
    throw new Error("GATEWAY_ASSERTION_PUBLIC_KEY_FILE must be set when a subgraph runs on its own database server");
  }
  return (await loadOrCreateAssertionKeys(config.dataDir)).publicKey;
}
