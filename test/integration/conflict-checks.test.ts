/**
 * Legal intake's conflict-of-interest check (docs/design.md, "Referrals"): a legal-aid organisation
 * records, in its own subgraph and database, its check of a referral it received before accepting
 * it. Through the real gateway: revisions (the latest counts), only for a referral the organisation
 * received (checked by the gateway before the mutation runs; survivor-writes.test.ts holds that
 * answer to the one for an id of none), only legal-aid caseworkers record them, inputs refused
 * naming the argument with nothing written,
 * concurrent recordings all kept. Then the internal `_conflictCheckCleared`, which the gateway asks
 * before letting `acceptReferral` of a legal-service referral through, called on the legal-aid
 * subgraph directly with assertions signed by the test network's gateway key.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSERTION_HEADER, createAssertionSigner } from "../../platform/assertion.js";
import { DEMO_MEMBERS, DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { SYSTEM_PRINCIPAL, type Principal } from "../../vocabulary/principal.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type RequestOptions, type TestNetwork } from "../support/network.js";
import { legalReferralInput, recordConsent, shelterReferralInput, submitReferral } from "../support/fixtures.js";

let network: TestNetwork;

const sender = { as: "harbor-caseworker", purpose: "SERVICE_REFERRAL" } as const;
const receiver = { as: "legal-caseworker", purpose: "SERVICE_REFERRAL" } as const;
/** Example Justice Clinic: another legal-aid organisation, not the referral's receiver. */
const otherLegalAid = { as: "clinic-admin", purpose: "SERVICE_REFERRAL" } as const;

const CHECK_FIELDS = "id referralId organizationId revision outcome clears notes checkedByMemberId checkedAt";
const RECORD = `mutation($referralId: ID!, $outcome: ConflictCheckOutcome!, $notes: String) {
  recordConflictCheck(referralId: $referralId, outcome: $outcome, notes: $notes) { ${CHECK_FIELDS} }
}`;
const ON_REFERRAL = `query($id: ID!) { referral(id: $id) { id conflictCheck { ${CHECK_FIELDS} } conflictCheckHistory { revision outcome } } }`;
const CLEARED = `query($referralId: ID!, $organizationId: ID!) { _conflictCheckCleared(referralId: $referralId, organizationId: $organizationId) }`;

interface Check {
  id: string;
  referralId: string;
  organizationId: string;
  revision: number;
  outcome: string;
  clears: boolean;
  notes: string | null;
  checkedByMemberId: string;
}

interface OnReferral {
  referral: { id: string; conflictCheck: Check | null; conflictCheckHistory: { revision: number; outcome: string }[] | null } | null;
}

/** A fresh referral from Harbor Light to Fictional Legal Aid's immigration service. */
async function newReferral(): Promise<string> {
  return (await submitReferral(network, legalReferralInput({ categories: ["IDENTITY"], urgency: "ROUTINE" }), sender)).id;
}

async function record(referralId: string, outcome: string, notes: string | null = null, as: RequestOptions = receiver) {
  return network.query<{ recordConflictCheck: Check }>(RECORD, { referralId, outcome, notes }, as);
}

async function onReferral(id: string, as: RequestOptions = receiver) {
  const response = await network.query<OnReferral>(ON_REFERRAL, { id }, as);
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.referral;
}

