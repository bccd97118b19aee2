import "reflect-metadata";
import { readSubgraphConfig } from "../subgraphs/kit/config.js";
import { loadOrCreateAssertionKeys } from "../platform/keys.js";
import { createLogger } from "../platform/logger.js";
import { gatewayDependencies } from "../gateway/bootstrap.js";
import { readGatewayConfig } from "../gateway/config.js";
import { readWorkersConfig } from "../workers/config.js";
import { startNetwork } from "./network.js";

// `npm start`: the whole network on one machine. Every subgraph on its own embedded
// PostgreSQL under DATA_DIR (or its own server, where <NAME>_DATABASE_URL is set).
//
// `--development` (what `npm start` passes) turns on development mode and, unless an identity
// provider is configured (AUTH_ISSUER), the development token issuer. Both are off otherwise.
const development = process.argv.includes("--development");
const env = { ...process.env };
if (development) {
  env.GATEWAY_MODE = "development";
  if (!env.AUTH_ISSUER && env.AUTH_DEV_ISSUER === undefined) env.AUTH_DEV_ISSUER = "true";
  // A webhook receiver on this machine (`http://127.0.0.1:…`) is how one tries webhooks locally.
  if (env.WEBHOOK_ALLOW_HTTP === undefined) env.WEBHOOK_ALLOW_HTTP = "true";
}

const log = createLogger("network", process.env.LOG_LEVEL ?? "warn");
const fail = (error: unknown): never => {
  const code = (error as { code?: string }).code;
  const hint = code === "EADDRINUSE" ? " (is another copy running? ports are set by GATEWAY_PORT and <NAME>_PORT)" : "";
  console.error(`Could not start the network: ${(error as Error).message}${hint}`);
  process.exit(1);
};

const started = Date.now();
const gatewayConfig = readGatewayConfig(env);
const { subgraphUrls: _theLaunchers, ...workersConfig } = readWorkersConfig(env);
const deps = await gatewayDependencies(gatewayConfig, env).catch(fail);
const network = await startNetwork({
  databaseFor: (name) => readSubgraphConfig(name, env).database,
  subgraphPort: (name) => readSubgraphConfig(name, env).port,
  host: readSubgraphConfig("network", env).host,
  seedDemoData: readSubgraphConfig("network", env).seedDemoData,
  gateway: gatewayConfig,
  workers: workersConfig,
  assertionKeys: await loadOrCreateAssertionKeys(gatewayConfig.dataDir),
  tokenVerifier: deps.tokenVerifier,
  redis: deps.redis,
  logger: log,
  subgraphEnv: env,
}).catch(fail);

const endpoint = network.gateway.graphqlUrl;
const devIssuer = deps.authConfig.devIssuer;
console.log(`
Safe Referral Network is running (started in ${((Date.now() - started) / 1000).toFixed(1)} s).
${development ? "\n  DEVELOPMENT MODE: introspection on" + (devIssuer ? ", development token issuer on (keys in DATA_DIR/keys)" : "") + ". Never expose it.\n" : ""}
  Gateway    ${endpoint}
  Health     ${network.gateway.url}/health   Readiness ${network.gateway.url}/ready
${[...network.subgraphs.values()].map((s) => `  ${s.name.padEnd(16)} ${s.graphqlUrl}`).join("\n")}
  Workers    the referral relay${workersConfig.relayEnabled ? "" : " (off: RELAY_ENABLED=false)"} and the webhook delivery, in this process
${
  devIssuer
    ? `
Every request needs a token. Get one for a demo member (list them: npm run token):

  TOKEN=$(npm run -s token -- harbor-caseworker)

Then ask the service directory:

  curl -s ${endpoint} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"query":"{ directory(filter: {hasCapacityNow: true}) { shelterPrograms { edges { node { name serviceCapacity { available maximum } } } } legalServices { totalCount } } }"}'

and a survivor record (needs a purpose of use):

  curl -s ${endpoint} -H "authorization: Bearer $TOKEN" -H 'x-purpose-of-use: SERVICE_REFERRAL' -H 'content-type: application/json' \\
    -d '{"query":"{ survivors { edges { node { pseudonym residentProfiles { legalName } } } } }"}'
`
    : ""
}
Press Ctrl-C to stop.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping the network…");
    void network.stop().then(
      () => {
        deps.redis?.disconnect();
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
