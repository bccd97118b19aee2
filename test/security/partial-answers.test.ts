/**
 * One forbidden thing does not take the permitted ones with it: a caller whose role may not select
 * a root field, asking for it beside fields it may select, gets those, with the forbidden one null
 * and ROLE_FORBIDDEN at its path (the schema keeps such root fields nullable; schema/lint.ts holds that).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork();
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

const FORBIDDEN = { code: "ROLE_FORBIDDEN" };

describe(`answers beside a forbidden root field (${databaseMode})`, () => {
  it.each([
    [
      "a liaison officer asking for legal profiles beside survivors and the directory",
      "city-liaison",
      "SAFETY_PLANNING",
      `{ legalProfiles { totalCount } survivors { totalCount } directory { key } }`,
      "legalProfiles",
    ],
    ["a caseworker asking for agreements beside the directory", "harbor-caseworker", "SERVICE_REFERRAL", `{ agreements { totalCount } directory { key } }`, "agreements"],
    [
      "a partner app asking for survivors beside its event feed",
      "harbor-app",
      "SERVICE_REFERRAL",
      `{ survivors { totalCount } referralEvents(first: 1) { pageInfo { hasNextPage } } }`,
      "survivors",
    ],
  ] as const)("%s gets the permitted ones", async (_label, as, purpose, query, forbidden) => {
    const response = await network.query<Record<string, unknown>>(query, undefined, { as, purpose });
    expect(response.status).toBe(200);
    const data = response.body.data!;
    expect(data).not.toBeNull();
    expect(data[forbidden]).toBeNull();
    for (const [key, value] of Object.entries(data)) if (key !== forbidden) expect(value, key).not.toBeNull();
    expect(response.body.errors).toEqual([expect.objectContaining({ path: [forbidden], extensions: FORBIDDEN })]);
  });
});
