import type http from "node:http";
import type { IncomingMessage } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { GraphQLSchema } from "graphql";
import type { CryptoKey } from "jose";
import { ASSERTION_HEADER, createAssertionVerifier, type AssertionVerifier } from "../../platform/assertion.js";
import { openDatabase, type DatabaseLocation, type OpenDatabase } from "./database.js";
import { closeServer, createGraphQLHttpServer, HttpError, listen, sendJson } from "../../platform/http.js";
import { createLogger, type Logger } from "../../platform/logger.js";
import type { Principal } from "../../vocabulary/principal.js";
import { memoryReplayStore, type ReplayStore } from "../../platform/replay.js";
import type { MembershipAnnouncements } from "../../platform/redis.js";
import type { SubgraphName } from "../../vocabulary/subgraphs.js";

/** A Prisma client as far as the kit cares: something it can disconnect. */
export interface DatabaseClient {
  $disconnect(): Promise<void>;
}

/** What every resolver receives. `loaders` are per request, so nothing cached outlives it. */
export interface SubgraphContext<TDb, TLoaders> {
  db: TDb;
  loaders: TLoaders;
  /** The caller, as the gateway's signed assertion states it. The only identity a resolver may use. */
  principal: Principal;
  /** The gateway's request id, for logs that span the gateway and every subgraph. */
  requestId: string;
  log: Logger;
  /** Services a subgraph may need beyond its database (e.g. Redis to announce membership changes). */
  services: SubgraphServices;
  /** The settings the subgraph was started with (its own zod reader validates what it uses). */
  env: SubgraphEnvironment;
}

/** Environment variables as a subgraph reads them: `process.env` in a process, chosen ones in tests. */
export type SubgraphEnvironment = Readonly<Record<string, string | undefined>>;

export type SubgraphServices = MembershipAnnouncements;

/** What a subgraph folder provides; the kit does the rest (database, HTTP, health). */
export interface SubgraphDefinition<TDb extends DatabaseClient, TLoaders> {
  name: SubgraphName;
  /** Folder of committed migrations, `prisma/<name>/migrations`. */
  migrationsDir: string;
  schema(): GraphQLSchema;
  createClient(adapter: SqlDriverAdapterFactory): TDb;
  createLoaders(db: TDb, principal: Principal): TLoaders;
  /** Inserts the invented demo data; must be idempotent. */
  seedDemoData(db: TDb): Promise<void>;
  /** Largest request body accepted; default DEFAULT_MAX_BODY_BYTES. Only for what the gateway itself sends. */
  maxBodyBytes?: number;
}

export interface StartSubgraphOptions {
  database: DatabaseLocation;
  port: number;
  host: string;
  seedDemoData: boolean;
  /** The gateway's public key: requests without a valid assertion signed by it get 401. */
  assertionPublicKey: CryptoKey;
  /** Where used assertion ids are remembered; shared (Redis) when there are replicas. */
  replayStore?: ReplayStore;
  services?: Partial<SubgraphServices>;
  logger?: Logger;
  /** Settings the subgraph reads beyond these options; default `process.env`. */
  env?: SubgraphEnvironment;
}

export interface RunningSubgraph {
  name: SubgraphName;
  /** Base URL, e.g. http://127.0.0.1:4101 */
  url: string;
  /** The GraphQL endpoint the gateway calls. */
  graphqlUrl: string;
  stop(): Promise<void>;
}

export async function startSubgraph<TDb extends DatabaseClient, TLoaders>(definition: SubgraphDefinition<TDb, TLoaders>, options: StartSubgraphOptions): Promise<RunningSubgraph> {
  const log = options.logger ?? createLogger(`subgraph-${definition.name}`);
  const database: OpenDatabase = await openDatabase(options.database, definition.migrationsDir);
  if (database.appliedMigrations.length > 0) log.info({ migrations: database.appliedMigrations }, "applied migrations");
  const db = definition.createClient(database.adapter);
  let server: http.Server | undefined;
  let apollo: ApolloServer<SubgraphContext<TDb, TLoaders>> | undefined;
  try {
    if (options.seedDemoData) await definition.seedDemoData(db);
    apollo = await startApollo(definition, log);
    server = subgraphHttpServer(definition, apollo, database, requestContext(definition, db, options, log), options, log);
    const url = await listen(server, options.port, options.host);
    log.info({ url }, "subgraph listening");
    const httpServer = server;
    const apolloServer = apollo;
    let stopped: Promise<void> | undefined;
    return {
      name: definition.name,
      url,
      graphqlUrl: `${url}/graphql`,
      // Idempotent: a second call waits for the first.
      stop: () =>
        (stopped ??= (async () => {
          await closeServer(httpServer);
          await apolloServer.stop();
          await db.$disconnect();
          await database.close();
        })()),
    };
  } catch (error) {
    if (server?.listening) await closeServer(server);
    await apollo?.stop().catch(() => undefined);
    await db.$disconnect();
    await database.close();
    throw error;
  }
}

