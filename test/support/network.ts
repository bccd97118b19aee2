import { startNetwork, type RunningNetwork } from "../../gateway/dev/network.js";
import { DEFAULT_SUPERGRAPH_PATH } from "../../gateway/config.js";
import { SUBGRAPH_NAMES } from "../../subgraphs/kit/subgraph.js";
import { createTestDatabases } from "./databases.js";

export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: TData | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
}

export interface TestNetwork extends RunningNetwork {
  /** POSTs one operation to the gateway. */
  query<TData = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<TData>>;
}

/**
 * The whole network in this process on ephemeral ports, with demo data: four subgraphs on
 * their own fresh databases (PGlite, or PostgreSQL with TEST_DATABASE_URL) and the gateway
 * in front, talking over real HTTP.
 */
export async function startTestNetwork(): Promise<TestNetwork> {
  const databases = await createTestDatabases(SUBGRAPH_NAMES);
  let network: RunningNetwork;
  try {
    network = await startNetwork({
      databaseFor: (name) => databases.locationFor(name),
      subgraphPort: () => 0,
      host: "127.0.0.1",
      seedDemoData: true,
      gateway: { host: "127.0.0.1", port: 0, supergraphPath: DEFAULT_SUPERGRAPH_PATH, development: false, subgraphTimeoutMs: 10_000 },
    });
  } catch (error) {
    await databases.drop();
    throw error;
  }
  return {
    ...network,
    async stop() {
      await network.stop();
      await databases.drop();
    },
    async query(query, variables) {
      return postGraphQL(network.gateway.graphqlUrl, query, variables);
    },
  };
}

export async function postGraphQL<TData>(url: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<TData>["body"] };
}
