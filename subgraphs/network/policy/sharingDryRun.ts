import { decide, type Decision } from "../../../gateway/consent/decide.js";
import type { Caller } from "../../../gateway/consent/facts.js";
import type { MemberRole } from "../../../prisma/network/generated/enums.js";
import type { OrganizationKind } from "../../kit/directory.js";
import type { Principal, Purpose } from "../../kit/principal.js";
import { SENSITIVE_CATEGORIES, type SensitiveCategory } from "../../kit/sensitive.js";
import type { NetworkDb } from "../context.js";
import type { SharingDecision, SharingDryRun } from "../entities/SharingDryRun.js";
import { reachableSurvivors } from "../visibility.js";
import { readPolicyFacts } from "./readPolicyFacts.js";
import { toDecisionFacts } from "./toDecisionFacts.js";

export interface DryRunQuestion {
  /** The organisation whose records are asked about: the caller's own. */
  ownerOrganizationId: string;
  survivorId: string;
  viewer: { organizationId: string; organizationKind: OrganizationKind };
  viewerRole: MemberRole;
  purpose: Purpose;
  emergencyJustification: string | null;
}

/**
 * "What would organisation X see of this survivor's record, for purpose Y, right now, and why":
 * the gateway's own pure rule (`decide`), on the facts the gateway would fetch for that viewer
 * (read the same way, converted the same way), at one instant, for every category. So the answer
 * can only differ from what the gateway releases if the facts change in between. It decides; it
 * reads and returns no survivor data (there is none in this subgraph) and writes nothing.
 */
export async function sharingDryRun(db: NetworkDb, question: DryRunQuestion, now: Date): Promise<SharingDryRun> {
  const { ownerOrganizationId, survivorId, viewer } = question;
  const rows = await readPolicyFacts(db, { callerOrganizationId: viewer.organizationId, survivorIds: [survivorId], ownerOrganizationIds: [ownerOrganizationId] });
  const facts = toDecisionFacts(rows);
  const caller: Caller = {
    organizationId: viewer.organizationId,
    organizationKind: viewer.organizationKind,
    roles: [question.viewerRole],
    purpose: question.purpose,
    emergencyJustification: question.emergencyJustification,
  };
  const decisions = SENSITIVE_CATEGORIES.map((category) => toSharingDecision(category, decide(caller, { category, ownerOrganizationId, survivorId }, facts, now)));

  // Row visibility, as the network decides it for `survivor(id)` and federation references.
  const viewerPrincipal: Principal = {
    kind: "member",
    id: "sharing-dry-run",
    organizationId: viewer.organizationId,
    organizationKind: viewer.organizationKind,
    roles: [question.viewerRole],
    purpose: question.purpose,
  };
  const survivorVisible = (await db.survivor.count({ where: { AND: [{ id: survivorId }, reachableSurvivors(viewerPrincipal, now)] } })) > 0;

  return {
    survivorId,
    ownerOrganizationId,
    viewerOrganizationId: viewer.organizationId,
    purpose: question.purpose,
    viewerRole: question.viewerRole,
    at: now,
    survivorVisible,
    decisions,
  };
}

function toSharingDecision(category: SensitiveCategory, decision: Decision): SharingDecision {
  if (!decision.release) {
    return { category, released: false, code: decision.code, explanation: decision.message, basis: null, agreementId: null, consentId: null };
  }
  const basis = decision.basis;
  if (basis === "OWNER") {
    return { category, released: true, code: null, explanation: "Released: the viewer's organisation owns the record.", basis: "OWNER", agreementId: null, consentId: null };
  }
  if ("emergency" in basis) {
    return {
      category,
      released: true,
      code: null,
      explanation: "Released in an emergency: a written justification, an emergency role, and an agreement in force between the two organisations. The use would be flagged and notified.",
      basis: "EMERGENCY",
      agreementId: basis.agreementId,
      consentId: null,
    };
  }
  return {
    category,
    released: true,
    code: null,
    explanation: basis.consentId
      ? "Released: an agreement in force and the survivor's consent both cover this category and purpose."
      : "Released: an agreement in force covers this category and purpose (no consent is needed for data about an organisation).",
    basis: "AGREEMENT",
    agreementId: basis.agreementId,
    consentId: basis.consentId,
  };
}
