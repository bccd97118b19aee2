import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_MEMBERS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { bumpMembershipRevision, connectRedis, type Redis } from "../../platform/redis.js";
import { readGatewayConfig } from "../../gateway/config.js";
import { startGateway } from "../../gateway/server.js";
import { postGraphQL, startTestNetwork, type TestNetwork } from "../support/network.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const redis: Redis | null = await connectRedis(REDIS_URL).catch(() => null);
const redisUp = redis !== null;
if (!redisUp) {
  const message = `Redis is not reachable at ${REDIS_URL}: the shared-membership-cache case of this suite cannot run (start Redis, or set TEST_REDIS_URL).`;
  // In CI a missing service is a failure, never a silent skip.
  if (process.env.CI) throw new Error(message);
  console.warn(message);
}

afterAll(() => {
  redis?.disconnect();
});

const DIRECTORY = "{ directory { shelterPrograms { totalCount } } }";
const DEACTIVATE = "mutation($id: ID!) { deactivateMember(id: $id) { id active } }";

async function deactivationScenario(network: TestNetwork) {
  // Signed in, and (with Redis) cached by the gateway.
  for (let i = 0; i < 2; i++) expect((await network.query(DIRECTORY, undefined, { as: "harbor-caseworker" })).status).toBe(200);
  const token = await network.issuer.tokenFor("harbor-caseworker", { expiresIn: 3600 });

  const deactivated = await network.query(DEACTIVATE, { id: DEMO_MEMBERS.harborCaseworker }, { as: "harbor-admin" });
  expect(deactivated.body).toEqual({ data: { deactivateMember: { id: DEMO_MEMBERS.harborCaseworker, active: false } } });

  // The very next request, with a token valid for another hour, is refused.
  const refused = await network.query(DIRECTORY, undefined, { as: { token } });
  expect(refused.status).toBe(401);
  expect(refused.body).toEqual({ errors: [{ message: "This account has been deactivated", extensions: { code: ERROR_CODES.PRINCIPAL_INACTIVE } }] });
  // Others are unaffected.
  expect((await network.query(DIRECTORY, undefined, { as: "harbor-admin" })).status).toBe(200);
}

interface MixedGateway {
  label: string;
  graphqlUrl: string;
  stop(): Promise<void>;
}

/** Another gateway on the network's subgraphs, with Redis and a key prefix of its own. */
async function gatewayWithRedis(network: TestNetwork, label: string, own: Redis | null, keyPrefix: string): Promise<MixedGateway> {
  if (own) await bumpMembershipRevision(own, keyPrefix);
  const { subgraphUrls: _none, ...defaults } = readGatewayConfig({});
  const running = await startGateway(
    { ...defaults, host: "127.0.0.1", port: 0, dataDir: "/nonexistent", redisUrl: null, redisKeyPrefix: keyPrefix, subgraphUrls: network.gateway.subgraphUrls },
    { tokenVerifier: network.issuer.tokenVerifier, assertionPrivateKey: network.assertionKeys.privateKey, ...(own ? { redis: own } : {}) },
  );
  return { label, graphqlUrl: running.graphqlUrl, stop: () => running.stop() };
}

async function deactivationThroughEvery(network: TestNetwork, gateways: MixedGateway[]) {
  const token = await network.issuer.tokenFor("harbor-caseworker", { expiresIn: 3600 });
  const ask = (gateway: MixedGateway) => postGraphQL(gateway.graphqlUrl, DIRECTORY, undefined, { authorization: `Bearer ${token}` });
  // Signed in through each, twice: cached wherever a gateway would cache.
  for (const gateway of gateways) for (let i = 0; i < 2; i++) expect((await ask(gateway)).status, gateway.label).toBe(200);

  const deactivated = await network.query(DEACTIVATE, { id: DEMO_MEMBERS.harborCaseworker }, { as: "harbor-admin" });
  expect(deactivated.body).toEqual({ data: { deactivateMember: { id: DEMO_MEMBERS.harborCaseworker, active: false } } });

  for (const gateway of gateways) {
    const refused = await ask(gateway);
    expect({ gateway: gateway.label, status: refused.status, body: refused.body }).toEqual({
      gateway: gateway.label,
      status: 401,
      body: { errors: [{ message: "This account has been deactivated", extensions: { code: ERROR_CODES.PRINCIPAL_INACTIVE } }] },
    });
  }
}

