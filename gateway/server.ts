import { readFile } from "node:fs/promises";
import type http from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloGateway } from "@apollo/gateway";
// Before any ApolloGateway is made: its telemetry (metrics to Apollo, cloud metadata probes) stays off.
import "./noTelemetry.js";
import type { CryptoKey } from "jose";
import { createAssertionSigner } from "../platform/assertion.js";
import { ERROR_CODES } from "../vocabulary/errorCodes.js";
import { API_SECURITY_HEADERS, closeServer, createGraphQLHttpServer, HttpError, listen, sendJson } from "../platform/http.js";
import { createLogger, type Logger } from "../platform/logger.js";
import type { Redis } from "../platform/redis.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../vocabulary/subgraphs.js";
import { networkClientCredentials } from "./auth/clientCredentials.js";
import { clientTokenKeySource } from "./auth/clientTokenKey.js";
import { createClientTokenIssuer, createClientTokenVerifier, withClientTokens } from "./auth/clientTokens.js";
import { clientCredentialsTokenEndpoint, TOKEN_ENDPOINT_PATH } from "./auth/tokenEndpoint.js";
import type { TokenVerifier } from "./auth/verifyToken.js";
import type { GatewayConfig } from "./config.js";
import type { GatewayContext } from "./context.js";
import { formatGatewayError } from "./errors/formatGatewayError.js";
import { checkBatchAgainstLimits } from "./limits/batchLimits.js";
import { clientAddress } from "./limits/clientAddress.js";
import { operationLimitRules } from "./limits/limitRules.js";
import { createRateLimits } from "./limits/rateLimits.js";
import { PolicyGateway } from "./policy/policyGateway.js";
import { readSchemaPolicy } from "./policy/schemaPolicy.js";
import { networkPrincipalLookup } from "./principals/networkLookup.js";
import { createPrincipalResolver, PrincipalError } from "./principals/principalResolver.js";
import { JUSTIFICATION_HEADER, PURPOSE_HEADER, readJustification, readPurpose } from "./purpose.js";
import { ConsentEnforcement } from "./policy/consentEnforcement.js";
import { networkDisclosureLedger } from "./policy/disclosureLedger.js";
import { networkPolicyFacts } from "./policy/policyFacts.js";
import { networkSystemClient, subgraphClient, subgraphSystemClient } from "./network/systemClient.js";
import { startOutboxRelay } from "./relay/outboxRelay.js";
import { certificationRequestGate } from "./gates/certificationRequestGate.js";
import { referralServiceGate } from "./gates/referralServiceGate.js";
import { conflictCheckGate, conflictCheckRecordingGate } from "./gates/conflictCheckGate.js";
import { networkToShelters, sheltersToNetwork } from "./relay/referralChannels.js";
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
}

