import "reflect-metadata";
import { readSubgraphConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { startSubgraph, type DatabaseClient, type SubgraphDefinition } from "./subgraph.js";

/** Runs one subgraph as its own process, configured from the environment; stops on SIGINT/SIGTERM. */
export async function runSubgraphProcess<TDb extends DatabaseClient, TLoaders>(definition: SubgraphDefinition<TDb, TLoaders>) {
  const log = createLogger(`subgraph-${definition.name}`);
  const config = readSubgraphConfig(definition.name);
  const running = await startSubgraph(definition, { ...config, logger: log });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    await running.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}
