import { groundsOf, type Decision } from "../../../policy/decide.js";
import type { Caller } from "../../../policy/facts.js";
import type { MemberRole } from "../../../prisma/network/generated/enums.js";
import type { OrganizationKind } from "../../../vocabulary/organizations.js";
import type { Principal, Purpose } from "../../../vocabulary/principal.js";
import { SENSITIVE_CATEGORIES, type SensitiveCategory } from "../../../vocabulary/categories.js";
import type { NetworkDb } from "../db.js";
import type { SharingDecision, SharingDryRun } from "../entities/SharingDryRun.js";
import { reachableSurvivors } from "../visibility.js";
import { decideForViewer } from "./decideForViewer.js";

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
  const caller: Caller = {
    organizationId: viewer.organizationId,
    organizationKind: viewer.organizationKind,
    roles: [question.viewerRole],
    purpose: question.purpose,
    emergencyJustification: question.emergencyJustification,
  };
  const { decisions: decided, existence } = await decideForViewer(db, { ownerOrganizationId, survivorId }, caller, SENSITIVE_CATEGORIES, now);
  const decisions = SENSITIVE_CATEGORIES.map((category, i) => toSharingDecision(category, decided[i]!));

  // Whether the viewer would find the survivor at all: row visibility, as the network decides it for
  // `survivor(id)` and federation references, and the gateway's existence rule on the same facts
  // (an emergency without its justification, for one, finds nothing).
  const viewerPrincipal: Principal = {
    kind: "member",
    id: "sharing-dry-run",
    organizationId: viewer.organizationId,
    organizationKind: viewer.organizationKind,
    roles: [question.viewerRole],
    purpose: question.purpose,
  };
  const reachable = (await db.survivor.count({ where: { AND: [{ id: survivorId }, reachableSurvivors(viewerPrincipal, now)] } })) > 0;
  const survivorVisible = reachable && existence.decision.release;

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

const EXPLANATIONS = {
  OWNER: "Released: the viewer's organisation owns the record.",
  EMERGENCY:
    "Released in an emergency: a written justification, an emergency role, and an agreement in force between the two organisations. The use would be flagged and notified.",
  AGREEMENT_AND_CONSENT: "Released: an agreement in force and the survivor's consent both cover this category and purpose.",
  AGREEMENT_ONLY: "Released: an agreement in force covers this category and purpose (no consent is needed for data about an organisation).",
} as const;

function toSharingDecision(category: SensitiveCategory, decision: Decision): SharingDecision {
  if (!decision.release) {
    return { category, released: false, code: decision.code, explanation: decision.message, ...groundsOf(decision) };
  }
  const grounds = groundsOf(decision);
  const explanation =
    grounds.basis === "AGREEMENT" ? (grounds.consentId ? EXPLANATIONS.AGREEMENT_AND_CONSENT : EXPLANATIONS.AGREEMENT_ONLY) : EXPLANATIONS[grounds.basis ?? "OWNER"];
  return { category, released: true, code: null, explanation, ...grounds };
}
