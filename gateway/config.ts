import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { envPrefix, redisKeyPrefix, redisUrl } from "../platform/env.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../vocabulary/subgraphs.js";
import { DEFAULT_CLIENT_TOKEN_ISSUER, DEFAULT_CLIENT_TOKEN_TTL_S, DEFAULT_TOKEN_REQUESTS_PER_MINUTE, MAX_CLIENT_TOKEN_TTL_S, type ClientTokenConfig } from "./auth/clientTokens.js";
import { DEFAULT_AUTH_AUDIENCE, DEFAULT_CLOCK_TOLERANCE_S, MAX_CLOCK_TOLERANCE_S } from "./auth/config.js";
import { DEV_ISSUER } from "./auth/devIssuerKeyFiles.js";
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from "./limits/limitRules.js";
import { DEFAULT_RATE_LIMITS, type RateLimitConfig } from "./limits/rateLimits.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const DEFAULT_GATEWAY_PORT = 4000;
export const DEFAULT_SUPERGRAPH_PATH = path.join(root, "schema/supergraph.graphql");

export interface GatewayConfig {
  host: string;
  port: number;
  /** The composed supergraph file; the gateway never introspects subgraphs. */
  supergraphPath: string;
  /** GraphQL endpoint per subgraph; a subgraph missing here uses the URL in the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** Development conveniences (introspection). Off unless asked for. */
  development: boolean;
  /** Upper bound on one subgraph fetch. */
  subgraphTimeoutMs: number;
  /** Where the embedded default keeps generated keys (DATA_DIR/keys). */
  dataDir: string;
  /** The private key (JWK file) that signs assertions to subgraphs; unset: DATA_DIR/keys, made at first start. */
  assertionPrivateKeyFile: string | null;
  /** Shared state for replicas (membership revision); unset: every request asks the network subgraph. */
  redisUrl: string | null;
  redisKeyPrefix: string;
  limits: OperationLimits;
  rateLimits: RateLimitConfig;
  /** Operations allowed in one batched HTTP request; 0 turns batching off (the default). */
  maxBatchOperations: number;
  maxBodyBytes: number;
  /** Upper bound on one whole gateway request. */
  requestTimeoutMs: number;
  /** Requests in flight to one subgraph, and how many more may wait. */
  subgraphMaxInFlight: number;
  subgraphMaxQueued: number;
  /** Proxies of ours in front of the gateway whose X-Forwarded-For entries are trusted (0: none). */
  trustedProxyHops: number;
  /** Partner-app tokens the gateway issues at its token endpoint (POST /oauth/token). */
  clientTokens: ClientTokenConfig;
}

