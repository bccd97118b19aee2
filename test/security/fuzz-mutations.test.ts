import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork({ gateway: { rateLimits: { memberPerMinute: 100_000, clientPerMinute: 100_000, addressPerMinute: 100_000 } } });
});

afterAll(async () => {
  await network?.stop();
});

const MEMBERS = `query($org: ID!) { organization(id: $org) { members { id active } } }`;
const membersNow = async () => (await network.query(MEMBERS, { org: DEMO_ORGS.harborLight }, { as: "harbor-admin" })).body.data;

// Codes that name the client's mistake. A fuzzed input must only ever produce these: never an
// internal error, never a masked one.
const CLIENT_CODES = new Set<unknown>([ERROR_CODES.BAD_USER_INPUT, ERROR_CODES.NOT_FOUND, "GRAPHQL_VALIDATION_FAILED"]);

/** Inputs that a hostile or broken client might send as a mutation's arguments. */
const hostileValue = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 64 }),
  fc.string({ unit: "binary", maxLength: 64 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\u202e00000000-0000-4000-8000-000000000201",
    "00000000-0000-4000-8000-000000000201\n",
    "1; DROP TABLE member;--",
    "x".repeat(100_000),
    "ＡＢＣ",
    "0".repeat(36),
  ),
  fc.uuid(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

describe("fuzzed mutation inputs", () => {
  it("never cause a 500 or an unmasked error, and change nothing when invalid", async () => {
    const before = await membersNow();
    expect(before).toBeTruthy();
    await fc.assert(
      fc.asyncProperty(hostileValue, async (id) => {
        const response = await network.query("mutation($id: ID!) { deactivateMember(id: $id) { id } }", { id }, { as: "harbor-admin" });
        expect([200, 400, 413]).toContain(response.status);
        for (const error of response.body.errors ?? []) expect(CLIENT_CODES.has(error.extensions?.code), JSON.stringify(error)).toBe(true);
        // None of these names a member of the caller's organisation, so nothing may change.
        expect(response.body.data?.deactivateMember ?? null).toBeNull();
      }),
      // Bounded in time as well as in runs, well inside the test's own timeout.
      { numRuns: 150, interruptAfterTimeLimit: 20_000 },
    );
    expect(await membersNow()).toEqual(before);
  }, 90_000);
});
