import { startNetwork, type RunningNetwork } from "../../launcher/network.js";
import { startGateway, type GatewayDependencies } from "../../gateway/server.js";
import { DEFAULT_SUPERGRAPH_PATH, readGatewayConfig, type GatewayConfig } from "../../gateway/config.js";
import { readWorkersConfig, type WorkersConfig } from "../../workers/config.js";
import { startWorkers, type RunningWorkers } from "../../workers/workers.js";
import { generateAssertionKeyPair, type AssertionKeyPair } from "../../platform/keys.js";
import type { Redis } from "../../platform/redis.js";
import { randomUUID } from "node:crypto";
import { ASSERTION_HEADER, createAssertionSigner } from "../../platform/assertion.js";
import type { DatabaseLocation } from "../../subgraphs/kit/database.js";
import type { Principal } from "../../vocabulary/principal.js";
import { startSubgraph, type SubgraphEnvironment } from "../../subgraphs/kit/subgraph.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../../vocabulary/subgraphs.js";
import { SUBGRAPHS } from "../../subgraphs/index.js";
import { createTestDatabases, type TestDatabases } from "./databases.js";
import { createTestIssuer, type DemoPrincipalKey, type TestIssuer } from "./issuer.js";

export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: TData | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
}

export interface RequestOptions {
  /** A seeded member or partner app to sign in as (default: harbor-caseworker), or a raw token. */
  as?: DemoPrincipalKey | { token: string } | null;
  /** The X-Purpose-Of-Use header: a `Purpose`, or any other text (to see it refused). */
  purpose?: string;
  headers?: Record<string, string>;
}

export interface TestNetwork extends RunningNetwork {
  issuer: TestIssuer;
  databases: TestDatabases;
  assertionKeys: AssertionKeyPair;
  /** POSTs one operation to the gateway, signed in as `options.as`. */
  query: <TData = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: RequestOptions) => Promise<GraphQLResponse<TData>>;
  /**
   * Another gateway on the same subgraphs (as a second replica would run), stopped with the network
   * or by its own `stop`. Its `query` works like the network's.
   */
  startAnotherGateway(
    deps?: Pick<GatewayDependencies, "now" | "unsafeWithoutConsentEnforcement">,
    /** Subgraphs to reach at another address instead (a hostile stand-in in front of one, say). */
    subgraphUrls?: Partial<Record<SubgraphName, string>>,
  ): Promise<ExtraGateway>;
  /**
   * Another workers process on the same subgraphs (as a second replica would run), stopped with the
   * network or by its own `stop`; every gateway's mutations nudge it too.
   */
  startAnotherWorkers(): Promise<RunningWorkers>;
  /**
   * Stops the network subgraph; resolves with a function that starts it again on the same port and
   * database (which must be `persistent`), as after a crash or an outage.
   */
  stopNetworkSubgraph(): Promise<{ database: DatabaseLocation; restart: () => Promise<void> }>;
  /** The same for any subgraph (its database must be `persistent` when embedded). */
  stopSubgraph(name: SubgraphName): Promise<{ database: DatabaseLocation; restart: () => Promise<void> }>;
  /** One request straight to a subgraph, with an assertion for `principal` signed by the gateway's key, as the gateway forwards requests. */
  callSubgraph<T = Record<string, unknown>>(
    name: SubgraphName,
    principal: Principal,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } }>;
}

export interface ExtraGateway {
  graphqlUrl: string;
  query: TestNetwork["query"];
  stop(): Promise<void>;
}

export interface TestNetworkOptions {
  redis?: Redis;
  redisKeyPrefix?: string;
  /** The subgraphs' Redis (null: none) and key prefix, when they differ from the gateway's (a mixed deployment). */
  subgraphRedis?: { redis: Redis | null; keyPrefix: string };
  /** Gateway settings to change from the production defaults. */
  gateway?: Partial<Omit<GatewayConfig, "subgraphUrls">>;
  /** Workers settings to change from the defaults (the WEBHOOK_* ones are read from `subgraphEnv`). */
  workers?: Partial<Omit<WorkersConfig, "subgraphUrls">>;
  /** The clock the gateway's consent decisions use. */
  now?: () => Date;
  /** Subgraphs whose databases must survive a stop (to restart them, or to open them directly). */
  persistent?: readonly SubgraphName[];
  /** Settings the subgraphs and the workers read from their environment (e.g. WEBHOOK_*), instead of this process's. */
  subgraphEnv?: SubgraphEnvironment;
  /** Where a subgraph reaches its fresh database instead (e.g. the same server through a proxy). */
  databaseVia?: (name: SubgraphName, location: DatabaseLocation) => DatabaseLocation;
}

/**
 * The whole network in this process on ephemeral ports, with demo data: four subgraphs on
 * their own fresh databases (PGlite, or PostgreSQL with TEST_DATABASE_URL), the gateway in
 * front talking over real HTTP with signed assertions, and a test identity provider.
 */
