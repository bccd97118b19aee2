import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrincipalRecord } from "../../../gateway/principals/networkLookup.js";
import { createPrincipalResolver, PrincipalError } from "../../../gateway/principals/principalResolver.js";
import { DEMO_ORGS } from "../../../subgraphs/kit/demo-ids.js";
import { ERROR_CODES } from "../../../subgraphs/kit/errorCodes.js";
import { bumpMembershipRevision, connectRedis, type Redis } from "../../../subgraphs/kit/redis.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
let redis: Redis | null = null;

beforeAll(async () => {
  redis = await connectRedis(REDIS_URL).catch((error: Error) => {
    if (process.env.CI) throw error;
    console.warn(`Redis not reachable (${error.message}); the cached cases are skipped.`);
    return null;
  });
});

afterAll(() => redis?.disconnect());

const member: PrincipalRecord = {
  kind: "member",
  id: "00000000-0000-4000-8000-000000000201",
  organizationId: DEMO_ORGS.harborLight,
  organizationKind: "SHELTER",
  roles: ["CASEWORKER", "ORG_ADMIN"],
  active: true,
};
const token = { subject: member.id, organizationId: member.organizationId, roles: [] as string[] };

/** Stands in for the network subgraph's member records (the integration suites use the real one). */
function recordsStandIn(initial: PrincipalRecord | null) {
  let current = initial;
  let calls = 0;
  return {
    lookup: async () => {
      calls++;
      return current;
    },
    set: (record: PrincipalRecord | null) => (current = record),
    calls: () => calls,
  };
}

describe("principal resolution", () => {
  it("takes roles from the member record, narrowed (never widened) by the token", async () => {
    const resolver = createPrincipalResolver({ lookup: recordsStandIn(member).lookup });
    expect((await resolver.resolve(token, null, "r1")).roles).toEqual(["CASEWORKER", "ORG_ADMIN"]);
    expect((await resolver.resolve({ ...token, roles: ["CASEWORKER", "NETWORK_STEWARD"] }, "SAFETY_PLANNING", "r2"))).toEqual({
      kind: "member",
      id: member.id,
      organizationId: member.organizationId,
      organizationKind: "SHELTER",
      roles: ["CASEWORKER"],
      purpose: "SAFETY_PLANNING",
    });
  });

  it("asks the network on every request when there is no Redis", async () => {
    const records = recordsStandIn(member);
    const resolver = createPrincipalResolver({ lookup: records.lookup });
    await resolver.resolve(token, null, "a");
    await resolver.resolve(token, null, "b");
    expect(records.calls()).toBe(2);
  });

  it("fails closed with PRINCIPAL_UNAVAILABLE when the network cannot be asked", async () => {
    const resolver = createPrincipalResolver({
      lookup: async () => {
        throw new Error("connect ECONNREFUSED");
      },
    });
    await expect(resolver.resolve(token, null, "x")).rejects.toMatchObject({ code: ERROR_CODES.PRINCIPAL_UNAVAILABLE, status: 503 });
  });

  it("with Redis, reuses a record until the membership revision moves, then re-reads it", async (context) => {
    if (!redis) return context.skip();
    const prefix = `srn-unit-${randomUUID()}:`;
    const records = recordsStandIn(member);
    const resolver = createPrincipalResolver({ lookup: records.lookup, redis, redisKeyPrefix: prefix });
    await resolver.resolve(token, null, "1");
    await resolver.resolve(token, null, "2");
    expect(records.calls()).toBe(1);

    records.set({ ...member, active: false });
    await bumpMembershipRevision(redis, prefix);
    await expect(resolver.resolve(token, null, "3")).rejects.toEqual(new PrincipalError(ERROR_CODES.PRINCIPAL_INACTIVE, 401, "This account has been deactivated"));
    expect(records.calls()).toBe(2);
  });

  it("with Redis unreachable, falls back to asking the network every time (never trusts the cache)", async () => {
    const unreachable = await connectRedis(REDIS_URL).catch(() => null);
    if (!unreachable) return;
    unreachable.disconnect();
    const records = recordsStandIn(member);
    const resolver = createPrincipalResolver({ lookup: records.lookup, redis: unreachable });
    await resolver.resolve(token, null, "1");
    await resolver.resolve(token, null, "2");
    expect(records.calls()).toBe(2);
  });
});
