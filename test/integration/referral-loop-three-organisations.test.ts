/**
 * The whole loop between three organisations, through the real gateway: Harbor Light (a shelter)
 * refers Demo Survivor Aster to Fictional Legal Aid; legal aid acknowledges, records a conflict
 * check, accepts, starts the service and asks Demo City Liaison for a T-visa certification linked to
 * the referral (Harbor Light shares Aster's identity with the unit for certification, and she
 * consents); the liaison unit reviews and certifies; legal aid completes the referral. Each step
 * is taken by the party whose turn it is; both parties read the same history; Harbor Light's partner
 * app view (polling) sees every step; a fourth organisation sees none of it.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGS, DEMO_SERVICES, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { databaseMode } from "../support/databases.js";
import { establishAgreement, legalReferralInput, recordConsent, submitReferral } from "../support/fixtures.js";
import { startTestNetwork, type RequestOptions, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

const shelter = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const legalAid = { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const liaison = { as: "city-liaison", purpose: "CERTIFICATION" } as const;
const outsider = { as: "northstar-caseworker", purpose: "SERVICE_REFERRAL" } as const;

beforeAll(async () => {
  network = await startTestNetwork();
  await recordConsent(
    network,
    {
      survivorId: DEMO_SURVIVORS.aster,
      granteeOrganizationId: DEMO_ORGS.fictionalLegalAid,
      categories: ["IDENTITY", "CONTACT"],
      purposes: ["SERVICE_REFERRAL", "LEGAL_REPRESENTATION"],
    },
    shelter,
  );
  await recordConsent(
    network,
    { survivorId: DEMO_SURVIVORS.aster, granteeOrganizationId: DEMO_ORGS.demoCityLiaison, categories: ["IDENTITY"], purposes: ["CERTIFICATION"] },
    shelter,
  );
  await establishAgreement(network, { from: DEMO_ORGS.harborLight, to: DEMO_ORGS.demoCityLiaison, categories: ["IDENTITY"], purposes: ["CERTIFICATION"] });
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

async function ok<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, as: RequestOptions): Promise<T> {
  const response = await network.query<T>(query, variables, as);
  expect(response.body.errors).toBeUndefined();
  return response.body.data!;
}

const step = (mutation: string, extra = "") => `mutation($id: ID!, $v: Int!) { ${mutation}(id: $id, expectedVersion: $v${extra}) { status version } }`;

describe(`the referral loop between three organisations (${databaseMode})`, () => {
  it("goes from submission to an outcome, with a conflict check and a certification on the way", async () => {
    const { id } = await submitReferral(network, legalReferralInput({ urgency: "URGENT" }), shelter);

    expect(await ok(step("acknowledgeReferral"), { id, v: 1 }, legalAid)).toEqual({ acknowledgeReferral: { status: "ACKNOWLEDGED", version: 2 } });
    await ok(
      `mutation($id: ID!) { recordConflictCheck(referralId: $id, outcome: CLEAR, notes: "Invented (demo): no conflict with current clients.") { outcome } }`,
      { id },
      legalAid,
    );
    expect(await ok(step("acceptReferral"), { id, v: 2 }, legalAid)).toEqual({ acceptReferral: { status: "ACCEPTED", version: 3 } });
    expect(await ok(step("startReferralService"), { id, v: 3 }, legalAid)).toEqual({ startReferralService: { status: "IN_SERVICE", version: 4 } });

    // Legal aid asks the city liaison unit for a T-visa certification, linked to the referral.
    const dueDate = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
    const requested = await ok<{ requestCertification: { id: string; status: string; version: number } }>(
      `mutation($input: RequestCertificationInput!) { requestCertification(input: $input) { id status version } }`,
      { input: { survivorId: DEMO_SURVIVORS.aster, referralId: id, liaisonUnitId: DEMO_SERVICES.cityLiaison, kind: "T_VISA", dueDate, idempotencyKey: randomUUID() } },
      { as: "legal-caseworker", purpose: "LEGAL_REPRESENTATION" },
    );
    const certification = requested.requestCertification;
    expect(certification.status).toBe("REQUESTED");
    expect(await ok(step("reviewCertification"), { id: certification.id, v: certification.version }, liaison)).toMatchObject({ reviewCertification: { status: "UNDER_REVIEW" } });
    expect(
      await ok(
        `mutation($id: ID!, $v: Int!) { decideCertification(id: $id, expectedVersion: $v, certified: true, reason: "Invented (demo): cooperation confirmed.") { status } }`,
        { id: certification.id, v: certification.version + 1 },
        liaison,
      ),
    ).toEqual({ decideCertification: { status: "CERTIFIED" } });

    // Both legal aid and the unit see the certification on the referral's record; the shelter does not.
    const onReferral = `query($id: ID!) { referral(id: $id) { certificationRequests { status kind dueDate } } }`;
    expect(await ok(onReferral, { id }, { as: "legal-caseworker", purpose: "CERTIFICATION" })).toEqual({
      referral: { certificationRequests: [{ status: "CERTIFIED", kind: "T_VISA", dueDate }] },
    });
    expect(await ok(onReferral, { id }, { as: "harbor-caseworker", purpose: "CERTIFICATION" })).toEqual({ referral: { certificationRequests: [] } });

    expect(
      await ok(
        step("completeReferral", ", outcome: $outcome").replace("$v: Int!)", "$v: Int!, $outcome: String!)"),
        { id, v: 4, outcome: "Invented (demo): T visa application filed with certification." },
        legalAid,
      ),
    ).toEqual({
      completeReferral: { status: "COMPLETED", version: 5 },
    });

    // Both parties read the same history, in order, with who moved it.
    const HISTORY = `query($id: ID!) { referral(id: $id) { status events { toStatus actorOrganizationId } } }`;
    const expected = [
      { toStatus: "SENT", actorOrganizationId: DEMO_ORGS.harborLight },
      { toStatus: "ACKNOWLEDGED", actorOrganizationId: DEMO_ORGS.fictionalLegalAid },
      { toStatus: "ACCEPTED", actorOrganizationId: DEMO_ORGS.fictionalLegalAid },
      { toStatus: "IN_SERVICE", actorOrganizationId: DEMO_ORGS.fictionalLegalAid },
      { toStatus: "COMPLETED", actorOrganizationId: DEMO_ORGS.fictionalLegalAid },
    ];
    for (const who of [shelter, legalAid]) {
      const history = await ok<{ referral: { status: string; events: unknown[] } }>(HISTORY, { id }, who);
      expect(history.referral).toMatchObject({ status: "COMPLETED", events: expected });
    }

    // What Harbor Light's apps poll holds the same steps for this referral.
    const polled = await ok<{ referralEvents: { edges: { node: { referralId: string; toStatus: string } }[] } }>(
      `{ referralEvents(first: 100) { edges { node { referralId toStatus } } } }`,
      {},
      shelter,
    );
    expect(
      polled.referralEvents.edges
        .map((e) => e.node)
        .filter((e) => e.referralId === id)
        .map((e) => e.toStatus),
    ).toEqual(expected.map((e) => e.toStatus));

    // A fourth organisation sees none of it.
    expect(await ok(`query($id: ID!) { referral(id: $id) { id } }`, { id }, outsider)).toEqual({ referral: null });
    const theirs = await ok<{ referralEvents: { edges: { node: { referralId: string } }[] } }>(`{ referralEvents(first: 100) { edges { node { referralId } } } }`, {}, outsider);
    expect(theirs.referralEvents.edges.some((e) => e.node.referralId === id)).toBe(false);
  }, 60_000);
});