/** Asks the legal-aid subgraph directly, with an assertion for `principal` signed by the gateway's key. */
async function askLegalAid(principal: Principal, variables: Record<string, unknown>) {
  const signer = createAssertionSigner(network.assertionKeys.privateKey);
  const body = { query: CLEARED, variables };
  const response = await fetch(network.subgraphs.get("legal-aid")!.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", [ASSERTION_HEADER]: await signer.sign("legal-aid", principal, body, randomUUID()) },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { data?: { _conflictCheckCleared: boolean } | null; errors?: { message: string; extensions?: { code?: string; argumentName?: string } }[] };
}

async function cleared(referralId: string, organizationId: string = DEMO_ORGS.fictionalLegalAid): Promise<boolean> {
  const answer = await askLegalAid(SYSTEM_PRINCIPAL, { referralId, organizationId });
  expect(answer.errors).toBeUndefined();
  return answer.data!._conflictCheckCleared;
}

beforeAll(async () => {
  network = await startTestNetwork();
  // Aster consents to Fictional Legal Aid receiving identity data for referrals; the seeded
  // agreement Harbor Light ⇄ Fictional Legal Aid covers it.
  const consent = await network.query(
    `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
    {
      input: {
        survivorId: DEMO_SURVIVORS.aster,
        granteeOrganizationId: DEMO_ORGS.fictionalLegalAid,
        categories: ["IDENTITY"],
        purposes: ["SERVICE_REFERRAL"],
        method: "WRITTEN",
        language: "en",
      },
    },
    sender,
  );
  expect(consent.body.errors).toBeUndefined();
  // Cedar, legal aid's own, consents to Harbor Light for referrals (the agreement is two-way).
  await recordConsent(network, { survivorId: DEMO_SURVIVORS.cedar, granteeOrganizationId: DEMO_ORGS.harborLight, categories: ["IDENTITY"] }, receiver);
}, 120_000);

afterAll(async () => {
  await network?.stop();
});

describe(`conflict checks of legal intake (${databaseMode})`, () => {
  it("has none before one is recorded, and the gate is closed", async () => {
    const id = await newReferral();
    expect(await onReferral(id)).toEqual({ id, conflictCheck: null, conflictCheckHistory: [] });
    expect(await cleared(id)).toBe(false);
  });

  it("records checks as revisions, keeps them all, and the latest counts (for the gate too)", async () => {
    const id = await newReferral();
    const steps: [string, string | null, boolean][] = [
      ["CONFLICT_FOUND", "Invented (demo): the organisation already represents another party of the matter.", false],
      ["CLEAR", null, true],
      ["CONFLICT_FOUND", "Invented (demo): a second look found the conflict after all.", false],
      ["WAIVED", "Invented (demo): waived with the informed written consent of the existing client.", true],
    ];
    for (const [index, [outcome, notes, clears]] of steps.entries()) {
      const response = await record(id, outcome, notes);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.recordConflictCheck).toMatchObject({
        referralId: id,
        organizationId: DEMO_ORGS.fictionalLegalAid,
        revision: index + 1,
        outcome,
        clears,
        notes,
        checkedByMemberId: DEMO_MEMBERS.legalAidCaseworker,
      });
      expect(await cleared(id)).toBe(clears);
    }
    const view = await onReferral(id);
    expect(view!.conflictCheck).toMatchObject({ revision: 4, outcome: "WAIVED", clears: true });
    expect(view!.conflictCheckHistory).toEqual(steps.map(([outcome], index) => ({ revision: index + 1, outcome })));
  });

  it("keeps each organisation's checks its own: another legal-aid organisation records none of a referral it did not receive", async () => {
    const id = await newReferral();
    const theirs = await record(id, "CLEAR", null, otherLegalAid);
    expect(theirs.body.data ?? null).toBeNull();
    expect(theirs.body.errors![0]!.extensions).toEqual({ code: ERROR_CODES.NOT_FOUND, argumentName: "referralId" });

    // Nothing was recorded: the receiver has no check to show, and neither gate opens.
    expect((await onReferral(id))!.conflictCheck).toBeNull();
    expect(await cleared(id, DEMO_ORGS.fictionalLegalAid)).toBe(false);
    expect(await cleared(id, DEMO_ORGS.exampleJusticeClinic)).toBe(false);

    // The sender sees the referral, but no legal-aid organisation's check of it.
    await record(id, "CLEAR");
    expect(await onReferral(id, sender)).toEqual({ id, conflictCheck: null, conflictCheckHistory: [] });
    expect((await onReferral(id))!.conflictCheck).toMatchObject({ organizationId: DEMO_ORGS.fictionalLegalAid, revision: 1 });
  });

  it("refuses anyone but a caseworker of a legal-aid organisation, writing nothing", async () => {
    const id = await newReferral();
    // A shelter's caseworker, on a referral the shelter received (Cedar, from legal aid to its beds),
    // passes the gateway's checks (CASEWORKER, the receiver) and is refused by the subgraph.
    const toShelter = (await submitReferral(network, shelterReferralInput(), receiver)).id;
    const shelter = await record(toShelter, "CLEAR", null, sender);
    expect(shelter.body.data ?? null).toBeNull();
    expect(shelter.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
    expect(shelter.body.errors![0]!.message).toBe("Only a caseworker of a legal-aid organisation may record a conflict check");
    expect(await cleared(toShelter, DEMO_ORGS.harborLight)).toBe(false);
    // The sender of a referral did not receive it: answered as for a referral of others.
    expect((await record(id, "CLEAR", null, sender)).body.errors![0]!.extensions!.code).toBe(ERROR_CODES.NOT_FOUND);
    // Other roles never reach it: the gateway refuses the whole mutation before it runs.
    for (const as of ["city-liaison", "harbor-admin", "legal-app", "steward"] as const) {
      const response = await record(id, "CLEAR", null, { as, purpose: "SERVICE_REFERRAL" });
      expect(response.status, as).toBe(403);
      expect(response.body.data ?? null).toBeNull();
      expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
    }
    expect((await onReferral(id))!.conflictCheckHistory).toEqual([]);
    expect(await cleared(id)).toBe(false);
  });

  it("is about a survivor's referral: a purpose of use is required", async () => {
    const id = await newReferral();
    const response = await record(id, "CLEAR", null, { as: "legal-caseworker" });
    expect(response.status).toBe(400);
    expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.PURPOSE_REQUIRED);
    expect((await onReferral(id))!.conflictCheckHistory).toEqual([]);
  });

  it.each([
    ["a referral id that is not one", { referralId: "not-a-uuid" }, "referralId", "Invalid referralId: referralId: must be a UUID"],
    ["notes over 2000 characters", { notes: "x".repeat(2_001) }, "notes", "Invalid notes: notes: must be at most 2000 characters"],
    ["a waiver without notes", { outcome: "WAIVED", notes: null }, "notes", "Invalid notes: notes: a waiver needs a note saying why the conflict was waived"],
    ["a waiver with blank notes", { outcome: "WAIVED", notes: "  \n " }, "notes", "Invalid notes: notes: a waiver needs a note saying why the conflict was waived"],
  ])("refuses %s, naming the argument, writing nothing", async (_name, change, argumentName, message) => {
    const id = await newReferral();
    const response = await network.query(RECORD, { referralId: id, outcome: "CLEAR", notes: null, ...change }, receiver);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors![0]!.extensions).toMatchObject({ code: ERROR_CODES.BAD_USER_INPUT, argumentName });
    expect(response.body.errors![0]!.message).toBe(message);
    expect((await onReferral(id))!.conflictCheckHistory).toEqual([]);
  });

  it("keeps every one of several recordings made at once, each its own revision", async () => {
    const id = await newReferral();
    const outcomes = ["CONFLICT_FOUND", "CLEAR", "CONFLICT_FOUND", "CLEAR", "CONFLICT_FOUND"];
    const responses = await Promise.all(outcomes.map((outcome) => record(id, outcome)));
    expect(responses.map((r) => r.body.errors)).toEqual(outcomes.map(() => undefined));
    const revisions = responses.map((r) => r.body.data!.recordConflictCheck.revision).sort((a, b) => a - b);
    expect(revisions).toEqual([1, 2, 3, 4, 5]);
    const view = await onReferral(id);
    expect(view!.conflictCheckHistory!.map((c) => c.revision)).toEqual([1, 2, 3, 4, 5]);
    // The gate follows whichever recording committed last.
    const last = responses.map((r) => r.body.data!.recordConflictCheck).find((c) => c.revision === 5)!;
    expect(await cleared(id)).toBe(last.clears);
  });
});

describe("_conflictCheckCleared, the gateway's question before acceptReferral", () => {
  it("answers the gateway's own assertion, for any organisation and referral (false when there is no check)", async () => {
    const id = await newReferral();
    expect(await cleared(id)).toBe(false);
    expect(await cleared(randomUUID(), randomUUID())).toBe(false);
    await record(id, "CLEAR");
    expect(await cleared(id.toUpperCase())).toBe(true);
  });

  it("is refused to a member's assertion sent to the subgraph directly, and absent from the gateway's API", async () => {
    const id = await newReferral();
    await record(id, "CLEAR");
    const member: Principal = {
      kind: "member",
      id: DEMO_MEMBERS.legalAidCaseworker,
      organizationId: DEMO_ORGS.fictionalLegalAid,
      organizationKind: "LEGAL_AID",
      roles: ["CASEWORKER"],
      purpose: "SERVICE_REFERRAL",
    };
    const answer = await askLegalAid(member, { referralId: id, organizationId: DEMO_ORGS.fictionalLegalAid });
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);

    const viaGateway = await network.query(CLEARED, { referralId: id, organizationId: DEMO_ORGS.fictionalLegalAid }, receiver);
    expect(viaGateway.status).toBe(400);
    expect(viaGateway.body.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("refuses ids that are not UUIDs, naming the argument", async () => {
    for (const [variables, argumentName] of [
      [{ referralId: "1", organizationId: DEMO_ORGS.fictionalLegalAid }, "referralId"],
      [{ referralId: randomUUID(), organizationId: "legal-aid" }, "organizationId"],
    ] as const) {
      const answer = await askLegalAid(SYSTEM_PRINCIPAL, variables);
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors![0]!.extensions).toMatchObject({ code: ERROR_CODES.BAD_USER_INPUT, argumentName });
    }
  });
});
