import { decideExistence } from "../../../policy/existence.js";
import { toDecisionFacts } from "../../../policy/factRecords.js";
import { callerOf } from "../../../policy/facts.js";
import type { Principal } from "../../../vocabulary/principal.js";
import type { NetworkDb } from "../db.js";
import { readPolicyFacts } from "../policy/readPolicyFacts.js";

/**
 * The organisations whose records of one survivor the caller's organisation may read disclosures
 * about: its own, and every other organisation named in the survivor's disclosures whose records
 * of the survivor the existence rule would show the caller now, for its declared purpose (read on
 * the same facts the gateway decides a live answer on). What the ledger tells a caller is never
 * more than a live query would: that another organisation holds a record of the survivor is
 * itself the survivor's IDENTITY.
 */
export async function visibleOwnersOfSurvivor(db: NetworkDb, principal: Principal, survivorId: string, now: Date): Promise<string[]> {
  // What the caller could see live, and a disclosure view reads no justification: no emergency.
  const caller = callerOf(principal, null);
  if (caller === null) return [];
  const own = caller.organizationId;
  const named = await db.disclosureSubject.findMany({
    where: { survivorId, ownerOrganizationId: { not: null } },
    distinct: ["ownerOrganizationId"],
    select: { ownerOrganizationId: true },
  });
  const others = named.map((row) => row.ownerOrganizationId!).filter((owner) => owner !== own);
  if (others.length === 0) return [own];
  const facts = toDecisionFacts(await readPolicyFacts(db, { callerOrganizationId: own, survivorIds: [survivorId], ownerOrganizationIds: others }));
  const shown = others.filter((owner) => decideExistence(caller, { survivorId, ownerOrganizationId: owner, partyOrganizationIds: [] }, facts, now).decision.release);
  return [own, ...shown];
}
