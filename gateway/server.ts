import { readFile } from "node:fs/promises";
import type http from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloGateway } from "@apollo/gateway";
// Before any ApolloGateway is made: its telemetry (metrics to Apollo, cloud metadata probes) stays off.
import "./noTelemetry.js";
import type { CryptoKey } from "jose";
import { createAssertionSigner, type AssertionSigner } from "../platform/assertion.js";
import { API_SECURITY_HEADERS, closeServer, createGraphQLHttpServer, listen } from "../platform/http.js";
import { createLogger, type Logger } from "../platform/logger.js";
import { nudgeWorkers, type Redis } from "../platform/redis.js";
import type { SubgraphName } from "../vocabulary/subgraphs.js";
import { networkClientCredentials } from "./auth/clientCredentials.js";
import { clientTokenKeySource } from "./auth/clientTokenKey.js";
import { createClientTokenIssuer, createClientTokenVerifier, withClientTokens } from "./auth/clientTokens.js";
import { clientCredentialsTokenEndpoint, TOKEN_ENDPOINT_PATH } from "./auth/tokenEndpoint.js";
import type { TokenVerifier } from "./auth/verifyToken.js";
import type { GatewayConfig } from "./config.js";
import type { GatewayContext } from "./context.js";
import { clientAddress } from "./limits/clientAddress.js";
import { createRateLimits } from "./limits/rateLimits.js";
import { readSchemaPolicy } from "./policy/schemaPolicy.js";
import { networkPrincipalLookup } from "./principals/networkLookup.js";
import { createPrincipalResolver } from "./principals/principalResolver.js";
import { ConsentEnforcement } from "./policy/consentEnforcement.js";
import { networkDisclosureLedger } from "./policy/disclosureLedger.js";
import { networkPolicyFacts, type PolicyFactsSource } from "./policy/policyFacts.js";
import { networkSystemClient, subgraphClient, subgraphSystemClient, type SystemCall } from "../platform/systemClient.js";
import { certificationRequestGate } from "./gates/certificationRequestGate.js";
import { referralServiceGate } from "./gates/referralServiceGate.js";
import { conflictCheckGate, conflictCheckRecordingGate } from "./gates/conflictCheckGate.js";
import type { MutationGate } from "./gates/mutationGate.js";
import { requestPipeline } from "./pipeline.js";
import { healthRoute, readinessRoute } from "./readiness.js";
import { subgraphDataSources } from "./SubgraphDataSource.js";

export interface RunningGateway {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  graphqlUrl: string;
  /** The subgraph endpoints in use, after configuration overrides. */
  subgraphUrls: Record<SubgraphName, string>;
  stop(): Promise<void>;
}

export interface GatewayDependencies {
  /** Verifies callers' bearer tokens (see gateway/auth). */
  tokenVerifier: TokenVerifier;
  /** Signs the assertions that subgraphs require. */
  assertionPrivateKey: CryptoKey;
  /** Shared state between replicas; optional. */
  redis?: Redis;
  logger?: Logger;
  /**
   * BENCHMARKS ONLY: serve without the consent rule (no facts, no ledger; sensitive fields pass).
   * Deliberately not reachable from the environment or the command line.
   */
  unsafeWithoutConsentEnforcement?: boolean;
  /** The clock consent decisions use (tests move it to check expiry); the system clock by default. */
  now?: () => Date;
  /**
   * Called after every mutation that ran (it may have written to an outbox the workers' relay
   * carries): the launcher's workers in the same process. By default a nudge through Redis when
   * there is one, and nothing otherwise (the workers poll).
   */
  nudgeWorkers?: () => void;
}

/**
 * Starts the gateway: reads the supergraph, builds what the request pipeline stands on (the
 * schema's policy, the signed calls to the subgraphs, the consent rule, the gates, rate limits, live
 * membership, partner-app tokens), hands them to the pipeline (gateway/pipeline.ts, where every
 * request step is listed in order) and serves it over HTTP. No request logic lives here.
 */
