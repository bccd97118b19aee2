import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGS, DEMO_PRINCIPALS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import type { DemoPrincipalKey } from "../support/issuer.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork();
});

afterAll(async () => {
  await network?.stop();
});

const CALLERS = ["harbor-caseworker", "harbor-admin", "steward", "city-liaison", "harbor-app"] as const satisfies readonly DemoPrincipalKey[];
const ownOrg = (key: DemoPrincipalKey) => DEMO_PRINCIPALS.find((p) => p.key === key)!.organizationId;

interface Row {
  what: string;
  query: string;
  variables?: (caller: DemoPrincipalKey) => Record<string, unknown>;
  /** Where a denial of this very thing shows (a denial at a parent path counts too). */
  path: (string | number)[];
  /** Expected outcome per caller, in the order of CALLERS: Y allowed, N denied. */
  expect: string;
}

// The role matrix, written by hand from the schema's @access directives: each protected field
// and mutation × each role. Changing a directive without changing this table fails the test.
const MATRIX: Row[] = [
  //                                                                                                   cw adm stw liaison app
  { what: "Query.survivors", query: "{ survivors { totalCount } }", path: ["survivors"], expect: "Y N N Y N" },
  { what: "Query.survivor", query: `{ survivor(id: "${DEMO_SURVIVORS.aster}") { id } }`, path: ["survivor"], expect: "Y N N Y N" },
  { what: "Survivor.residentProfiles", query: "{ survivors { edges { node { residentProfiles { id } } } } }", path: ["survivors"], expect: "Y N N N N" },
  { what: "Survivor.legalProfiles", query: "{ survivors { edges { node { legalProfiles { id } } } } }", path: ["survivors"], expect: "Y N N N N" },
  { what: "Survivor.liaisonProfiles", query: "{ survivors { edges { node { liaisonProfiles { id } } } } }", path: ["survivors"], expect: "Y N N Y N" },
  { what: "Query.residentProfiles", query: "{ residentProfiles { totalCount } }", path: ["residentProfiles"], expect: "Y N N N N" },
  { what: "Query.legalProfiles", query: "{ legalProfiles { totalCount } }", path: ["legalProfiles"], expect: "Y N N N N" },
  { what: "Query.liaisonProfiles", query: "{ liaisonProfiles { totalCount } }", path: ["liaisonProfiles"], expect: "Y N N Y N" },
  {
    what: "Organization.members",
    query: "query($org: ID!) { organization(id: $org) { members { id } } }",
    variables: (caller) => ({ org: ownOrg(caller) }),
    path: ["organization", "members"],
    expect: "N Y Y N N",
  },
  {
    what: "Member.email",
    query: "query($org: ID!) { organization(id: $org) { members { email } } }",
    variables: (caller) => ({ org: ownOrg(caller) }),
    path: ["organization", "members"],
    expect: "N Y Y N N",
  },
  {
    what: "Mutation.deactivateMember",
    query: `mutation { deactivateMember(id: "00000000-0000-4000-8000-999999999999") { id } }`,
    path: ["deactivateMember"],
    expect: "N Y N N N",
  },
  { what: "Query.parkedReferralDeliveries", query: "{ parkedReferralDeliveries { totalCount } }", path: ["parkedReferralDeliveries"], expect: "N Y Y N N" },
  {
    what: "Mutation.discardParkedReferralDelivery",
    query: `mutation { discardParkedReferralDelivery(id: "00000000-0000-4000-8000-999999999999", reason: "Invented (demo)") { id } }`,
    path: ["discardParkedReferralDelivery"],
    expect: "N Y Y N N",
  },
  { what: "Query.parkedIntakeMessages", query: "{ parkedIntakeMessages { totalCount } }", path: ["parkedIntakeMessages"], expect: "N Y Y N N" },
  { what: "Query.parkedWebhookDeliveries", query: "{ parkedWebhookDeliveries { totalCount } }", path: ["parkedWebhookDeliveries"], expect: "N Y N N N" },
  {
    what: "Mutation.retryWebhookDelivery",
    query: `mutation { retryWebhookDelivery(id: "00000000-0000-4000-8000-999999999999") { id } }`,
    path: ["retryWebhookDelivery"],
    expect: "N Y N N N",
  },
  { what: "Query.directory (public to every signed-in caller)", query: "{ directory { shelterPrograms { totalCount } } }", path: ["directory"], expect: "Y Y Y Y Y" },
];

describe("role matrix through the gateway", () => {
  const cells = MATRIX.flatMap((row) => CALLERS.map((caller, i) => [row.what, caller, row, row.expect.split(" ")[i] === "Y"] as const));

  it.each(cells)("%s as %s", async (_what, caller, row, allowed) => {
    const response = await network.query(row.query, row.variables?.(caller), { as: caller, purpose: "SERVICE_REFERRAL" });
    const denials = (response.body.errors ?? []).filter((e) => e.extensions?.code === ERROR_CODES.ROLE_FORBIDDEN);
    const isPrefix = (a: readonly unknown[], b: readonly unknown[]) => a.length <= b.length && a.every((segment, i) => segment === b[i]);
    const deniedHere = denials.some((e) => e.path && (isPrefix(e.path, row.path) || isPrefix(row.path, e.path)));
    expect(deniedHere, JSON.stringify(response.body)).toBe(!allowed);
    if (!allowed && row.query.startsWith("mutation")) {
      // A forbidden mutation is refused whole, before it runs.
      expect(response.status).toBe(403);
      expect(response.body.data ?? null).toBeNull();
    }
    if (allowed) expect(response.status).toBe(200);
  });

  it("puts null and an error at the exact path of a forbidden field, and still delivers the rest", async () => {
    const response = await network.query(
      `query($org: ID!) { organization(id: $org) { name who: members { displayName } } directory { shelterPrograms { totalCount } } }`,
      { org: DEMO_ORGS.harborLight },
      { as: "harbor-caseworker" },
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: { organization: { name: "Harbor Light Shelter (demo)", who: null }, directory: { shelterPrograms: { totalCount: 4 } } },
      errors: [{ message: "Your role does not allow this field", path: ["organization", "who"], extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } }],
    });
  });

  it("gives one error per list element for a forbidden field inside a list", async () => {
    const response = await network.query("{ survivors { edges { node { pseudonym residentProfiles { legalName } liaisonProfiles { caseNumber } } } } }", undefined, {
      as: "city-liaison",
      purpose: "CERTIFICATION",
    });
    expect(response.body).toEqual({
      data: { survivors: { edges: [{ node: { pseudonym: "Demo Survivor Elm", residentProfiles: null, liaisonProfiles: [] } }] } },
      errors: [{ message: "Your role does not allow this field", path: ["survivors", "edges", 0, "node", "residentProfiles"], extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } }],
    });
  });

  it("never serves one caller's filtered plan to another (same query text, different roles, interleaved)", async () => {
    const query = `query Same($org: ID!) { organization(id: $org) { name members { displayName } } }`;
    const asAdmin = () => network.query(query, { org: DEMO_ORGS.harborLight }, { as: "harbor-admin" });
    const asCaseworker = () => network.query(query, { org: DEMO_ORGS.harborLight }, { as: "harbor-caseworker" });
    for (let round = 0; round < 3; round++) {
      const [admin, caseworker] = await Promise.all([asAdmin(), asCaseworker()]);
      expect(admin.body.errors).toBeUndefined();
      expect((admin.body.data as { organization: { members: unknown[] } }).organization.members).toHaveLength(2);
      expect(caseworker.body.data).toEqual({ organization: { name: "Harbor Light Shelter (demo)", members: null } });
      expect(caseworker.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
    }
  });
});
