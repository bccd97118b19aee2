import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { DEMO_ORGS, DEMO_SERVICES, DEMO_SURVIVORS } from "../../subgraphs/kit/demo-ids.js";
import type { RequestOptions, TestNetwork } from "./network.js";

/**
 * The steps many scenarios start from, done through the real gateway as a caseworker would, each
 * failing the test at once if the network refuses it.
 */

export interface ConsentFixture {
  survivorId: string;
  granteeOrganizationId: string;
  categories: string[];
  purposes?: string[];
  validUntil?: string;
}

/** Records a survivor's consent (by a caseworker of the survivor's organisation); returns its id. */
export async function recordConsent(network: TestNetwork, consent: ConsentFixture, as: RequestOptions = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" }): Promise<string> {
  const response = await network.query<{ recordConsent: { id: string } }>(
    `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
    { input: { purposes: ["SERVICE_REFERRAL"], method: "WRITTEN", language: "en", ...consent } },
    as,
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.recordConsent.id;
}

/** A referral of Demo Survivor Aster from Harbor Light to Fictional Legal Aid's immigration service, by default. */
export function legalReferralInput(change: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    survivorId: DEMO_SURVIVORS.aster,
    receiverOrganizationId: DEMO_ORGS.fictionalLegalAid,
    serviceKind: "LEGAL_SERVICE",
    serviceId: DEMO_SERVICES.legalAidImmigration,
    purpose: "SERVICE_REFERRAL",
    categories: ["IDENTITY", "CONTACT"],
    urgency: "URGENT",
    idempotencyKey: randomUUID(),
    ...change,
  };
}

/** A referral of Demo Survivor Cedar from Fictional Legal Aid to Harbor Light's emergency beds, by default. */
export function shelterReferralInput(change: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    survivorId: DEMO_SURVIVORS.cedar,
    receiverOrganizationId: DEMO_ORGS.harborLight,
    serviceKind: "SHELTER_PROGRAM",
    serviceId: DEMO_SERVICES.harborEmergency,
    purpose: "SERVICE_REFERRAL",
    categories: ["IDENTITY"],
    urgency: "IMMEDIATE",
    idempotencyKey: randomUUID(),
    ...change,
  };
}

/** Submits a referral (through the network's gateway, or another replica); returns its id and version. */
export async function submitReferral(
  network: Pick<TestNetwork, "query">,
  input: Record<string, unknown> = legalReferralInput(),
  as: RequestOptions = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" },
): Promise<{ id: string; version: number }> {
  const response = await network.query<{ submitReferral: { id: string; version: number } }>(
    `mutation($input: SubmitReferralInput!) { submitReferral(input: $input) { id version } }`,
    { input },
    as,
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.submitReferral;
}
