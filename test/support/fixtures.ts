import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { OrganizationKind } from "../../vocabulary/organizations.js";
import { DEMO_ORGS, DEMO_PRINCIPALS, DEMO_SERVICES, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import type { Principal, Purpose } from "../../vocabulary/principal.js";
import type { RequestOptions, TestNetwork } from "./network.js";

/**
 * The steps many scenarios start from, done through the real gateway as a caseworker would, each
 * failing the test at once if the network refuses it.
 */

export interface ConsentFixture {
  survivorId: string;
  /** Exactly one of the two. */
  granteeOrganizationId?: string;
  granteeKind?: OrganizationKind;
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

/** The kind of each demo organisation. */
const KIND_OF: Record<string, OrganizationKind> = {
  [DEMO_ORGS.harborLight]: "SHELTER",
  [DEMO_ORGS.northstar]: "SHELTER",
  [DEMO_ORGS.fictionalLegalAid]: "LEGAL_AID",
  [DEMO_ORGS.exampleJusticeClinic]: "LEGAL_AID",
  [DEMO_ORGS.demoCityLiaison]: "LAW_ENFORCEMENT_LIAISON",
  [DEMO_ORGS.demoCountyLiaison]: "LAW_ENFORCEMENT_LIAISON",
};

/** A seeded member or partner app as the gateway forwards it to subgraphs, for a purpose. */
export function demoPrincipal(key: (typeof DEMO_PRINCIPALS)[number]["key"], purpose: Purpose | null): Principal {
  const found = DEMO_PRINCIPALS.find((p) => p.key === key)!;
  return { kind: found.kind, id: found.id, organizationId: found.organizationId, organizationKind: KIND_OF[found.organizationId] ?? null, roles: [...found.roles], purpose };
}

/**
 * An invented admin of a demo organisation, as the gateway forwards one: the demo data seeds admins
 * for Harbor Light and the clinic only, so agreements of the others are signed by these, sent
 * straight to the network subgraph with an assertion signed by the test network's gateway key.
 */
export function inventedAdmin(organizationId: string): Principal {
  const organizationKind = KIND_OF[organizationId];
  if (!organizationKind) throw new Error(`No demo organisation ${organizationId}`);
  return { kind: "member", id: randomUUID(), organizationId, organizationKind, roles: ["ORG_ADMIN"], purpose: null };
}

export interface AgreementFixture {
  /** The organisation whose records are shared (it proposes). */
  from: string;
  to: string;
  bothWays?: boolean;
  categories: string[];
  purposes: string[];
}

/** An agreement in force now, proposed by an admin of `from` and countersigned by one of `to`; returns its id. */
export async function establishAgreement(network: Pick<TestNetwork, "callSubgraph">, agreement: AgreementFixture): Promise<string> {
  const input = {
    counterpartOrganizationId: agreement.to,
    direction: agreement.bothWays ? "BOTH_WAYS" : "PROPOSER_SHARES",
    categories: agreement.categories,
    purposes: agreement.purposes,
    validFrom: new Date(Date.now() - 3_600_000).toISOString(),
    validUntil: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    summary: "Invented demo agreement for a test.",
  };
  const asAdminOf = async <T>(organizationId: string, query: string, variables: Record<string, unknown>): Promise<T> => {
    const answer = await network.callSubgraph<T>("network", inventedAdmin(organizationId), query, variables);
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!;
  };
  const { id } = (
    await asAdminOf<{ proposeAgreement: { id: string } }>(agreement.from, `mutation($input: ProposeAgreementInput!) { proposeAgreement(input: $input) { id } }`, { input })
  ).proposeAgreement;
  const signed = await asAdminOf<{ countersignAgreement: { status: string } }>(agreement.to, `mutation($id: ID!) { countersignAgreement(id: $id) { status } }`, { id });
  expect(signed.countersignAgreement.status).toBe("ACTIVE");
  return id;
}

/** The UTC calendar date `days` from now. */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A T-visa certification request about Demo Survivor Cedar (Fictional Legal Aid's own) to the city liaison unit, due in 30 days, by default. */
export function certificationRequestInput(change: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    survivorId: DEMO_SURVIVORS.cedar,
    liaisonUnitId: DEMO_SERVICES.cityLiaison,
    kind: "T_VISA",
    dueDate: inDays(30),
    idempotencyKey: randomUUID(),
    ...change,
  };
}
