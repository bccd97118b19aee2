import type { OrganizationKind } from "../../../vocabulary/organizations.js";
import type { Role } from "../../../vocabulary/principal.js";
import type { Decision } from "../../../policy/decide.js";
import type { DataCategory } from "../../../policy/categories.js";
import type { NetworkDb } from "../db.js";
import { decideForViewer } from "../policy/decideForViewer.js";
import type { SubmitReferral } from "./referralInput.js";

export interface CategoryCoverage {
  category: DataCategory;
  decision: Decision;
}

/**
 * Would the receiver be shown each category the referral shares, by the gateway's own rule
 * (`policy/decide.ts`, the same pure function), right now? The record's owner is the
 * sender, the viewer the receiver's staff (liaison officers for a liaison unit, caseworkers
 * elsewhere). That is: an agreement in force from sender to receiver and a consent of the survivor
 * naming the receiver (or its kind), both covering the category and the purpose. IDENTITY is
 * decided as the existence of the survivor for the receiver.
 */
export async function referralCoverage(
  db: NetworkDb,
  input: Pick<SubmitReferral, "survivorId" | "receiverOrganizationId" | "purpose" | "categories">,
  sender: { organizationId: string },
  receiver: { organizationId: string; kind: OrganizationKind },
  now: Date,
): Promise<CategoryCoverage[]> {
  const roles: Role[] = receiver.kind === "LAW_ENFORCEMENT_LIAISON" ? ["LIAISON_OFFICER"] : ["CASEWORKER"];
  const viewer = { organizationId: receiver.organizationId, organizationKind: receiver.kind, roles, purpose: input.purpose, emergencyJustification: null };
  const record = { ownerOrganizationId: sender.organizationId, survivorId: input.survivorId };
  const { decisions, existence } = await decideForViewer(db, record, viewer, input.categories, now);
  // IDENTITY on a referral is who the survivor is: that the receiver may know the survivor exists
  // (the existence rule, which any role that may see IDENTITY meets), not whether its staff may
  // select an IDENTITY field of a profile (a liaison officer may not, yet may know whom a referral is about).
  return input.categories.map((category, i) => ({ category, decision: category === "IDENTITY" ? existence.decision : decisions[i]! }));
}

/** Why a denied category is not covered, in words for the sender. */
export function uncoveredReason(code: string): string {
  switch (code) {
    case "CONSENT_REQUIRED":
      return "no consent of the survivor names the receiver for it";
    case "AGREEMENT_REQUIRED":
      return "no agreement in force from your organisation to the receiver covers it";
    case "PURPOSE_NOT_PERMITTED":
      return "the consent or agreement that covers it does not allow this purpose";
    case "ROLE_FORBIDDEN":
      return "the receiver's staff may never see it";
    default:
      return "the rule does not release it";
  }
}