const httpUrl = z.url().refine((u) => /^https?:\/\//.test(u), "must be an http:// or https:// URL");

const count = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export class GatewayConfigError extends Error {
  override name = "GatewayConfigError";
}

/** The environment variables the gateway reads, with their bounds and defaults. */
function environmentSchema() {
  return z.object({
    GATEWAY_HOST: z.string().min(1).default("127.0.0.1"),
    GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_GATEWAY_PORT),
    SUPERGRAPH_PATH: z.string().min(1).default(DEFAULT_SUPERGRAPH_PATH),
    GATEWAY_MODE: z.enum(["production", "development"]).default("production"),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    DATA_DIR: z.string().min(1).default(".data"),
    GATEWAY_ASSERTION_PRIVATE_KEY_FILE: z.string().min(1).optional(),
    REDIS_URL: redisUrl.optional(),
    REDIS_KEY_PREFIX: redisKeyPrefix,
    LIMIT_MAX_DEPTH: count(1, 100, DEFAULT_OPERATION_LIMITS.maxDepth),
    LIMIT_MAX_ALIASES: count(0, 1_000, DEFAULT_OPERATION_LIMITS.maxAliases),
    LIMIT_MAX_ROOT_FIELDS: count(1, 100, DEFAULT_OPERATION_LIMITS.maxRootFields),
    LIMIT_MAX_DIRECTIVES: count(0, 1_000, DEFAULT_OPERATION_LIMITS.maxDirectives),
    LIMIT_MAX_TOKENS: count(10, 100_000, DEFAULT_OPERATION_LIMITS.maxTokens),
    LIMIT_MAX_COST: count(1, 10_000_000, DEFAULT_OPERATION_LIMITS.maxCost),
    RATE_LIMIT_MEMBER_PER_MINUTE: count(1, 1_000_000, DEFAULT_RATE_LIMITS.memberPerMinute),
    RATE_LIMIT_CLIENT_PER_MINUTE: count(1, 1_000_000, DEFAULT_RATE_LIMITS.clientPerMinute),
    RATE_LIMIT_ADDRESS_PER_MINUTE: count(1, 10_000_000, DEFAULT_RATE_LIMITS.addressPerMinute),
    BATCH_MAX_OPERATIONS: count(0, 50, 0),
    MAX_BODY_BYTES: count(1_000, 50_000_000, 1_000_000),
    REQUEST_TIMEOUT_MS: count(100, 300_000, 30_000),
    SUBGRAPH_MAX_IN_FLIGHT: count(1, 10_000, 64),
    SUBGRAPH_MAX_QUEUED: count(0, 100_000, 256),
    TRUSTED_PROXY_HOPS: count(0, 10, 0),
    CLIENT_TOKEN_ISSUER: z
      .string()
      .min(1)
      .max(255)
      .default(DEFAULT_CLIENT_TOKEN_ISSUER)
      .refine((issuer) => issuer !== DEV_ISSUER, "must not be the development issuer's"),
    CLIENT_TOKEN_TTL_SECONDS: count(60, MAX_CLIENT_TOKEN_TTL_S, DEFAULT_CLIENT_TOKEN_TTL_S),
    CLIENT_TOKEN_PRIVATE_KEY_FILE: z.string().min(1).optional(),
    RATE_LIMIT_TOKEN_PER_MINUTE: count(1, 100_000, DEFAULT_TOKEN_REQUESTS_PER_MINUTE),
    // Read here as well as by the auth configuration: the gateway's own tokens are addressed to
    // the same audience, with the same allowed skew, as the identity provider's.
    AUTH_AUDIENCE: z.string().min(1).default(DEFAULT_AUTH_AUDIENCE),
    AUTH_CLOCK_TOLERANCE_S: count(0, MAX_CLOCK_TOLERANCE_S, DEFAULT_CLOCK_TOLERANCE_S),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${envPrefix(name)}_URL`, httpUrl.optional()])),
  });
}

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = environmentSchema()
    // The issuer picks the key a token is checked with: the identity provider's must be another.
    .refine((values) => values.CLIENT_TOKEN_ISSUER !== env.AUTH_ISSUER, {
      message: "must differ from AUTH_ISSUER",
      path: ["CLIENT_TOKEN_ISSUER"],
    })
    .safeParse(env);
  if (!parsed.success) {
    throw new GatewayConfigError(`Invalid gateway configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const values = parsed.data as Record<string, unknown>;
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const url = values[`${envPrefix(name)}_URL`] as string | undefined;
    if (url) subgraphUrls[name] = url;
  }
  return {
    host: values.GATEWAY_HOST as string,
    port: values.GATEWAY_PORT as number,
    supergraphPath: path.resolve(values.SUPERGRAPH_PATH as string),
    subgraphUrls,
    development: values.GATEWAY_MODE === "development",
    subgraphTimeoutMs: values.SUBGRAPH_TIMEOUT_MS as number,
    dataDir: path.resolve(values.DATA_DIR as string),
    assertionPrivateKeyFile: (values.GATEWAY_ASSERTION_PRIVATE_KEY_FILE as string | undefined) ?? null,
    redisUrl: (values.REDIS_URL as string | undefined) ?? null,
    redisKeyPrefix: values.REDIS_KEY_PREFIX as string,
    limits: {
      maxDepth: values.LIMIT_MAX_DEPTH as number,
      maxAliases: values.LIMIT_MAX_ALIASES as number,
      maxRootFields: values.LIMIT_MAX_ROOT_FIELDS as number,
      maxDirectives: values.LIMIT_MAX_DIRECTIVES as number,
      maxTokens: values.LIMIT_MAX_TOKENS as number,
      maxCost: values.LIMIT_MAX_COST as number,
    },
    rateLimits: {
      memberPerMinute: values.RATE_LIMIT_MEMBER_PER_MINUTE as number,
      clientPerMinute: values.RATE_LIMIT_CLIENT_PER_MINUTE as number,
      addressPerMinute: values.RATE_LIMIT_ADDRESS_PER_MINUTE as number,
    },
    maxBatchOperations: values.BATCH_MAX_OPERATIONS as number,
    maxBodyBytes: values.MAX_BODY_BYTES as number,
    requestTimeoutMs: values.REQUEST_TIMEOUT_MS as number,
    subgraphMaxInFlight: values.SUBGRAPH_MAX_IN_FLIGHT as number,
    subgraphMaxQueued: values.SUBGRAPH_MAX_QUEUED as number,
    trustedProxyHops: values.TRUSTED_PROXY_HOPS as number,
    clientTokens: {
      issuer: values.CLIENT_TOKEN_ISSUER as string,
      audience: values.AUTH_AUDIENCE as string,
      ttlSeconds: values.CLIENT_TOKEN_TTL_SECONDS as number,
      privateKeyFile: (values.CLIENT_TOKEN_PRIVATE_KEY_FILE as string | undefined) ?? null,
      clockToleranceSeconds: values.AUTH_CLOCK_TOLERANCE_S as number,
      requestsPerMinutePerAddress: values.RATE_LIMIT_TOKEN_PER_MINUTE as number,
    },
  };
}