export async function startGateway(config: GatewayConfig, deps: GatewayDependencies): Promise<RunningGateway> {
  const log = deps.logger ?? createLogger("gateway");
  const supergraphSdl = await readFile(config.supergraphPath, "utf8");
  const policy = readSchemaPolicy(supergraphSdl);
  const subgraphUrls = {} as Record<SubgraphName, string>;
  const apolloGateway = new ApolloGateway({
    supergraphSdl,
    logger: log,
    buildService: subgraphDataSources(
      { subgraphUrls: config.subgraphUrls, timeoutMs: config.subgraphTimeoutMs, maxInFlight: config.subgraphMaxInFlight, maxQueued: config.subgraphMaxQueued },
      subgraphUrls,
    ),
  });
  const signer = createAssertionSigner(deps.assertionPrivateKey);
  const calls = systemCalls(config, subgraphUrls, signer);
  const policyFacts = networkPolicyFacts(calls.network);
  const consent = deps.unsafeWithoutConsentEnforcement
    ? null
    : new ConsentEnforcement(policy, { facts: policyFacts, ledger: networkDisclosureLedger(calls.network), logger: log, ...(deps.now ? { now: deps.now } : {}) });
  if (!consent) log.warn("consent enforcement is OFF: this gateway must only serve a benchmark");
  const partnerApps = await partnerAppTokens(config, deps, calls.network, log);

  // The relay runs in the workers process (workers/); a mutation may have given it work.
  const redis = deps.redis;
  const afterMutation = deps.nudgeWorkers ?? (redis ? () => nudgeWorkers(redis, config.redisKeyPrefix) : () => undefined);

  const pipeline = requestPipeline({
    config,
    tokenVerifier: partnerApps.tokenVerifier,
    rateLimits: createRateLimits(config.rateLimits, deps.redis, config.redisKeyPrefix),
    principals: createPrincipalResolver({
      lookup: networkPrincipalLookup(calls.network),
      ...(deps.redis ? { redis: deps.redis } : {}),
      redisKeyPrefix: config.redisKeyPrefix,
      log,
    }),
    policy,
    consent,
    gates: mutationGates(calls, policyFacts, deps.now ?? (() => new Date())),
    afterMutation,
    signer,
    logger: log,
  });
  const apollo = new ApolloServer<GatewayContext>({ gateway: pipeline.gateway(apolloGateway), ...pipeline.apolloOptions, ...apolloServerSettings(config, log) });
  await apollo.start();

  let server: http.Server | undefined;
  const stopAll = async () => {
    await apollo.stop();
  };
  try {
    server = createGraphQLHttpServer<GatewayContext, GatewayContext>({
      apollo,
      logger: log,
      // Who is asking, decided before GraphQL sees anything (the pipeline's caller steps).
      authenticate: pipeline.authenticate,
      context: (_req, _requestId, context) => Promise.resolve(context),
      maxBodyBytes: config.maxBodyBytes,
      requestTimeoutMs: config.requestTimeoutMs,
      // No HTML is served at all, in any mode: the strictest headers always.
      responseHeaders: API_SECURITY_HEADERS,
      routes: { "/health": healthRoute, [TOKEN_ENDPOINT_PATH]: partnerApps.tokenEndpoint, "/ready": readinessRoute(subgraphUrls) },
    });
    const url = await listen(server, config.port, config.host);
    log.info({ url: `${url}/graphql` }, "gateway listening");
    const httpServer = server;
    let stopped: Promise<void> | undefined;
    return {
      url,
      graphqlUrl: `${url}/graphql`,
      subgraphUrls,
      stop: () =>
        (stopped ??= (async () => {
          await closeServer(httpServer);
          await stopAll();
        })()),
    };
  } catch (error) {
    if (server?.listening) await closeServer(server);
    await stopAll();
    throw error;
  }
}

