import { readFile } from "node:fs/promises";
import type http from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloGateway } from "@apollo/gateway";
import { closeServer, createGraphQLHttpServer, listen, sendJson } from "../subgraphs/kit/http.js";
import { createLogger, type Logger } from "../subgraphs/kit/logger.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../subgraphs/kit/subgraph.js";
import type { GatewayConfig } from "./config.js";
import { checkSubgraphs } from "./readiness.js";
import { SubgraphDataSource } from "./SubgraphDataSource.js";

export interface RunningGateway {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  graphqlUrl: string;
  /** The subgraph endpoints in use, after configuration overrides. */
  subgraphUrls: Record<SubgraphName, string>;
  stop(): Promise<void>;
}

export async function startGateway(config: GatewayConfig, logger?: Logger): Promise<RunningGateway> {
  const log = logger ?? createLogger("gateway");
  const supergraphSdl = await readFile(config.supergraphPath, "utf8");
  const subgraphUrls = {} as Record<SubgraphName, string>;
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: log,
    buildService: ({ name, url }) => {
      if (!(SUBGRAPH_NAMES as readonly string[]).includes(name)) throw new Error(`Supergraph names an unknown subgraph: ${name}`);
      const subgraph = name as SubgraphName;
      const resolvedUrl = config.subgraphUrls[subgraph] ?? url;
      if (!resolvedUrl) throw new Error(`No URL for subgraph ${name}`);
      subgraphUrls[subgraph] = resolvedUrl;
      return new SubgraphDataSource({ name, url: resolvedUrl, timeoutMs: config.subgraphTimeoutMs });
    },
  });

  const apollo = new ApolloServer({
    gateway,
    introspection: config.development,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours (drain HTTP, then close databases); Apollo's own signal handler
    // would race it and re-raise the signal.
    stopOnTerminationSignals: false,
    logger: log,
    plugins: config.development ? [] : [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  let server: http.Server | undefined;
  try {
    server = createGraphQLHttpServer({
      apollo,
      logger: log,
      context: async () => ({}),
      routes: {
        "/health": (_req, res) => sendJson(res, 200, { status: "ok" }),
        "/ready": async (_req, res) => {
          const subgraphs = await checkSubgraphs(subgraphUrls);
          const ready = subgraphs.length === SUBGRAPH_NAMES.length && subgraphs.every((s) => s.ready);
          sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "unavailable", subgraphs });
        },
      },
    });
    const url = await listen(server, config.port, config.host);
    log.info({ url: `${url}/graphql` }, "gateway listening");
    const httpServer = server;
    return {
      url,
      graphqlUrl: `${url}/graphql`,
      subgraphUrls,
      async stop() {
        await closeServer(httpServer);
        await apollo.stop();
      },
    };
  } catch (error) {
    if (server?.listening) await closeServer(server);
    await apollo.stop();
    throw error;
  }
}
