import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrincipalRecord } from "../../../gateway/principals/networkLookup.js";
import { createPrincipalResolver, PrincipalError, REVISION_MISMATCHES_BEFORE_WARNING } from "../../../gateway/principals/principalResolver.js";
import { DEMO_ORGS } from "../../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { bumpMembershipRevision, connectRedis, readMembershipRevision, type Redis } from "../../../platform/redis.js";

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

/**
 * Stands in for the network subgraph's member records (the integration suites use the real one).
 * `announced`: the revision it reports beside a record, as the network reads it from its Redis;
 * by default none (a network without Redis).
 */
function recordsStandIn(initial: PrincipalRecord | null, announced: () => Promise<string | null> = () => Promise.resolve(null)) {
  let current = initial;
  let calls = 0;
  return {
    lookup: async () => {
      calls++;
      const announcedRevision = await announced();
      return { record: current, announcedRevision: current === null ? null : announcedRevision };
    },
    set: (record: PrincipalRecord | null) => (current = record),
    calls: () => calls,
  };
}

describe("principal resolution", () => {
  it("takes roles from the member record, narrowed (never widened) by the token", async () => {
    const resolver = createPrincipalResolver({ lookup: recordsStandIn(member).lookup });
    expect((await resolver.resolve(token, null, "r1")).roles).toEqual(["CASEWORKER", "ORG_ADMIN"]);
    expect(await resolver.resolve({ ...token, roles: ["CASEWORKER", "NETWORK_STEWARD"] }, "SAFETY_PLANNING", "r2")).toEqual({
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
      lookup: () => Promise.reject(new Error("connect ECONNREFUSED")),
    });
    await expect(resolver.resolve(token, null, "x")).rejects.toMatchObject({ code: ERROR_CODES.PRINCIPAL_UNAVAILABLE, status: 503 });
  });

  it("with Redis, reuses a record until the membership revision moves, then re-reads it", async (context) => {
    if (!redis) return context.skip();
    const prefix = `srn-unit-${randomUUID()}:`;
    const records = recordsStandIn(member, () => readMembershipRevision(redis!, prefix));
    const resolver = createPrincipalResolver({ lookup: records.lookup, redis, redisKeyPrefix: prefix });
    // The first lookup starts the revision (none was announced yet), so it is not kept; the second is.
    await resolver.resolve(token, null, "0");
    await resolver.resolve(token, null, "1");
    await resolver.resolve(token, null, "2");
    expect(records.calls()).toBe(2);

    records.set({ ...member, active: false });
    await bumpMembershipRevision(redis, prefix);
    await expect(resolver.resolve(token, null, "3")).rejects.toEqual(new PrincipalError(ERROR_CODES.PRINCIPAL_INACTIVE, 401, "This account has been deactivated"));
    expect(records.calls()).toBe(3);
  });

  // A gateway with Redis in front of a network that announces elsewhere, or not at all: its own
  // revision never moves, so nothing it caches could be trusted. It keeps nothing, and says so.
  const elsewhere: [string, (prefix: string) => () => Promise<string | null>][] = [
    ["a network without Redis", () => () => Promise.resolve(null)],
    ["a network with another key prefix (or another Redis)", (prefix) => () => readMembershipRevision(redis!, `${prefix}other:`)],
  ];
  it.each(elsewhere)("with Redis, in front of %s, asks the network every time and warns once", async (_label, announcer) => {
    if (!redis) return; // skipped: Redis is not reachable (see beforeAll)
    const prefix = `srn-unit-${randomUUID()}:`;
    await bumpMembershipRevision(redis, prefix);
    const records = recordsStandIn(member, announcer(prefix));
    const warnings: string[] = [];
    const resolver = createPrincipalResolver({
      lookup: records.lookup,
      redis,
      redisKeyPrefix: prefix,
      log: { warn: (_fields: unknown, message: string) => void warnings.push(message) } as never,
    });
    for (let i = 0; i < REVISION_MISMATCHES_BEFORE_WARNING + 2; i++) await resolver.resolve(token, null, `r${i}`);
    expect(records.calls()).toBe(REVISION_MISMATCHES_BEFORE_WARNING + 2);

    records.set({ ...member, active: false });
    await expect(resolver.resolve(token, null, "after")).rejects.toMatchObject({ code: ERROR_CODES.PRINCIPAL_INACTIVE });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^The network subgraph announces (no membership revisions \(no REDIS_URL\)|membership revisions elsewhere \(another REDIS_URL or REDIS_KEY_PREFIX\)): member records are read on every request/,
    );
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