/** The gateway's own signed calls to the subgraphs (not a caller's): facts, ledger, membership, gates. */
function systemCalls(config: GatewayConfig, subgraphUrls: Record<SubgraphName, string>, signer: AssertionSigner) {
  const timeoutMs = config.subgraphTimeoutMs;
  return {
    network: networkSystemClient(() => subgraphUrls.network, signer, timeoutMs),
    /** The network, asked as the caller (its own view of what the caller may know). */
    networkAs: subgraphClient("network", () => subgraphUrls.network, signer, timeoutMs),
    shelters: subgraphSystemClient("shelters", () => subgraphUrls.shelters, signer, timeoutMs),
    legalAid: subgraphSystemClient("legal-aid", () => subgraphUrls["legal-aid"], signer, timeoutMs),
    lawEnforcement: subgraphSystemClient("law-enforcement", () => subgraphUrls["law-enforcement"], signer, timeoutMs),
  };
}

/** The checks on other subgraphs' facts a mutation must pass before it runs (gateway/gates/), in the order they run. */
function mutationGates(calls: ReturnType<typeof systemCalls>, facts: PolicyFactsSource, now: () => Date): MutationGate[] {
  return [
    conflictCheckGate(calls.network, calls.legalAid),
    conflictCheckRecordingGate(calls.network),
    referralServiceGate({ shelters: calls.shelters, legalAid: calls.legalAid, lawEnforcement: calls.lawEnforcement }),
    // Its checks hold in the benchmark's enforcement-off side too: they decide whether a write runs.
    certificationRequestGate({ network: calls.network, networkAs: calls.networkAs, lawEnforcement: calls.lawEnforcement, facts, now }),
  ];
}

/**
 * Partner apps whose secret the network keeps get their tokens here (POST /oauth/token), and the
 * gateway accepts those tokens beside the identity provider's. The token endpoint has a budget per
 * address of its own (same limiter, its own keys): each request costs a scrypt.
 */
async function partnerAppTokens(config: GatewayConfig, deps: GatewayDependencies, network: SystemCall, log: Logger) {
  const clientTokenKey = await clientTokenKeySource({ privateKeyFile: config.clientTokens.privateKeyFile, dataDir: config.dataDir });
  const tokenVerifier = withClientTokens(deps.tokenVerifier, createClientTokenVerifier(config.clientTokens, clientTokenKey), config.clientTokens.issuer);
  const tokenRequestLimits = createRateLimits(
    { ...config.rateLimits, addressPerMinute: config.clientTokens.requestsPerMinutePerAddress },
    deps.redis,
    `${config.redisKeyPrefix}oauth-token:`,
  );
  const tokenEndpoint = clientCredentialsTokenEndpoint({
    consumeAddress: (req) => tokenRequestLimits.consumeAddress(clientAddress(req, config.trustedProxyHops)),
    verifyCredentials: networkClientCredentials(network),
    issuer: createClientTokenIssuer(config.clientTokens, clientTokenKey),
    logger: log,
  });
  return { tokenVerifier, tokenEndpoint };
}

/** Apollo Server's settings besides the pipeline's. */
function apolloServerSettings(config: GatewayConfig, log: Logger) {
  return {
    introspection: config.development,
    includeStacktraceInErrorResponses: false,
    // No "Did you mean …?": suggestions map the schema for whoever probes it.
    hideSchemaDetailsFromClientErrors: !config.development,
    csrfPrevention: true,
    allowBatchedHttpRequests: config.maxBatchOperations > 0,
    // Shutdown is ours (drain HTTP, then close databases); Apollo's own signal handler
    // would race it and re-raise the signal.
    stopOnTerminationSignals: false,
    logger: log,
    // No landing page in any mode: Apollo's loads its scripts from Apollo's CDN into the browser,
    // which an air-gapped network cannot reach and must not call. Use curl or any GraphQL client
    // (README, "The two commands"); development mode keeps introspection for them.
    plugins: [ApolloServerPluginLandingPageDisabled()],
  };
}