async function startApollo<TDb extends DatabaseClient, TLoaders>(definition: SubgraphDefinition<TDb, TLoaders>, log: Logger) {
  const apollo = new ApolloServer<SubgraphContext<TDb, TLoaders>>({
    schema: definition.schema(),
    introspection: false,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours (drain HTTP, then close databases); Apollo's own signal handler
    // would race it and re-raise the signal.
    stopOnTerminationSignals: false,
    // No inline traces (ftv1) to the gateway: they would carry resolver errors along.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    logger: log,
  });
  await apollo.start();
  return apollo;
}

type VerifiedCall = Awaited<ReturnType<AssertionVerifier["verify"]>>;

/** What every resolver of one request is given: the database, the verified principal, loaders made for that principal. */
function requestContext<TDb extends DatabaseClient, TLoaders>(definition: SubgraphDefinition<TDb, TLoaders>, db: TDb, options: StartSubgraphOptions, log: Logger) {
  const services: SubgraphServices = { membershipChanged: () => Promise.resolve(), membershipRevision: () => Promise.resolve(null), ...options.services };
  const env = options.env ?? process.env;
  return (_req: IncomingMessage, _id: string, auth: VerifiedCall): Promise<SubgraphContext<TDb, TLoaders>> =>
    Promise.resolve({
      db,
      loaders: definition.createLoaders(db, auth.principal),
      principal: auth.principal,
      requestId: auth.requestId,
      log: log.child({ requestId: auth.requestId }),
      services,
      env,
    });
}

function subgraphHttpServer<TDb extends DatabaseClient, TLoaders>(
  definition: SubgraphDefinition<TDb, TLoaders>,
  apollo: ApolloServer<SubgraphContext<TDb, TLoaders>>,
  database: OpenDatabase,
  context: ReturnType<typeof requestContext<TDb, TLoaders>>,
  options: StartSubgraphOptions,
  log: Logger,
): http.Server {
  const verifier = createAssertionVerifier({
    publicKey: options.assertionPublicKey,
    audience: definition.name,
    replay: options.replayStore ?? memoryReplayStore(),
  });
  return createGraphQLHttpServer({
    apollo,
    ...(definition.maxBodyBytes ? { maxBodyBytes: definition.maxBodyBytes } : {}),
    // Every GraphQL request, whatever it asks (`_service`, `_entities`, anything) and wherever
    // it comes from, must carry the gateway's assertion for exactly this request.
    authenticate: async (req, body) => {
      if (req.method !== "POST") throw new HttpError(405, "METHOD_NOT_ALLOWED", "Subgraphs accept only POST from the gateway");
      const { query, variables } = (body ?? {}) as { query?: unknown; variables?: unknown };
      if (typeof query !== "string") throw new HttpError(400, "BAD_REQUEST", "Missing query");
      const header = req.headers[ASSERTION_HEADER];
      return verifier.verify(typeof header === "string" ? header : undefined, {
        query,
        variables: (variables ?? null) as Record<string, unknown> | null,
      });
    },
    context,
    logger: log,
    routes: {
      "/health": (_req, res) => sendJson(res, 200, { status: "ok", subgraph: definition.name }),
      "/ready": async (_req, res) => {
        try {
          await database.ping();
          sendJson(res, 200, { status: "ready", subgraph: definition.name });
        } catch {
          sendJson(res, 503, { status: "unavailable", subgraph: definition.name, reason: "database" });
        }
      },
    },
  });
}
