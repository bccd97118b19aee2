import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_OPERATION_LIMITS } from "../../gateway/limits/limitRules.js";
import { DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { MAX_PAGE_SIZE } from "../../vocabulary/paging.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type GraphQLResponse, type TestNetwork } from "../support/network.js";

// A survivor's whole record of disclosures, read through the gateway under the default limits in
// pages of the size the README documents, with everything a caseworker would show of each entry.

/** The page size the README documents for reading a survivor's disclosures. */
const DOCUMENTED_PAGE = 50;
const READS = DOCUMENTED_PAGE + 10;

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork();
  // Each response that reads a survivor's records is one ledger entry about them.
  for (let i = 0; i < READS; i++) {
    const read = await network.query(
      `query($id: ID!) { survivor(id: $id) { pseudonym residentProfiles { legalName phone healthNeeds } } }`,
      { id: DEMO_SURVIVORS.aster },
      { as: "harbor-caseworker", purpose: "SAFETY_PLANNING" },
    );
    expect(read.body.errors, JSON.stringify(read.body)).toBeUndefined();
  }
});

afterAll(async () => {
  await network?.stop();
});

/** Everything of an entry that a caseworker's screen shows. */
const ENTRY = `fragment Entry on Disclosure {
  seq at kind actorKind actorId purpose emergencyJustification organization { id name }
  items { recordType recordId category fields released code basis agreementId consentId ownerOrganization { id name } }
}`;
const DISCLOSURES = `query Page($survivorId: ID!, $first: Int, $after: String) {
  survivorDisclosures(survivorId: $survivorId, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ...Entry } } }
}
${ENTRY}`;
interface DisclosurePage {
  survivorDisclosures: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: { seq: string } }[] };
}

describe(`a survivor's disclosures in pages, under the default cost limit (${databaseMode})`, () => {
  it("reads the whole record in documented pages with every field of an entry", async () => {
    const seqs: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let totalCount: number;
    do {
      const response: GraphQLResponse<DisclosurePage> = await network.query<DisclosurePage>(
        DISCLOSURES,
        { survivorId: DEMO_SURVIVORS.aster, first: DOCUMENTED_PAGE, ...(after ? { after } : {}) },
        { as: "harbor-caseworker" },
      );
      expect(response.status).toBe(200);
      expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
      const page: DisclosurePage["survivorDisclosures"] = response.body.data!.survivorDisclosures;
      expect(page.edges.length).toBeLessThanOrEqual(DOCUMENTED_PAGE);
      seqs.push(...page.edges.map((e) => e.node.seq));
      totalCount = page.totalCount;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after !== null && pages < 100);
    expect(totalCount).toBeGreaterThanOrEqual(READS);
    expect(pages).toBe(Math.ceil(totalCount / DOCUMENTED_PAGE));
    expect(seqs).toHaveLength(totalCount);
    expect(new Set(seqs).size).toBe(totalCount);
  });

  it("lets the largest page through too", async () => {
    const response = await network.query<DisclosurePage>(DISCLOSURES, { survivorId: DEMO_SURVIVORS.aster, first: MAX_PAGE_SIZE }, { as: "harbor-caseworker" });
    expect(response.body.errors, `limit ${DEFAULT_OPERATION_LIMITS.maxCost}: ${JSON.stringify(response.body.errors)}`).toBeUndefined();
    expect(response.body.data!.survivorDisclosures.edges.length).toBeGreaterThan(DOCUMENTED_PAGE);
  });
});
