import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SUPERGRAPH_PATH, readGatewayConfig } from "../../gateway/config.js";
import { readSubgraphConfig } from "../../subgraphs/kit/config.js";
import { readWorkersConfig } from "../../workers/config.js";

describe("subgraph configuration", () => {
  it("defaults to an embedded database under DATA_DIR, its own port, demo data on", () => {
    expect(readSubgraphConfig("legal-aid", {})).toEqual({
      host: "127.0.0.1",
      port: 4103,
      database: { kind: "embedded", dataDir: path.resolve(".data", "legal-aid") },
      seedDemoData: true,
      dataDir: path.resolve(".data"),
      assertionPublicKeyFile: null,
      redisUrl: null,
      redisKeyPrefix: "srn:",
    });
  });

  it("uses the subgraph's own PostgreSQL URL, and no demo data unless asked", () => {
    const url = "postgresql://srn@db.internal:5432/legal_aid";
    expect(
      readSubgraphConfig("legal-aid", {
        LEGAL_AID_DATABASE_URL: url,
        LEGAL_AID_PORT: "5103",
        GATEWAY_ASSERTION_PUBLIC_KEY_FILE: "/etc/srn/gateway.public.jwk",
        REDIS_URL: "redis://cache.internal:6379",
      }),
    ).toEqual({
      host: "127.0.0.1",
      port: 5103,
      database: { kind: "postgres", url },
      seedDemoData: false,
      dataDir: path.resolve(".data"),
      assertionPublicKeyFile: "/etc/srn/gateway.public.jwk",
      redisUrl: "redis://cache.internal:6379",
      redisKeyPrefix: "srn:",
    });
    expect(readSubgraphConfig("legal-aid", { LEGAL_AID_DATABASE_URL: url, SEED_DEMO_DATA: "true" }).seedDemoData).toBe(true);
  });

  it.each([
    [{ SHELTERS_DATABASE_URL: "mysql://x@y/z" }, "Invalid configuration for subgraph shelters: SHELTERS_DATABASE_URL: must be a postgres:// or postgresql:// URL"],
    [{ SHELTERS_PORT: "70000" }, "Invalid configuration for subgraph shelters: SHELTERS_PORT: Too big: expected number to be <=65535"],
    [{ SEED_DEMO_DATA: "yes" }, 'Invalid configuration for subgraph shelters: SEED_DEMO_DATA: Invalid option: expected one of "0"|"1"|"true"|"false"'],
  ])("refuses %o with a message naming the variable", (env, message) => {
    expect(() => readSubgraphConfig("shelters", env)).toThrow(message);
  });
});

describe("gateway configuration", () => {
  it("defaults to production mode, the checked-in supergraph and the supergraph's URLs", () => {
    expect(readGatewayConfig({})).toEqual({
      limits: { maxDepth: 12, maxAliases: 15, maxRootFields: 10, maxDirectives: 20, maxTokens: 2_000, maxCost: 5_000 },
      rateLimits: { memberPerMinute: 600, clientPerMinute: 300, addressPerMinute: 1_200 },
      maxBatchOperations: 0,
      maxBodyBytes: 1_000_000,
      requestTimeoutMs: 30_000,
      subgraphMaxInFlight: 64,
      subgraphMaxQueued: 256,
      trustedProxyHops: 0,
      host: "127.0.0.1",
      port: 4000,
      supergraphPath: DEFAULT_SUPERGRAPH_PATH,
      subgraphUrls: {},
      development: false,
      subgraphTimeoutMs: 10_000,
      dataDir: path.resolve(".data"),
      assertionPrivateKeyFile: null,
      redisUrl: null,
      redisKeyPrefix: "srn:",
      clientTokens: {
        issuer: "urn:srn:gateway",
        audience: "safe-referral-network",
        ttlSeconds: 600,
        privateKeyFile: null,
        clockToleranceSeconds: 30,
        requestsPerMinutePerAddress: 60,
      },
    });
  });

  it("takes subgraph URLs from the environment", () => {
    const config = readGatewayConfig({ SHELTERS_URL: "https://shelters.internal/graphql", GATEWAY_MODE: "development" });
    expect(config.subgraphUrls).toEqual({ shelters: "https://shelters.internal/graphql" });
    expect(config.development).toBe(true);
  });

  it("takes operation limits from the environment and refuses nonsense", () => {
    expect(readGatewayConfig({ LIMIT_MAX_DEPTH: "8", BATCH_MAX_OPERATIONS: "5" })).toMatchObject({ limits: { maxDepth: 8 }, maxBatchOperations: 5 });
    expect(() => readGatewayConfig({ LIMIT_MAX_DEPTH: "0" })).toThrow("Invalid gateway configuration: LIMIT_MAX_DEPTH: Too small: expected number to be >=1");
  });

  it("refuses a Redis URL that is not redis://", () => {
    expect(() => readGatewayConfig({ REDIS_URL: "http://cache.internal" })).toThrow("Invalid gateway configuration: REDIS_URL: must be a redis:// or rediss:// URL");
  });

  it("refuses a subgraph URL that is not http(s)", () => {
    expect(() => readGatewayConfig({ NETWORK_URL: "file:///etc/passwd" })).toThrow("Invalid gateway configuration: NETWORK_URL: must be an http:// or https:// URL");
  });
});

describe("workers configuration", () => {
  // The relay's settings were the gateway's until the relay moved to the workers process (issue 13).
  it("defaults to the relay on, polling every 2 s, parking after 10 failures, and the subgraphs' own ports", () => {
    expect(readWorkersConfig({})).toMatchObject({
      relayIntervalMs: 2_000,
      relayEnabled: true,
      relayParkAfterFailures: 10,
      subgraphTimeoutMs: 10_000,
      subgraphUrls: { network: "http://127.0.0.1:4101/graphql", shelters: "http://127.0.0.1:4102/graphql" },
      redisUrl: null,
      redisKeyPrefix: "srn:",
    });
  });
});
