import { readGatewayConfig } from "./config.js";
import { createLogger } from "../subgraphs/kit/logger.js";
import { startGateway } from "./server.js";

// Runs the gateway alone, against subgraphs started elsewhere (see README, "Production").
const log = createLogger("gateway");
const gateway = await startGateway(readGatewayConfig(), log);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    void gateway.stop().then(() => process.exit(0));
  });
}
