import type http from "node:http";
import type { IncomingMessage } from "node:http";
import { ApolloServer } from "@apollo/server";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { GraphQLSchema } from "graphql";
import { openDatabase, type DatabaseLocation, type OpenDatabase } from "./database.js";
import { closeServer, createGraphQLHttpServer, listen, sendJson } from "./http.js";
import { createLogger, type Logger } from "./logger.js";

export const SUBGRAPH_NAMES = ["network", "shelters", "legal-aid", "law-enforcement"] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** A Prisma client as far as the kit cares: something it can disconnect. */
export interface DatabaseClient {
  $disconnect(): Promise<void>;
}

/** What every resolver receives. `loaders` are per request, so nothing cached outlives it. */
export interface SubgraphContext<TDb, TLoaders> {
  db: TDb;
  loaders: TLoaders;
  requestId: string;
  log: Logger;
}

/** What a subgraph folder provides; the kit does the rest (database, HTTP, health). */
export interface SubgraphDefinition<TDb extends DatabaseClient, TLoaders> {
  name: SubgraphName;
  /** Folder of committed migrations, `prisma/<name>/migrations`. */
  migrationsDir: string;
  schema(): GraphQLSchema;
  createClient(adapter: SqlDriverAdapterFactory): TDb;
  createLoaders(db: TDb): TLoaders;
  /** Inserts the invented demo data; must be idempotent. */
  seedDemoData(db: TDb): Promise<void>;
}

export interface StartSubgraphOptions {
  database: DatabaseLocation;
  port: number;
  host: string;
  seedDemoData: boolean;
  logger?: Logger;
}

export interface RunningSubgraph {
  name: SubgraphName;
  /** Base URL, e.g. http://127.0.0.1:4101 */
  url: string;
  /** The GraphQL endpoint the gateway calls. */
  graphqlUrl: string;
  stop(): Promise<void>;
}

export async function startSubgraph<TDb extends DatabaseClient, TLoaders>(
  definition: SubgraphDefinition<TDb, TLoaders>,
  options: StartSubgraphOptions,
): Promise<RunningSubgraph> {
  const log = options.logger ?? createLogger(`subgraph-${definition.name}`);
  const database: OpenDatabase = await openDatabase(options.database, definition.migrationsDir);
  if (database.appliedMigrations.length > 0) log.info({ migrations: database.appliedMigrations }, "applied migrations");
  const db = definition.createClient(database.adapter);
  let server: http.Server | undefined;
  let apollo: ApolloServer<SubgraphContext<TDb, TLoaders>> | undefined;
  try {
    if (options.seedDemoData) await definition.seedDemoData(db);
    apollo = new ApolloServer<SubgraphContext<TDb, TLoaders>>({
      schema: definition.schema(),
      introspection: false,
      includeStacktraceInErrorResponses: false,
      // Shutdown is ours (drain HTTP, then close databases); Apollo's own signal handler
      // would race it and re-raise the signal.
      stopOnTerminationSignals: false,
      logger: log,
    });
    await apollo.start();
    const context = async (_req: IncomingMessage, requestId: string): Promise<SubgraphContext<TDb, TLoaders>> => ({
      db,
      loaders: definition.createLoaders(db),
      requestId,
      log: log.child({ requestId }),
    });
    server = createGraphQLHttpServer({
      apollo,
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
