import "reflect-metadata";
import type { DatabaseLocation } from "../../subgraphs/kit/database.js";
import { createLogger, type Logger } from "../../subgraphs/kit/logger.js";
import { startSubgraph, type RunningSubgraph, type SubgraphName } from "../../subgraphs/kit/subgraph.js";
import { SUBGRAPHS } from "../../subgraphs/index.js";
import type { GatewayConfig } from "../config.js";
import { startGateway, type RunningGateway } from "../server.js";

export interface NetworkOptions {
  /** Where each subgraph keeps its data. */
  databaseFor: (name: SubgraphName) => DatabaseLocation;
  host: string;
  /** Port per subgraph; 0 for any free port. */
  subgraphPort: (name: SubgraphName) => number;
  gateway: Omit<GatewayConfig, "subgraphUrls">;
  seedDemoData: boolean;
  logger?: Logger;
}

export interface RunningNetwork {
  gateway: RunningGateway;
  subgraphs: Map<SubgraphName, RunningSubgraph>;
  stop(): Promise<void>;
}

/**
 * Starts the four subgraphs and the gateway in this process, each subgraph on its own port and
 * database, the gateway talking to them over real HTTP. `npm start` and the integration tests
 * both use it.
 */
export async function startNetwork(options: NetworkOptions): Promise<RunningNetwork> {
  const log = options.logger ?? createLogger("network");
  const subgraphs = new Map<SubgraphName, RunningSubgraph>();
  const stopSubgraphs = async () => {
    await Promise.all([...subgraphs.values()].map((s) => s.stop()));
  };
  try {
    // Started in turn: first creation of an embedded database is CPU-bound, parallelism buys nothing.
    for (const definition of SUBGRAPHS) {
      const running = await startSubgraph(definition, {
        database: options.databaseFor(definition.name),
        host: options.host,
        port: options.subgraphPort(definition.name),
        seedDemoData: options.seedDemoData,
        logger: log.child({ subgraph: definition.name }),
      });
      subgraphs.set(definition.name, running);
    }
    const subgraphUrls = Object.fromEntries([...subgraphs].map(([name, s]) => [name, s.graphqlUrl]));
    const gateway = await startGateway({ ...options.gateway, subgraphUrls }, log.child({ component: "gateway" }));
    return {
      gateway,
      subgraphs,
      async stop() {
        await gateway.stop();
        await stopSubgraphs();
      },
    };
  } catch (error) {
    await stopSubgraphs();
    throw error;
  }
}