// Each case boots a network of its own (a fresh membership state): allow for that.
const NETWORK_CASE_TIMEOUT_MS = 120_000;

describe("live membership", () => {
  it(
    "refuses a member deactivated between two requests (no Redis: every request asks the network)",
    async () => {
      const network = await startTestNetwork();
      try {
        await deactivationScenario(network);
      } finally {
        await network.stop();
      }
    },
    NETWORK_CASE_TIMEOUT_MS,
  );

  it.runIf(redisUp)(
    "refuses a member deactivated between two requests (Redis revision, cached records)",
    async () => {
      const network = await startTestNetwork({ redis: redis!, redisKeyPrefix: `srn-test-${randomUUID()}:` });
      try {
        await deactivationScenario(network);
      } finally {
        await network.stop();
      }
    },
    NETWORK_CASE_TIMEOUT_MS,
  );

  // Mixed deployments: a gateway with Redis in front of a network subgraph that announces
  // membership changes elsewhere (another key prefix, another Redis) or not at all, and a gateway
  // without Redis in front of one that does. Each gateway's own revision key is set beforehand, as
  // a gateway that has been running a while would find it.
  it.runIf(redisUp)(
    "refuses a member deactivated between two requests through every gateway of a mixed deployment",
    async () => {
      const shared = `srn-test-${randomUUID()}:`;
      const otherDatabase = await connectRedis(`${REDIS_URL.replace(/\/\d*$/, "")}/1`);
      const network = await startTestNetwork({ redis: redis!, redisKeyPrefix: shared });
      const gateways: MixedGateway[] = [];
      try {
        gateways.push({ label: "the same Redis and prefix", graphqlUrl: network.gateway.graphqlUrl, stop: () => Promise.resolve() });
        gateways.push(await gatewayWithRedis(network, "another key prefix", redis, `srn-test-${randomUUID()}:`));
        gateways.push(await gatewayWithRedis(network, "another Redis database", otherDatabase, shared));
        gateways.push(await gatewayWithRedis(network, "no Redis", null, shared));
        await deactivationThroughEvery(network, gateways);
      } finally {
        await Promise.all(gateways.map((g) => g.stop()));
        await network.stop();
        otherDatabase.disconnect();
      }
    },
    NETWORK_CASE_TIMEOUT_MS,
  );

  it.runIf(redisUp)(
    "refuses a member deactivated between two requests when only the gateway has Redis",
    async () => {
      const prefix = `srn-test-${randomUUID()}:`;
      await bumpMembershipRevision(redis!, prefix);
      const network = await startTestNetwork({ redis: redis!, redisKeyPrefix: prefix, subgraphRedis: { redis: null, keyPrefix: prefix } });
      try {
        await deactivationScenario(network);
      } finally {
        await network.stop();
      }
    },
    NETWORK_CASE_TIMEOUT_MS,
  );

  it(
    "does not let a member deactivate someone of another organisation",
    async () => {
      const network = await startTestNetwork();
      try {
        const response = await network.query(DEACTIVATE, { id: DEMO_MEMBERS.northstarCaseworker }, { as: "harbor-admin" });
        expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.NOT_FOUND);
        expect((await network.query(DIRECTORY, undefined, { as: "northstar-caseworker" })).status).toBe(200);
      } finally {
        await network.stop();
      }
    },
    NETWORK_CASE_TIMEOUT_MS,
  );
});
