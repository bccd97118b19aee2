import "reflect-metadata";
import type { DatabaseLocation } from "../subgraphs/kit/database.js";
import type { AssertionKeyPair } from "../platform/keys.js";
import { createLogger, type Logger } from "../platform/logger.js";
import { membershipAnnouncements, type Redis } from "../platform/redis.js";
import { memoryReplayStore, redisReplayStore } from "../platform/replay.js";
import { startSubgraph, type RunningSubgraph, type SubgraphEnvironment } from "../subgraphs/kit/subgraph.js";
import { type SubgraphName } from "../vocabulary/subgraphs.js";
import { SUBGRAPHS } from "../subgraphs/index.js";
import type { TokenVerifier } from "../gateway/auth/verifyToken.js";
import type { GatewayConfig } from "../gateway/config.js";
import { startGateway, type GatewayDependencies, type RunningGateway } from "../gateway/server.js";
import type { WorkersConfig } from "../workers/config.js";
import { startWorkers, type RunningWorkers } from "../workers/workers.js";

export interface NetworkOptions {
  /** Where each subgraph keeps its data. */
  databaseFor: (name: SubgraphName) => DatabaseLocation;
  host: string;
  /** Port per subgraph; 0 for any free port. */
  subgraphPort: (name: SubgraphName) => number;
  gateway: Omit<GatewayConfig, "subgraphUrls">;
  /** The workers (relay, webhook delivery), on these subgraphs. */
  workers: Omit<WorkersConfig, "subgraphUrls">;
  seedDemoData: boolean;
  /** The gateway and the workers sign with the private key; every subgraph verifies with the public one. */
  assertionKeys: AssertionKeyPair;
  tokenVerifier: TokenVerifier;
  /** Shared state (replay protection, membership revision) when given. */
  redis?: Redis | null;
  /**
   * The subgraphs' Redis and key prefix when they differ from the gateway's (tests of mixed
   * deployments); default: the gateway's.
   */
  subgraphRedis?: { redis: Redis | null; keyPrefix: string };
  logger?: Logger;
  /** Gateway dependencies for tests and benchmarks (a controllable clock; enforcement off for a baseline; whom a mutation nudges). */
  gatewayDependencies?: Pick<GatewayDependencies, "now" | "unsafeWithoutConsentEnforcement" | "nudgeWorkers">;
  /** Settings the subgraphs read beyond these options (e.g. WEBHOOK_ALLOW_HTTP); default `process.env`. */
  subgraphEnv?: SubgraphEnvironment;
}

export interface RunningNetwork {
  gateway: RunningGateway;
  workers: RunningWorkers;
  subgraphs: Map<SubgraphName, RunningSubgraph>;
  stop(): Promise<void>;
}

/**
 * Starts the four subgraphs, the workers and the gateway in this process, each subgraph on its own
 * port and database, the gateway and the workers talking to them over real HTTP with signed
 * assertions, the gateway nudging the workers after every mutation. `npm start` and the
 * integration tests both use it.
 */
export async function startNetwork(options: NetworkOptions): Promise<RunningNetwork> {
  const log = options.logger ?? createLogger("network");
  const subgraphs = new Map<SubgraphName, RunningSubgraph>();
  const { redis, keyPrefix: prefix } = options.subgraphRedis ?? { redis: options.redis ?? null, keyPrefix: options.gateway.redisKeyPrefix };
  let workers: RunningWorkers | undefined;
  const stopSubgraphs = async () => {
    await Promise.all([...subgraphs.values()].map((s) => s.stop()));
  };
  try {
    // Started in turn: a start is CPU-bound, the first (creating the embedded databases) and the
    // second alike. Starting them together, and loading the gateway's modules meanwhile, was
    // measured no faster on 2 cores (second start, median of 6: 8.8 s against 7.6 s in turn).
    for (const definition of SUBGRAPHS) {
      const running = await startSubgraph(definition, {
        database: options.databaseFor(definition.name),
        host: options.host,
        port: options.subgraphPort(definition.name),
        seedDemoData: options.seedDemoData,
        assertionPublicKey: options.assertionKeys.publicKey,
        replayStore: redis ? redisReplayStore(redis, `${prefix}${definition.name}:`) : memoryReplayStore(),
        ...(redis ? { services: membershipAnnouncements(redis, prefix) } : {}),
        logger: log.child({ subgraph: definition.name }),
        ...(options.subgraphEnv ? { env: options.subgraphEnv } : {}),
      });
      subgraphs.set(definition.name, running);
    }
    const subgraphUrls = Object.fromEntries([...subgraphs].map(([name, s]) => [name, s.graphqlUrl])) as Record<SubgraphName, string>;
    // Where each subgraph is now: a test may stop one and start it again.
    workers = await startWorkers(
      { ...options.workers, subgraphUrls },
      {
        assertionPrivateKey: options.assertionKeys.privateKey,
        logger: log.child({ component: "workers" }),
        subgraphUrl: (name) => subgraphs.get(name)?.graphqlUrl ?? subgraphUrls[name],
      },
    );
    const running = workers;
    const gateway = await startGateway(
      { ...options.gateway, subgraphUrls },
      {
        tokenVerifier: options.tokenVerifier,
        assertionPrivateKey: options.assertionKeys.privateKey,
        ...(options.redis ? { redis: options.redis } : {}),
        logger: log.child({ component: "gateway" }),
        nudgeWorkers: () => running.nudge(),
        ...options.gatewayDependencies,
      },
    );
    let stopped: Promise<void> | undefined;
    return {
      gateway,
      workers: running,
      subgraphs,
      stop: () =>
        (stopped ??= (async () => {
          await gateway.stop();
          await running.stop();
          await stopSubgraphs();
        })()),
    };
  } catch (error) {
    await workers?.stop();
    await stopSubgraphs();
    throw error;
  }
}
