import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSERTION_HEADER, createAssertionSigner } from "../../platform/assertion.js";
import { DEMO_AGREEMENTS, DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { SYSTEM_PRINCIPAL, type Principal } from "../../vocabulary/principal.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork();
});

afterAll(async () => {
  await network?.stop();
});

const FACTS = `query($caller: ID!, $survivors: [ID!]!, $owners: [ID!]!) {
  _policyFacts(callerOrganizationId: $caller, survivorIds: $survivors, ownerOrganizationIds: $owners) {
    consents { id survivorId granteeOrganizationId categories purposes withdrawnAt }
    agreements { id fromOrganizationId toOrganizationId bothWays categories purposes status }
  }
}`;

async function askNetwork(principal: Principal, variables: Record<string, unknown>) {
  const signer = createAssertionSigner(network.assertionKeys.privateKey);
  const body = { query: FACTS, variables };
  const response = await fetch(network.subgraphs.get("network")!.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", [ASSERTION_HEADER]: await signer.sign("network", principal, body, randomUUID()) },
    body: JSON.stringify(body),
  });
  return (await response.json()) as {
    data?: { _policyFacts: { consents: { id: string; withdrawnAt: string | null }[]; agreements: { id: string }[] } } | null;
    errors?: { extensions?: { code?: string } }[];
  };
}

describe("policy facts for the gateway's consent rule", () => {
  it("gives the gateway, in one call, the survivors' consents (withdrawn too) and the agreements between caller and owners", async () => {
    const recorded = await network.query<{ recordConsent: { id: string } }>(
      `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
      {
        input: {
          survivorId: DEMO_SURVIVORS.aster,
          granteeOrganizationId: DEMO_ORGS.fictionalLegalAid,
          categories: ["IDENTITY"],
          purposes: ["LEGAL_REPRESENTATION"],
          method: "DIGITAL",
          language: "en",
        },
      },
      { purpose: "SERVICE_REFERRAL" },
    );
    const consentId = recorded.body.data!.recordConsent.id;
    await network.query(`mutation($id: ID!) { withdrawConsent(id: $id, reason: "Invented (demo)") { id } }`, { id: consentId }, { purpose: "SERVICE_REFERRAL" });

    const answer = await askNetwork(SYSTEM_PRINCIPAL, {
      caller: DEMO_ORGS.fictionalLegalAid,
      survivors: [DEMO_SURVIVORS.aster, DEMO_SURVIVORS.birch],
      owners: [DEMO_ORGS.harborLight],
    });
    expect(answer.errors).toBeUndefined();
    const facts = answer.data!._policyFacts;
    expect(facts.agreements).toEqual([
      {
        id: DEMO_AGREEMENTS.harborToLegalAid,
        fromOrganizationId: DEMO_ORGS.harborLight,
        toOrganizationId: DEMO_ORGS.fictionalLegalAid,
        bothWays: true,
        categories: ["IDENTITY", "CONTACT", "IMMIGRATION"],
        purposes: ["SERVICE_REFERRAL", "LEGAL_REPRESENTATION"],
        status: "ACTIVE",
      },
    ]);
    const consent = facts.consents.find((c) => c.id === consentId);
    expect(consent).toMatchObject({ survivorId: DEMO_SURVIVORS.aster, granteeOrganizationId: DEMO_ORGS.fictionalLegalAid, categories: ["IDENTITY"] });
    expect(consent!.withdrawnAt).not.toBeNull();

    // An organisation with no agreement with the owner gets none.
    const stranger = await askNetwork(SYSTEM_PRINCIPAL, { caller: DEMO_ORGS.demoCountyLiaison, survivors: [], owners: [DEMO_ORGS.harborLight] });
    expect(stranger.data!._policyFacts).toEqual({ consents: [], agreements: [] });
  });

  it("is refused to any assertion but the gateway's own, and absent from the gateway's API", async () => {
    const member: Principal = {
      kind: "member",
      id: "00000000-0000-4000-8000-000000000201",
      organizationId: DEMO_ORGS.harborLight,
      organizationKind: "SHELTER",
      roles: ["CASEWORKER"],
      purpose: "SERVICE_REFERRAL",
    };
    const answer = await askNetwork(member, { caller: DEMO_ORGS.harborLight, survivors: [DEMO_SURVIVORS.aster], owners: [DEMO_ORGS.harborLight] });
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);

    const viaGateway = await network.query(FACTS, { caller: DEMO_ORGS.harborLight, survivors: [], owners: [] });
    expect(viaGateway.status).toBe(400);
    expect(viaGateway.body.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("bounds its input", async () => {
    const answer = await askNetwork(SYSTEM_PRINCIPAL, { caller: DEMO_ORGS.harborLight, survivors: Array.from({ length: 1_001 }, () => randomUUID()), owners: [] });
    expect(answer.errors![0]!.extensions!.code).toBe(ERROR_CODES.BAD_USER_INPUT);
  });
});
