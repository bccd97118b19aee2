import "reflect-metadata";
import { createLogger } from "../platform/logger.js";
import { stopOnSignals } from "../platform/stopOnSignals.js";
import { gatewayDependencies } from "./bootstrap.js";
import { readGatewayConfig } from "./config.js";
import { startGateway, type RunningGateway } from "./server.js";

// Runs the gateway alone, against subgraphs started elsewhere (see README, "Production").
const log = createLogger("gateway");
let gateway: RunningGateway;
let deps: Awaited<ReturnType<typeof gatewayDependencies>>;
try {
  const config = readGatewayConfig();
  deps = await gatewayDependencies(config);
  gateway = await startGateway(config, {
    tokenVerifier: deps.tokenVerifier,
    assertionPrivateKey: deps.assertionPrivateKey,
    ...(deps.redis ? { redis: deps.redis } : {}),
    logger: log,
  });
} catch (error) {
  console.error(`The gateway did not start: ${(error as Error).message}`);
  process.exit(1);
}
stopOnSignals(log, async () => {
  await gateway.stop();
  deps.redis?.disconnect();
});
