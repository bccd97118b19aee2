import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type GraphQLResponse, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork();
  // The joins below read partner records Harbor Light does not own: the legal profile (shared by
  // the agreement with Fictional Legal Aid) and the liaison profile (by the city liaison unit's
  // agreement). The consent rule also needs the survivor's consent to Harbor Light for them.
  const consent = await network.query(
    `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
    {
      input: {
        survivorId: DEMO_SURVIVORS.aster,
        granteeOrganizationId: DEMO_ORGS.harborLight,
        // IDENTITY: that those profiles exist at all is the survivor's to share.
        categories: ["IDENTITY", "IMMIGRATION", "LAW_ENFORCEMENT"],
        purposes: ["SERVICE_REFERRAL"],
        method: "WRITTEN",
        language: "en",
      },
    },
    { purpose: "SERVICE_REFERRAL" },
  );
  expect(consent.body.errors).toBeUndefined();
});

afterAll(async () => {
  await network?.stop();
});

describe(`federated queries through the gateway (${databaseMode} databases)`, () => {
  it("follows one survivor from the network subgraph into shelters, legal aid and law enforcement", async () => {
    const { status, body } = await network.query(
      `query Survivor($id: ID!) {
        survivor(id: $id) {
          id
          pseudonym
          registeredBy { name kind }
          residentProfiles { legalName dateOfBirth survivorId ownerOrganizationId organization { name } program { name } }
          legalProfiles { caseStage countryOfOrigin organization { name kind } }
          liaisonProfiles { caseNumber certificationStatus organization { name } }
        }
      }`,
      { id: DEMO_SURVIVORS.aster },
      { purpose: "SERVICE_REFERRAL" },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      survivor: {
        id: DEMO_SURVIVORS.aster,
        pseudonym: "Demo Survivor Aster",
        registeredBy: { name: "Harbor Light Shelter (demo)", kind: "SHELTER" },
        residentProfiles: [
          {
            legalName: "Invented Person Aster (demo)",
            dateOfBirth: "1990-01-01",
            survivorId: DEMO_SURVIVORS.aster,
            ownerOrganizationId: DEMO_ORGS.harborLight,
            // Organisation names live in the network subgraph: a second hop back.
            organization: { name: "Harbor Light Shelter (demo)" },
            program: { name: "Harbor Light Emergency Beds (demo)" },
          },
        ],
        legalProfiles: [{ caseStage: "FILED", countryOfOrigin: "ZZ", organization: { name: "Fictional Legal Aid Collective (demo)", kind: "LEGAL_AID" } }],
        liaisonProfiles: [{ caseNumber: "DEMO-0000-001", certificationStatus: "UNDER_REVIEW", organization: { name: "Demo City Police Victim Services Liaison (demo)" } }],
      },
    });
  });

  it("joins every survivor of a page to their partner profiles, one batch per subgraph", async () => {
    const { body } = await network.query<{ survivors: { totalCount: number; edges: { node: { pseudonym: string; residentProfiles: unknown[]; legalProfiles: unknown[] } }[] } }>(
      `{ survivors(first: 10) { totalCount edges { node { pseudonym residentProfiles { legalName } legalProfiles { caseStage } } } } }`,
      undefined,
      { purpose: "SERVICE_REFERRAL" },
    );
    expect(body.errors).toBeUndefined();
    const rows = body.data!.survivors.edges.map(({ node }) => [node.pseudonym, node.residentProfiles.length, node.legalProfiles.length]);
    // The caller (a Harbor Light caseworker) sees the survivors Harbor Light registered.
    expect(rows).toEqual([
      ["Demo Survivor Aster", 1, 1],
      ["Demo Survivor Dahlia", 0, 0],
    ]);
    expect(body.data!.survivors.totalCount).toBe(2);
  });

  it("reaches an organisation's services in every partner subgraph from the organisation", async () => {
    const { body } = await network.query(
      `query Org($a: ID!, $b: ID!) {
        harbor: organization(id: $a) { name shelterPrograms { name } legalServices { name } }
        legal: organization(id: $b) { name shelterPrograms { name } legalServices { name practiceAreas } }
      }`,
      { a: DEMO_ORGS.harborLight, b: DEMO_ORGS.fictionalLegalAid },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      harbor: {
        name: "Harbor Light Shelter (demo)",
        shelterPrograms: [{ name: "Harbor Light Emergency Beds (demo)" }, { name: "Harbor Light Transitional Housing (demo)" }],
        legalServices: [],
      },
      legal: {
        name: "Fictional Legal Aid Collective (demo)",
        shelterPrograms: [],
        legalServices: [
          { name: "Criminal Record Relief (demo)", practiceAreas: ["VACATUR", "CIVIL_REMEDIES"] },
          { name: "Immigration Relief for Survivors (demo)", practiceAreas: ["T_VISA", "U_VISA", "ASYLUM"] },
        ],
      },
    });
  });
});

const DIRECTORY = `query Directory($filter: DirectoryFilter) {
  directory(filter: $filter) {
    shelterPrograms(first: 50) { totalCount edges { node { name } } }
    legalServices(first: 50) { totalCount edges { node { name } } }
    liaisonUnits(first: 50) { totalCount edges { node { name } } }
  }
}`;

type Page = { totalCount: number; edges: { node: { name: string } }[] };
type DirectoryData = { directory: { shelterPrograms: Page; legalServices: Page; liaisonUnits: Page } };

async function directoryNames(filter: Record<string, unknown> | null) {
  const { status, body } = await network.query<DirectoryData>(DIRECTORY, { filter });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  const names = (page: Page) => {
    expect(page.totalCount).toBe(page.edges.length);
    return page.edges.map((e) => e.node.name);
  };
  const d = body.data!.directory;
  return { shelters: names(d.shelterPrograms), legal: names(d.legalServices), liaison: names(d.liaisonUnits) };
}

type PagedDirectory = {
  directory: { shelterPrograms: { totalCount: number; edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
};

describe("the service directory", () => {
  it("lists every active service of every partner kind in one query", async () => {
    expect(await directoryNames(null)).toEqual({
      shelters: ["Harbor Light Emergency Beds (demo)", "Harbor Light Transitional Housing (demo)", "Northstar Family Rooms (demo)", "Northstar Youth Haven (demo)"],
      legal: ["Criminal Record Relief (demo)", "Family and Custody Clinic (demo)", "Immigration Relief for Survivors (demo)"],
      liaison: ["Demo City Victim Services Liaison (demo)", "Demo County Survivor Liaison (demo)"],
    });
  });

  it("filters by partner kind", async () => {
    expect(await directoryNames({ kinds: ["LEGAL_AID", "LAW_ENFORCEMENT_LIAISON"] })).toEqual({
      shelters: [],
      legal: ["Criminal Record Relief (demo)", "Family and Custody Clinic (demo)", "Immigration Relief for Survivors (demo)"],
      liaison: ["Demo City Victim Services Liaison (demo)", "Demo County Survivor Liaison (demo)"],
    });
  });

  it("filters by capacity now: free beds, open intake slots, units accepting referrals", async () => {
    expect(await directoryNames({ hasCapacityNow: true })).toEqual({
      shelters: ["Harbor Light Emergency Beds (demo)", "Northstar Family Rooms (demo)", "Northstar Youth Haven (demo)"],
      legal: ["Family and Custody Clinic (demo)", "Immigration Relief for Survivors (demo)"],
      liaison: ["Demo City Victim Services Liaison (demo)"],
    });
  });

  it("filters by language (any of the given tags)", async () => {
    expect(await directoryNames({ languages: ["vi"] })).toEqual({
      shelters: ["Northstar Family Rooms (demo)", "Northstar Youth Haven (demo)"],
      legal: [],
      liaison: [],
    });
    expect(await directoryNames({ languages: ["ko", "tl"] })).toEqual({
      shelters: ["Northstar Family Rooms (demo)"],
      legal: ["Family and Custody Clinic (demo)"],
      liaison: [],
    });
  });

  it("filters by population served", async () => {
    expect(await directoryNames({ populations: ["FAMILIES_WITH_CHILDREN"] })).toEqual({
      shelters: ["Harbor Light Transitional Housing (demo)", "Northstar Family Rooms (demo)"],
      legal: ["Family and Custody Clinic (demo)"],
      liaison: [],
    });
  });

  it("combines filters", async () => {
    expect(await directoryNames({ languages: ["es"], populations: ["ADULT_WOMEN"], hasCapacityNow: true })).toEqual({
      shelters: ["Harbor Light Emergency Beds (demo)"],
      legal: ["Immigration Relief for Survivors (demo)"],
      liaison: ["Demo City Victim Services Liaison (demo)"],
    });
  });

  it("paginates with cursors: every item exactly once, in order, and the last page says so", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const { body }: GraphQLResponse<PagedDirectory> = await network.query<PagedDirectory>(
        `query Page($after: String) { directory { shelterPrograms(first: 3, after: $after) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } } }`,
        { after },
      );
      expect(body.errors).toBeUndefined();
      const connection: PagedDirectory["directory"]["shelterPrograms"] = body.data!.directory.shelterPrograms;
      expect(connection.totalCount).toBe(4);
      seen.push(...connection.edges.map((e) => e.node.name));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(["Harbor Light Emergency Beds (demo)", "Harbor Light Transitional Housing (demo)", "Northstar Family Rooms (demo)", "Northstar Youth Haven (demo)"]);
  });

  it("paginates organisations of the network subgraph the same way", async () => {
    const first = await network.query<{ organizations: { edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      `{ organizations(first: 4, filter: { kinds: [SHELTER, LEGAL_AID] }) { edges { node { name } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(first.body.data!.organizations.pageInfo.hasNextPage).toBe(false);
    expect(first.body.data!.organizations.edges.map((e) => e.node.name)).toEqual([
      "Example Immigrant Justice Clinic (demo)",
      "Fictional Legal Aid Collective (demo)",
      "Harbor Light Shelter (demo)",
      "Northstar Safe House (demo)",
    ]);
  });

  it.each([
    ["a page size of 0", { first: 0 }, "`first` must be between 1 and 100"],
    ["a page size over the maximum", { first: 101 }, "`first` must be between 1 and 100"],
    ["a cursor it did not issue", { first: 2, after: "bm90LWEtY3Vyc29y" }, "The `after` cursor is not one this API issued"],
  ])("refuses %s with BAD_USER_INPUT naming the argument", async (_label, variables, message) => {
    const { status, body } = await network.query(
      `query Page($first: Int, $after: String) { directory { shelterPrograms(first: $first, after: $after) { totalCount } } }`,
      variables,
    );
    expect(status).toBe(200);
    // Only the part that the refusing subgraph contributes is null.
    expect(body.data).toEqual({ directory: { shelterPrograms: null } });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ message, path: ["directory", "shelterPrograms"], extensions: { code: "BAD_USER_INPUT" } });
  });

  it("refuses a malformed language tag, naming the field, without echoing it", async () => {
    const { body } = await network.query(DIRECTORY, { filter: { languages: ["en", "<script>"] } });
    expect(body.data).toBeNull();
    expect(body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "filter" });
    expect(body.errors![0]!.message).toBe("Invalid filter: filter.languages.1: must be a BCP 47 language tag such as en, es or pt-BR");
    expect(JSON.stringify(body)).not.toContain("<script>");
  });

  it("refuses an unknown partner kind before any subgraph is asked (HTTP 400)", async () => {
    const { status, body } = await network.query(DIRECTORY, { filter: { kinds: ["SPACESHIP"] } });
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });

  it("refuses an id that is not a UUID", async () => {
    const { body } = await network.query(`{ survivor(id: "1 OR 1=1") { id } }`, undefined, { purpose: "SERVICE_REFERRAL" });
    expect(body.data).toEqual({ survivor: null });
    expect(body.errors![0]).toMatchObject({ message: "`id` must be a UUID", path: ["survivor"], extensions: { code: "BAD_USER_INPUT" } });
  });
});
