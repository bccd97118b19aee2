import { decide, type Decision } from "../../../policy/decide.js";
import { decideExistence, type ExistenceDecision } from "../../../policy/existence.js";
import { anyRoleLists, type DataCategory } from "../../../policy/categories.js";
import { DECISION_CODES, DECISION_MESSAGES } from "../../../policy/decisionCodes.js";
import { toDecisionFacts } from "../../../policy/factRecords.js";
import type { Caller } from "../../../policy/facts.js";
import { QUERYABLE_CATEGORIES } from "../../../policy/queryableCategories.js";
import type { NetworkDb } from "../db.js";
import { readPolicyFacts } from "./readPolicyFacts.js";

const NOT_QUERYABLE: Decision = Object.freeze({ release: false, code: DECISION_CODES.ROLE_FORBIDDEN, message: DECISION_MESSAGES.ROLE_FORBIDDEN });

/**
 * The schema's `@access`, as the gateway applies it before planning: a field no role of the viewer
 * may select is never fetched, whatever the rule would say. Per role (a role set may select what one
 * of its roles may; exact for the single roles the dry run and the referral check ask about).
 */
function mayQuery(viewer: Caller, category: DataCategory): boolean {
  return anyRoleLists(QUERYABLE_CATEGORIES, viewer.roles, category);
}

/** What `decideForViewer` answers: one decision per category asked, and whether the record may be known to exist at all. */
export interface ViewerDecisions {
  decisions: Decision[];
  /** The gateway's existence rule for the record, on the same facts at the same instant. */
  existence: ExistenceDecision;
}

/**
 * The gateway's decision, here: what `viewer` would be shown of one owner's records about one
 * survivor, category by category, right now — first what the viewer's role may query at all (the
 * supergraph's `@access`, derived at compose time), then the rule on the facts the gateway would
 * fetch for that response, read and converted the same way — and whether it would be shown the
 * record at all (the existence rule). One read of the facts for both. The admins' dry run and the
 * referral checks both ask through here.
 */
export async function decideForViewer(
  db: NetworkDb,
  record: { ownerOrganizationId: string; survivorId: string },
  viewer: Caller,
  categories: readonly DataCategory[],
  now: Date,
): Promise<ViewerDecisions> {
  const facts = toDecisionFacts(
    await readPolicyFacts(db, { callerOrganizationId: viewer.organizationId, survivorIds: [record.survivorId], ownerOrganizationIds: [record.ownerOrganizationId] }),
  );
  return {
    decisions: categories.map((category) => (mayQuery(viewer, category) ? decide(viewer, { category, ...record }, facts, now) : NOT_QUERYABLE)),
    existence: decideExistence(viewer, { ...record, partyOrganizationIds: [] }, facts, now),
  };
}
