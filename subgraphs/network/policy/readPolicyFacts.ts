import type { AgreementRecord, ConsentRecord } from "../../../policy/factRecords.js";
import type { NetworkDb } from "../db.js";

export interface PolicyFactsQuery {
  callerOrganizationId: string;
  survivorIds: readonly string[];
  ownerOrganizationIds: readonly string[];
}

/** The facts as the rule's one shape has them (policy/factRecords.ts); the rows carry more, unread. */
export interface PolicyFactRows {
  consents: ConsentRecord[];
  agreements: AgreementRecord[];
}

/**
 * The rows that can decide whether records of these owners about these survivors are released to
 * the caller's organisation: every consent of those survivors (withdrawn and expired too: the rule
 * decides) and every agreement between the caller's organisation and those owners, in either
 * direction and whatever its status (the rule checks direction, status and period). Read fresh on
 * every call. The gateway's `_policyFacts` and the admins' dry run both read through here, so the
 * dry run decides on exactly the facts the gateway would.
 */
export async function readPolicyFacts(db: NetworkDb, query: PolicyFactsQuery): Promise<PolicyFactRows> {
  const survivorIds = [...query.survivorIds];
  const ownerOrganizationIds = [...query.ownerOrganizationIds];
  const [consents, agreements] = await Promise.all([
    survivorIds.length ? db.consent.findMany({ where: { survivorId: { in: survivorIds } }, orderBy: { id: "asc" } }) : [],
    ownerOrganizationIds.length
      ? db.agreement.findMany({
          where: {
            OR: [
              { fromOrganizationId: { in: ownerOrganizationIds }, toOrganizationId: query.callerOrganizationId },
              { toOrganizationId: { in: ownerOrganizationIds }, fromOrganizationId: query.callerOrganizationId },
            ],
          },
          orderBy: { id: "asc" },
        })
      : [],
  ]);
  return { consents, agreements };
}
