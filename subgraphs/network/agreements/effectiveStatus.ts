import type { Prisma } from "../../../prisma/network/generated/client.js";
import type { AgreementStatus } from "../../../prisma/network/generated/enums.js";
import { AGREEMENT_IN_FORCE, inForceAt, notEndedAt } from "../../../policy/inForce.js";
import { agreementEnded, agreementInForce, agreementNotEnded, agreementNotStarted } from "../inForceWhere.js";

/**
 * Where an agreement version stands at one instant, derived from its stored status and its period.
 * Nobody has to act for a signed agreement to start (SCHEDULED → ACTIVE at validFrom) or to end
 * (→ EXPIRED at validUntil): the stored status stays what the parties made it, and this reading,
 * like the gateway's rule, compares the period with the clock. ACTIVE is exactly "in force" as the
 * rule reads it, and the period's start and end are the rule's too (policy/inForce.ts): this file
 * names the statuses, it does not say again when a period runs.
 */
export const AgreementEffectiveStatus = {
  /** Proposed, waiting for the other party's countersignature. Never in force. */
  PROPOSED: "PROPOSED",
  /** Signed by both parties, its start date not reached yet. */
  SCHEDULED: "SCHEDULED",
  /** Signed by both, within its period: in force. */
  ACTIVE: "ACTIVE",
  /** Put on hold by a party; can be reinstated. */
  SUSPENDED: "SUSPENDED",
  /** Ended by a party. Final. */
  REVOKED: "REVOKED",
  /** Its end date has passed (signed, suspended or still proposed). Final. */
  EXPIRED: "EXPIRED",
  /** Replaced by a countersigned amendment. Final. */
  SUPERSEDED: "SUPERSEDED",
  /** A proposal declined by the other party or withdrawn by its proposer. Final. */
  DECLINED: "DECLINED",
} as const;
export type AgreementEffectiveStatus = (typeof AgreementEffectiveStatus)[keyof typeof AgreementEffectiveStatus];

export interface AgreementPeriodAndStatus {
  status: AgreementStatus;
  validFrom: Date;
  validUntil: Date | null;
}

/** Periods are half-open, [validFrom, validUntil), as in the gateway's rule (policy/inForce.ts). */
function ended(agreement: AgreementPeriodAndStatus, now: Date): boolean {
  return !notEndedAt(AGREEMENT_IN_FORCE, agreement, now);
}

export function effectiveStatus(agreement: AgreementPeriodAndStatus, now: Date): AgreementEffectiveStatus {
  switch (agreement.status) {
    case "PROPOSED":
      return ended(agreement, now) ? "EXPIRED" : "PROPOSED";
    case "ACTIVE":
      if (inForceAt(AGREEMENT_IN_FORCE, agreement, now)) return "ACTIVE";
      return ended(agreement, now) ? "EXPIRED" : "SCHEDULED";
    case "SUSPENDED":
      return ended(agreement, now) ? "EXPIRED" : "SUSPENDED";
    case "REVOKED":
    case "SUPERSEDED":
    case "DECLINED":
      return agreement.status;
  }
}

/** Not ended at `now` (no end, or an end still ahead). */
export function notEnded(now: Date): Prisma.AgreementWhereInput {
  return agreementNotEnded(now);
}

/** The rows whose effective status at `now` is `status`: `effectiveStatus` written as a query. */
export function effectiveStatusWhere(status: AgreementEffectiveStatus, now: Date): Prisma.AgreementWhereInput {
  switch (status) {
    case "PROPOSED":
      return { AND: [{ status: "PROPOSED" }, notEnded(now)] };
    case "SCHEDULED":
      return { AND: [{ status: "ACTIVE" }, agreementNotStarted(now), notEnded(now)] };
    case "ACTIVE":
      return agreementInForce(now);
    case "SUSPENDED":
      return { AND: [{ status: "SUSPENDED" }, notEnded(now)] };
    case "EXPIRED":
      return { AND: [{ status: { in: ["PROPOSED", "ACTIVE", "SUSPENDED"] } }, agreementEnded(now)] };
    case "REVOKED":
    case "SUPERSEDED":
    case "DECLINED":
      return { status };
  }
}
