import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MEMBERS, DEMO_ORGS, DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;

beforeAll(async () => {
  network = await startTestNetwork();
});

afterAll(async () => {
  await network?.stop();
});

const purpose = "SERVICE_REFERRAL";
const RECORD = `mutation($input: RecordConsentInput!) {
  recordConsent(input: $input) { id survivorId ownerOrganizationId granteeOrganizationId granteeKind categories purposes method language recordedByMemberId status withdrawnAt validUntil }
}`;
const WITHDRAW = `mutation($id: ID!, $reason: String!) { withdrawConsent(id: $id, reason: $reason) { id status withdrawnAt withdrawnByMemberId withdrawalReason } }`;
const CONSENTS = `query($id: ID!) { survivor(id: $id) { consents { id status categories } } }`;

const validInput = {
  survivorId: DEMO_SURVIVORS.aster,
  granteeOrganizationId: DEMO_ORGS.fictionalLegalAid,
  categories: ["IDENTITY", "IMMIGRATION"],
  purposes: ["LEGAL_REPRESENTATION"],
  method: "WRITTEN",
  language: "es",
};

async function consentCount(survivorId: string = DEMO_SURVIVORS.aster) {
  const response = await network.query<{ survivor: { consents: unknown[] } }>(CONSENTS, { id: survivorId }, { purpose });
  return response.body.data!.survivor.consents.length;
}

describe(`consent records (${databaseMode})`, () => {
  it("records a consent for a survivor of the caller's organisation, and lists it", async () => {
    const response = await network.query<{ recordConsent: { id: string } }>(RECORD, { input: validInput }, { purpose });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.recordConsent).toMatchObject({
      survivorId: DEMO_SURVIVORS.aster,
      ownerOrganizationId: DEMO_ORGS.harborLight,
      granteeOrganizationId: DEMO_ORGS.fictionalLegalAid,
      granteeKind: null,
      categories: ["IDENTITY", "IMMIGRATION"],
      purposes: ["LEGAL_REPRESENTATION"],
      method: "WRITTEN",
      language: "es",
      recordedByMemberId: DEMO_MEMBERS.harborCaseworker,
      status: "ACTIVE",
      withdrawnAt: null,
      validUntil: null,
    });
    const listed = await network.query<{ survivor: { consents: { id: string; status: string }[] } }>(CONSENTS, { id: DEMO_SURVIVORS.aster }, { purpose });
    expect(listed.body.data!.survivor.consents.map((c) => c.id)).toContain(response.body.data!.recordConsent.id);
  });

  it("records a consent for a whole partner kind", async () => {
    const response = await network.query(
      RECORD,
      { input: { ...validInput, granteeOrganizationId: null, granteeKind: "SHELTER", categories: ["CONTACT"], purposes: ["SAFETY_PLANNING"] } },
      { purpose },
    );
    expect(response.body.data).toMatchObject({ recordConsent: { granteeOrganizationId: null, granteeKind: "SHELTER", status: "ACTIVE" } });
  });

  it.each([
    ["no category", { categories: [] }, "Invalid input: input.categories: name at least one category"],
    ["an unknown category", { categories: ["FAVOURITE_COLOUR"] }, "input.categories.0"],
    ["a repeated category", { categories: ["IDENTITY", "IDENTITY"] }, "Invalid input: input.categories: must not repeat a value"],
    ["no purpose", { purposes: [] }, "Invalid input: input.purposes: name at least one purpose"],
    ["an unknown purpose", { purposes: ["CURIOSITY"] }, "input.purposes.0"],
    ["both grantees", { granteeKind: "SHELTER" }, "Invalid input: input.granteeOrganizationId: give exactly one of granteeOrganizationId and granteeKind"],
    ["no grantee", { granteeOrganizationId: null }, "Invalid input: input.granteeOrganizationId: give exactly one of granteeOrganizationId and granteeKind"],
    ["an end before the start", { validFrom: "2026-06-01T00:00:00Z", validUntil: "2026-05-01T00:00:00Z" }, "Invalid input: input.validUntil: must be after validFrom (or now)"],
    ["a malformed language", { language: "spanish please" }, "Invalid input: input.language: must be a BCP 47 language tag such as en, es or pt-BR"],
    ["an unknown grantee organisation", { granteeOrganizationId: "00000000-0000-4000-8000-999999999999" }, "Invalid input: input.granteeOrganizationId: no such organisation"],
  ])("refuses %s with a message naming the field, and writes nothing", async (_label, change, message) => {
    const before = await consentCount();
    const response = await network.query(RECORD, { input: { ...validInput, ...change } }, { purpose });
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.BAD_USER_INPUT);
    expect(response.body.errors![0]!.message).toContain(message);
    expect(await consentCount()).toBe(before);
  });

  it("refuses a consent for another organisation's survivor, and a caller who is not a caseworker", async () => {
    const other = await network.query(RECORD, { input: { ...validInput, survivorId: DEMO_SURVIVORS.birch } }, { purpose });
    expect(other.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.NOT_FOUND);
    const admin = await network.query(RECORD, { input: validInput }, { as: "harbor-admin", purpose });
    expect(admin.status).toBe(403);
    expect(admin.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.ROLE_FORBIDDEN);
  });

  it("withdraws as easily as it records: once, with a reason, only by the survivor's organisation", async () => {
    const recorded = await network.query<{ recordConsent: { id: string } }>(RECORD, { input: validInput }, { purpose });
    const id = recorded.body.data!.recordConsent.id;

    const noReason = await network.query(WITHDRAW, { id, reason: "  " }, { purpose });
    expect(noReason.body.errors![0]).toMatchObject({ message: "Invalid input: input.reason: give a reason", extensions: { code: ERROR_CODES.BAD_USER_INPUT } });

    const stranger = await network.query(WITHDRAW, { id, reason: "Invented reason (demo)" }, { as: "northstar-caseworker", purpose });
    expect(stranger.body.errors![0]!.extensions!.code).toBe(ERROR_CODES.NOT_FOUND);

    // Two withdrawals racing: exactly one wins.
    const [a, b] = await Promise.all([
      network.query(WITHDRAW, { id, reason: "Survivor asked to stop sharing (demo)" }, { purpose }),
      network.query(WITHDRAW, { id, reason: "Survivor asked to stop sharing (demo)" }, { purpose }),
    ]);
    const outcomes = [a, b].map((r) => (r.body.errors ? r.body.errors[0]!.extensions!.code : "OK")).sort();
    expect(outcomes).toEqual([ERROR_CODES.NOT_FOUND, "OK"]);
    const winner = [a, b].find((r) => !r.body.errors)!;
    expect(winner.body.data).toMatchObject({
      withdrawConsent: { id, status: "WITHDRAWN", withdrawnByMemberId: DEMO_MEMBERS.harborCaseworker, withdrawalReason: "Survivor asked to stop sharing (demo)" },
    });

    // Kept, never deleted.
    const listed = await network.query<{ survivor: { consents: { id: string; status: string }[] } }>(CONSENTS, { id: DEMO_SURVIVORS.aster }, { purpose });
    expect(listed.body.data!.survivor.consents.find((c) => c.id === id)?.status).toBe("WITHDRAWN");
  });
});
