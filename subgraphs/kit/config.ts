import path from "node:path";
import { z } from "zod";
import type { DatabaseLocation } from "./database.js";
import { DEFAULT_SUBGRAPH_PORTS, type SubgraphName } from "../../vocabulary/subgraphs.js";
import { booleanFlag, envPrefix, redisKeyPrefix, redisUrl } from "../../platform/env.js";

export { DEFAULT_SUBGRAPH_PORTS };

const postgresUrl = z.url().refine((u) => /^postgres(ql)?:\/\//.test(u), "must be a postgres:// or postgresql:// URL");

export interface SubgraphConfig {
  host: string;
  port: number;
  database: DatabaseLocation;
  seedDemoData: boolean;
  dataDir: string;
  /** The gateway's public key (JWK file); unset on the embedded default: DATA_DIR/keys. */
  assertionPublicKeyFile: string | null;
  redisUrl: string | null;
  redisKeyPrefix: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads one subgraph's settings from the environment. Without `<NAME>_DATABASE_URL` the
 * subgraph runs on its own embedded PostgreSQL under `DATA_DIR/<name>`.
 */
export function readSubgraphConfig(name: SubgraphName, env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  const prefix = envPrefix(name);
  const schema = z.object({
    HOST: z.string().min(1).default("127.0.0.1"),
    [`${prefix}_PORT`]: z.coerce.number().int().min(0).max(65535).default(DEFAULT_SUBGRAPH_PORTS[name]),
    [`${prefix}_DATABASE_URL`]: postgresUrl.optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    SEED_DEMO_DATA: booleanFlag.optional(),
    GATEWAY_ASSERTION_PUBLIC_KEY_FILE: z.string().min(1).optional(),
    REDIS_URL: redisUrl.optional(),
    REDIS_KEY_PREFIX: redisKeyPrefix,
  });
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration for subgraph ${name}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const values = parsed.data as Record<string, unknown>;
  const url = values[`${prefix}_DATABASE_URL`] as string | undefined;
  return {
    host: values.HOST as string,
    port: values[`${prefix}_PORT`] as number,
    database: url ? { kind: "postgres", url } : { kind: "embedded", dataDir: path.resolve(values.DATA_DIR as string, name) },
    // Demo data goes into the embedded default only, unless asked for explicitly.
    seedDemoData: (values.SEED_DEMO_DATA as boolean | undefined) ?? !url,
    dataDir: path.resolve(values.DATA_DIR as string),
    assertionPublicKeyFile: (values.GATEWAY_ASSERTION_PUBLIC_KEY_FILE as string | undefined) ?? null,
    redisUrl: (values.REDIS_URL as string | undefined) ?? null,
    redisKeyPrefix: values.REDIS_KEY_PREFIX as string,
  };
}