export async function startTestNetwork(options: TestNetworkOptions = {}): Promise<TestNetwork> {
  const databases = await createTestDatabases(SUBGRAPH_NAMES, { persistent: options.persistent ?? [] });
  const issuer = await createTestIssuer();
  const assertionKeys = await generateAssertionKeyPair();
  const { subgraphUrls: _none, ...productionDefaults } = readGatewayConfig({});
  const gatewayConfig: Omit<GatewayConfig, "subgraphUrls"> = {
    ...productionDefaults,
    host: "127.0.0.1",
    port: 0,
    supergraphPath: DEFAULT_SUPERGRAPH_PATH,
    development: false,
    subgraphTimeoutMs: 10_000,
    dataDir: "/nonexistent",
    assertionPrivateKeyFile: null,
    redisUrl: null,
    redisKeyPrefix: options.redisKeyPrefix ?? "srn-test:",
    ...options.gateway,
  };
  const { subgraphUrls: _fromTheNetwork, ...workersDefaults } = readWorkersConfig(options.subgraphEnv ?? process.env);
  const workersConfig: Omit<WorkersConfig, "subgraphUrls"> = { ...workersDefaults, redisKeyPrefix: gatewayConfig.redisKeyPrefix, ...options.workers };
  // Every gateway's mutations nudge every workers replica (as Redis would carry it across processes).
  const extraWorkers: RunningWorkers[] = [];
  let nudgeAll: () => void = () => undefined;
  let network: RunningNetwork;
  try {
    network = await startNetwork({
      databaseFor: (name) => options.databaseVia?.(name, databases.locationFor(name)) ?? databases.locationFor(name),
      subgraphPort: () => 0,
      host: "127.0.0.1",
      seedDemoData: true,
      gateway: gatewayConfig,
      workers: workersConfig,
      assertionKeys,
      tokenVerifier: issuer.tokenVerifier,
      redis: options.redis ?? null,
      ...(options.subgraphRedis ? { subgraphRedis: options.subgraphRedis } : {}),
      gatewayDependencies: { ...(options.now ? { now: options.now } : {}), nudgeWorkers: () => nudgeAll() },
      ...(options.subgraphEnv ? { subgraphEnv: options.subgraphEnv } : {}),
    });
  } catch (error) {
    await databases.drop();
    throw error;
  }
  const queryAt =
    (url: string): TestNetwork["query"] =>
    async (query, variables, requestOptions = {}) => {
      const as = requestOptions.as === undefined ? "harbor-caseworker" : requestOptions.as;
      const headers: Record<string, string> = { ...requestOptions.headers };
      if (as) headers.authorization = `Bearer ${typeof as === "string" ? await issuer.tokenFor(as) : as.token}`;
      if (requestOptions.purpose) headers["x-purpose-of-use"] = requestOptions.purpose;
      return postGraphQL(url, query, variables, headers);
    };
  const started = network;
  nudgeAll = () => {
    started.workers.nudge();
    for (const workers of extraWorkers) workers.nudge();
  };
  const extraGateways: ExtraGateway[] = [];
  const stopSubgraph = async (name: SubgraphName) => {
    const subgraph = network.subgraphs.get(name)!;
    const port = Number(new URL(subgraph.url).port);
    await subgraph.stop();
    const database = databases.reopenLocationFor(name);
    const definition = SUBGRAPHS.find((d) => d.name === name)!;
    return {
      database,
      restart: async () => {
        const restarted = await startSubgraph(definition, {
          database,
          host: "127.0.0.1",
          port,
          seedDemoData: false,
          assertionPublicKey: assertionKeys.publicKey,
          ...(options.subgraphEnv ? { env: options.subgraphEnv } : {}),
        });
        network.subgraphs.set(name, restarted);
      },
    };
  };
  return {
    ...network,
    issuer,
    databases,
    assertionKeys,
    async stop() {
      await Promise.all(extraGateways.map((g) => g.stop()));
      await Promise.all(extraWorkers.map((w) => w.stop()));
      await network.stop();
      await databases.drop();
    },
    query: queryAt(network.gateway.graphqlUrl),
    stopNetworkSubgraph: () => stopSubgraph("network"),
    stopSubgraph,
    async callSubgraph(name, principal, query, variables = {}) {
      const body = { query, variables };
      const response = await fetch(network.subgraphs.get(name)!.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json", [ASSERTION_HEADER]: await createAssertionSigner(assertionKeys.privateKey).sign(name, principal, body, randomUUID()) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as never };
    },
    async startAnotherGateway(deps = {}, subgraphUrls = {}) {
      const running = await startGateway(
        { ...gatewayConfig, subgraphUrls: { ...network.gateway.subgraphUrls, ...subgraphUrls } },
        { tokenVerifier: issuer.tokenVerifier, assertionPrivateKey: assertionKeys.privateKey, ...(options.redis ? { redis: options.redis } : {}), nudgeWorkers: nudgeAll, ...deps },
      );
      const extra = { graphqlUrl: running.graphqlUrl, query: queryAt(running.graphqlUrl), stop: () => running.stop() };
      extraGateways.push(extra);
      return extra;
    },
    async startAnotherWorkers() {
      const workers = await startWorkers(
        { ...workersConfig, subgraphUrls: network.gateway.subgraphUrls },
        { assertionPrivateKey: assertionKeys.privateKey, subgraphUrl: (name) => network.subgraphs.get(name)!.graphqlUrl },
      );
      extraWorkers.push(workers);
      return workers;
    },
  };
}

export async function postGraphQL<TData>(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<TData>["body"] };
}
