import "reflect-metadata";
import { readSubgraphConfig } from "../../subgraphs/kit/config.js";
import { createLogger } from "../../subgraphs/kit/logger.js";
import { readGatewayConfig } from "../config.js";
import { startNetwork } from "./network.js";

// `npm start`: the whole network on one machine. Every subgraph on its own embedded
// PostgreSQL under DATA_DIR (or its own server, where <NAME>_DATABASE_URL is set).
const log = createLogger("network", process.env.LOG_LEVEL ?? "warn");
const gatewayConfig = readGatewayConfig();
if (gatewayConfig.development) {
  console.warn("GATEWAY_MODE=development: introspection is on. Never run a shared deployment like this.");
}
const started = Date.now();
const network = await startNetwork({
  databaseFor: (name) => readSubgraphConfig(name).database,
  subgraphPort: (name) => readSubgraphConfig(name).port,
  host: readSubgraphConfig("network").host,
  seedDemoData: readSubgraphConfig("network").seedDemoData,
  gateway: gatewayConfig,
  logger: log,
}).catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  const hint = code === "EADDRINUSE" ? " (is another copy running? ports are set by GATEWAY_PORT and <NAME>_PORT)" : "";
  console.error(`Could not start the network: ${(error as Error).message}${hint}`);
  process.exit(1);
});

const endpoint = network.gateway.graphqlUrl;
console.log(`
Safe Referral Network is running (started in ${((Date.now() - started) / 1000).toFixed(1)} s).

  Gateway    ${endpoint}
  Health     ${network.gateway.url}/health   Readiness ${network.gateway.url}/ready
${[...network.subgraphs.values()].map((s) => `  ${s.name.padEnd(16)} ${s.graphqlUrl}`).join("\n")}

Try the service directory:

  curl -s ${endpoint} -H 'content-type: application/json' \\
    -d '{"query":"{ directory(filter: {hasCapacityNow: true}) { shelterPrograms { edges { node { name serviceCapacity { available maximum } } } } legalServices { totalCount } } }"}'

Press Ctrl-C to stop.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping the network…");
    void network.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
