import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_MEMBERS } from "../../subgraphs/kit/demo-ids.js";
import { ERROR_CODES } from "../../subgraphs/kit/errorCodes.js";
import { connectRedis, type Redis } from "../../subgraphs/kit/redis.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

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

// Each case boots a network of its own (a fresh membership state): allow for that.
const NETWORK_CASE_TIMEOUT_MS = 120_000;

describe("live membership", () => {
  it("refuses a member deactivated between two requests (no Redis: every request asks the network)", async () => {
    const network = await startTestNetwork();
    try {
      await deactivationScenario(network);
    } finally {
      await network.stop();
    }
  }, NETWORK_CASE_TIMEOUT_MS);

  it.runIf(redisUp)("refuses a member deactivated between two requests (Redis revision, cached records)", async () => {
    const network = await startTestNetwork({ redis: redis!, redisKeyPrefix: `srn-test-${randomUUID()}:` });
    try {
      await deactivationScenario(network);
    } finally {
      await network.stop();
    }
  }, NETWORK_CASE_TIMEOUT_MS);

  it("does not let a member deactivate someone of another organisation", async () => {
    const network = await startTestNetwork();
    try {
      const response = await network.query(DEACTIVATE, { id: DEMO_MEMBERS.northstarCaseworker }, { as: "harbor-admin" });
      expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.NOT_FOUND);
      expect((await network.query(DIRECTORY, undefined, { as: "northstar-caseworker" })).status).toBe(200);
    } finally {
      await network.stop();
    }
  }, NETWORK_CASE_TIMEOUT_MS);
});
