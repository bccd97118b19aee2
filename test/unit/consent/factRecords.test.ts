import { describe, expect, it } from "vitest";
import type { Agreement, Consent } from "../../../prisma/network/generated/client.js";
import type { AgreementStatus } from "../../../prisma/network/generated/enums.js";
import { toDecisionFacts } from "../../../policy/factRecords.js";

const FROM = new Date("2026-01-01T00:00:00.000Z");
const agreementRow = (status: AgreementStatus): Agreement => ({
  id: `00000000-0000-4000-8000-0000000007${status.length.toString().padStart(2, "0")}`,
  fromOrganizationId: "00000000-0000-4000-8000-000000000101",
  toOrganizationId: "00000000-0000-4000-8000-000000000111",
  bothWays: true,
  categories: ["CONTACT", "WEATHER"],
  purposes: ["SERVICE_REFERRAL", "GOSSIP"],
  validFrom: FROM,
  validUntil: null,
  status,
  summary: "Invented (demo)",
  createdAt: FROM,
  lineageId: "00000000-0000-4000-8000-000000000700",
  version: 1,
  supersedesId: null,
  proposedByOrganizationId: "00000000-0000-4000-8000-000000000101",
  proposedByMemberId: null,
  proposedAt: FROM,
  countersignedByMemberId: null,
  countersignedAt: null,
  statusReason: null,
  statusChangedAt: null,
});

describe("database rows as the gateway's facts", () => {
  it("keep ACTIVE, SUSPENDED and REVOKED, and read every other status as PROPOSED: out of force", () => {
    const statuses: AgreementStatus[] = ["PROPOSED", "ACTIVE", "SUSPENDED", "REVOKED", "SUPERSEDED", "DECLINED"];
    const facts = toDecisionFacts({ consents: [], agreements: statuses.map(agreementRow) });
    expect(facts.agreements.map((a) => a.status)).toEqual(["PROPOSED", "ACTIVE", "SUSPENDED", "REVOKED", "PROPOSED", "PROPOSED"]);
  });

  it("drop categories and purposes the rule does not know, as the gateway does", () => {
    const facts = toDecisionFacts({ consents: [], agreements: [agreementRow("ACTIVE")] });
    expect(facts.agreements[0]).toMatchObject({ categories: ["CONTACT"], purposes: ["SERVICE_REFERRAL"], bothWays: true, validUntil: null });
  });

  it("name a consent's grantee by organisation or by kind", () => {
    const consent = (granteeOrganizationId: string | null, granteeKind: Consent["granteeKind"]) =>
      ({
        id: "c",
        survivorId: "s",
        granteeOrganizationId,
        granteeKind,
        categories: ["IDENTITY"],
        purposes: ["SERVICE_REFERRAL"],
        validFrom: FROM,
        validUntil: null,
        withdrawnAt: null,
      }) as Consent;
    const facts = toDecisionFacts({ consents: [consent("00000000-0000-4000-8000-000000000111", null), consent(null, "LEGAL_AID")], agreements: [] });
    expect(facts.consents.map((c) => c.grantee)).toEqual([{ organizationId: "00000000-0000-4000-8000-000000000111" }, { organizationKind: "LEGAL_AID" }]);
  });
});
