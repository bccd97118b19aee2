import { loadOrCreateAssertionKeys, readPrivateKeyFile } from "../platform/keys.js";
import { createLogger } from "../platform/logger.js";
import { stopOnSignals } from "../platform/stopOnSignals.js";
import { connectRedis, type Redis } from "../platform/redis.js";
import { readWorkersConfig } from "./config.js";
import { startWorkers, type RunningWorkers } from "./workers.js";

// `npm run workers`: the relay and the webhook delivery, alone, against subgraphs started
// elsewhere (README, "Production"). Run as many replicas as you like.
const log = createLogger("workers");
let workers: RunningWorkers;
let redis: Redis | null = null;
try {
  const config = readWorkersConfig();
  const assertionPrivateKey = config.assertionPrivateKeyFile
    ? await readPrivateKeyFile(config.assertionPrivateKeyFile)
    : (await loadOrCreateAssertionKeys(config.dataDir)).privateKey;
  redis = config.redisUrl ? await connectRedis(config.redisUrl) : null;
  workers = await startWorkers(config, { assertionPrivateKey, redis, logger: log });
  log.info({ relay: config.relayEnabled, network: config.subgraphUrls.network, shelters: config.subgraphUrls.shelters, nudges: redis ? "redis" : "none" }, "workers running");
} catch (error) {
  console.error(`The workers did not start: ${(error as Error).message}`);
  process.exit(1);
}
stopOnSignals(log, async () => {
  await workers.stop();
  redis?.disconnect();
});