export async function startGateway(config: GatewayConfig, deps: GatewayDependencies): Promise<RunningGateway> {
  const log = deps.logger ?? createLogger("gateway");
  const supergraphSdl = await readFile(config.supergraphPath, "utf8");
  const policy = readSchemaPolicy(supergraphSdl);
  const subgraphUrls = {} as Record<SubgraphName, string>;
  const apolloGateway = new ApolloGateway({
    supergraphSdl,
    logger: log,
    buildService: ({ name, url }) => {
      if (!(SUBGRAPH_NAMES as readonly string[]).includes(name)) throw new Error(`Supergraph names an unknown subgraph: ${name}`);
      const subgraph = name as SubgraphName;
      const resolvedUrl = config.subgraphUrls[subgraph] ?? url;
      if (!resolvedUrl) throw new Error(`No URL for subgraph ${name}`);
      subgraphUrls[subgraph] = resolvedUrl;
      return new SubgraphDataSource({
        name,
        url: resolvedUrl,
        timeoutMs: config.subgraphTimeoutMs,
        maxInFlight: config.subgraphMaxInFlight,
        maxQueued: config.subgraphMaxQueued,
      });
    },
  });

  const signer = createAssertionSigner(deps.assertionPrivateKey);
  const systemCall = networkSystemClient(() => subgraphUrls.network, signer, config.subgraphTimeoutMs);
  const policyFacts = networkPolicyFacts(systemCall);
  const consent = deps.unsafeWithoutConsentEnforcement
    ? null
    : new ConsentEnforcement(policy, {
        facts: policyFacts,
        ledger: networkDisclosureLedger(systemCall),
        logger: log,
        ...(deps.now ? { now: deps.now } : {}),
      });
  if (!consent) log.warn("consent enforcement is OFF: this gateway must only serve a benchmark");
  // The referral steps that cross databases (a shelter's bed, the referral's status), carried
  // between the outboxes until both sides agree. Every call is idempotent, so replicas may all run it.
  const sheltersCall = subgraphSystemClient("shelters", () => subgraphUrls.shelters, signer, config.subgraphTimeoutMs);
  const relay = startOutboxRelay(config.relayEnabled ? [networkToShelters(systemCall, sheltersCall), sheltersToNetwork(systemCall, sheltersCall)] : [], {
    intervalMs: config.relayIntervalMs,
    batchSize: 100,
    maxBackoffMs: 60_000,
    parkAfterFailures: config.relayParkAfterFailures,
    logger: log.child({ component: "relay" }),
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway: new PolicyGateway(apolloGateway, policy, config.limits, consent, () => relay.kick(), [
      conflictCheckGate(systemCall, subgraphSystemClient("legal-aid", () => subgraphUrls["legal-aid"], signer, config.subgraphTimeoutMs)),
      conflictCheckRecordingGate(systemCall),
      referralServiceGate({
        shelters: sheltersCall,
        legalAid: subgraphSystemClient("legal-aid", () => subgraphUrls["legal-aid"], signer, config.subgraphTimeoutMs),
        lawEnforcement: subgraphSystemClient("law-enforcement", () => subgraphUrls["law-enforcement"], signer, config.subgraphTimeoutMs),
      }),
      // Its checks hold in the benchmark's enforcement-off side too: they decide whether a write runs.
      certificationRequestGate({
        network: systemCall,
        networkAs: subgraphClient("network", () => subgraphUrls.network, signer, config.subgraphTimeoutMs),
        lawEnforcement: subgraphSystemClient("law-enforcement", () => subgraphUrls["law-enforcement"], signer, config.subgraphTimeoutMs),
        facts: policyFacts,
        now: deps.now ?? (() => new Date()),
      }),
    ]),
    introspection: config.development,
    includeStacktraceInErrorResponses: false,
    // No "Did you mean …?": suggestions map the schema for whoever probes it.
    hideSchemaDetailsFromClientErrors: !config.development,
    // Structural limits before anything is planned; token count while parsing.
    validationRules: operationLimitRules(config.limits),
    parseOptions: { maxTokens: config.limits.maxTokens },
    formatError: formatGatewayError(log),
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
  });
  await apollo.start();

  const rateLimits = createRateLimits(config.rateLimits, deps.redis, config.redisKeyPrefix);
  const principals = createPrincipalResolver({
    lookup: networkPrincipalLookup(systemCall),
    ...(deps.redis ? { redis: deps.redis } : {}),
    redisKeyPrefix: config.redisKeyPrefix,
    log,
  });

  // Partner apps whose secret the network keeps get their tokens here (POST /oauth/token), and
  // the gateway accepts those tokens beside the identity provider's. The token endpoint has a
  // budget per address of its own (same limiter, its own keys): each request costs a scrypt.
  const clientTokenKey = await clientTokenKeySource({ privateKeyFile: config.clientTokens.privateKeyFile, dataDir: config.dataDir });
  const tokenVerifier = withClientTokens(deps.tokenVerifier, createClientTokenVerifier(config.clientTokens, clientTokenKey), config.clientTokens.issuer);
  const tokenRequestLimits = createRateLimits(
    { ...config.rateLimits, addressPerMinute: config.clientTokens.requestsPerMinutePerAddress },
    deps.redis,
    `${config.redisKeyPrefix}oauth-token:`,
  );
  const tokenEndpoint = clientCredentialsTokenEndpoint({
    consumeAddress: (req) => tokenRequestLimits.consumeAddress(clientAddress(req, config.trustedProxyHops)),
    verifyCredentials: networkClientCredentials(systemCall),
    issuer: createClientTokenIssuer(config.clientTokens, clientTokenKey),
    logger: log,
  });

  let server: http.Server | undefined;
  try {
    server = createGraphQLHttpServer<GatewayContext, GatewayContext>({
      apollo,
      logger: log,
      // Who is asking, decided before GraphQL sees anything: a verified token, a live member
      // or client record, a known purpose. Any failure is a 401/400/503 with its own code.
      authenticate: async (req, body, _url, requestId) => {
        // A batch counts as many requests as it holds operations.
        const operations = Array.isArray(body) ? body.length : 1;
        if (Array.isArray(body) && config.maxBatchOperations > 0 && operations > config.maxBatchOperations) {
          throw new HttpError(400, ERROR_CODES.BATCH_TOO_LARGE, `A batch may hold at most ${config.maxBatchOperations} operations`);
        }
        if (Array.isArray(body) && config.maxBatchOperations > 0) checkBatchAgainstLimits(body, config.limits);
        await rateLimits.consumeAddress(clientAddress(req, config.trustedProxyHops), operations);
        const token = await tokenVerifier.verify(req.headers.authorization);
        const purpose = readPurpose(req.headers[PURPOSE_HEADER]);
        const emergencyJustification = readJustification(req.headers[JUSTIFICATION_HEADER]);
        const principal = await principals.resolve(token, purpose, requestId);
        // The gateway issues its own tokens to partner-app clients only: one that resolves to
        // anything else (a member whose subject somehow equals a client id) speaks for nobody.
        if (token.issuer === config.clientTokens.issuer && principal.kind !== "client") {
          throw new PrincipalError(ERROR_CODES.PRINCIPAL_UNKNOWN, 401, "The token's subject is not a member or client of the network");
        }
        await rateLimits.consumePrincipal(principal, operations);
        return { principal, emergencyJustification, requestId, signer };
      },
      context: (_req, _requestId, context) => Promise.resolve(context),
      maxBodyBytes: config.maxBodyBytes,
      requestTimeoutMs: config.requestTimeoutMs,
      // No HTML is served at all, in any mode: the strictest headers always.
      responseHeaders: API_SECURITY_HEADERS,
      routes: {
        "/health": (_req, res) => sendJson(res, 200, { status: "ok" }),
        [TOKEN_ENDPOINT_PATH]: tokenEndpoint,
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
    let stopped: Promise<void> | undefined;
    return {
      url,
      graphqlUrl: `${url}/graphql`,
      subgraphUrls,
      stop: () =>
        (stopped ??= (async () => {
          await closeServer(httpServer);
          await relay.stop();
          await apollo.stop();
        })()),
    };
  } catch (error) {
    if (server?.listening) await closeServer(server);
    await relay.stop();
    await apollo.stop();
    throw error;
  }
}
