import { decide, type Decision } from "../../../gateway/consent/decide.js";
import type { DataCategory } from "../../../gateway/consent/categories.js";
import { toDecisionFacts } from "../../../gateway/consent/factRecords.js";
import type { Caller } from "../../../gateway/consent/facts.js";
import type { NetworkDb } from "../context.js";
import { readPolicyFacts } from "./readPolicyFacts.js";

/**
 * The gateway's rule, here: what `viewer` would be shown of one owner's records about one survivor,
 * category by category, right now — on the facts the gateway would fetch for that response, read
 * and converted the same way. The admins' dry run and the referral checks both ask through here.
 */
export async function decideForViewer(
  db: NetworkDb,
  record: { ownerOrganizationId: string; survivorId: string },
  viewer: Caller,
  categories: readonly DataCategory[],
  now: Date,
): Promise<Decision[]> {
  const facts = toDecisionFacts(
    await readPolicyFacts(db, { callerOrganizationId: viewer.organizationId, survivorIds: [record.survivorId], ownerOrganizationIds: [record.ownerOrganizationId] }),
  );
  return categories.map((category) => decide(viewer, { category, ...record }, facts, now));
}
