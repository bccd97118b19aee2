import DataLoader from "dataloader";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient, type ConflictCheck, type LegalProfile, type LegalService, type Schedule } from "../../prisma/legal-aid/generated/client.js";
import { byIds, groupBy } from "../kit/loaders.js";
import type { Principal } from "../../vocabulary/principal.js";
import { ownOrganization } from "../kit/scope.js";
import type { SubgraphContext } from "../kit/subgraph.js";

export type LegalAidDb = PrismaClient;

export function createLegalAidClient(adapter: SqlDriverAdapterFactory): LegalAidDb {
  return new PrismaClient({ adapter });
}

/** Batches the per-entity lookups federation makes, so 50 survivors cost one query, not 50. */
export function createLegalAidLoaders(db: LegalAidDb, principal: Principal) {
  return {
    service: new DataLoader<string, LegalService | null>(async (ids) => byIds(ids, await db.legalService.findMany({ where: { id: { in: [...ids] } } }))),
    schedulesByService: new DataLoader<string, Schedule[]>(async (ids) =>
      groupBy(ids, await db.schedule.findMany({ where: { serviceId: { in: [...ids] } }, orderBy: { id: "asc" } }), (s) => s.serviceId),
    ),
    servicesByOrganization: new DataLoader<string, LegalService[]>(async (ids) =>
      groupBy(ids, await db.legalService.findMany({ where: { organizationId: { in: [...ids] } }, orderBy: [{ name: "asc" }, { id: "asc" }] }), (s) => s.organizationId),
    ),
    legalProfilesBySurvivor: new DataLoader<string, LegalProfile[]>(async (ids) =>
      groupBy(ids, await db.legalProfile.findMany({ where: { survivorId: { in: [...ids] } }, orderBy: { id: "asc" } }), (p) => p.survivorId),
    ),
    /** Scoped: every revision of the caller's own organisation's checks of each referral, oldest first. */
    ownConflictChecksByReferral: new DataLoader<string, ConflictCheck[]>(async (ids) =>
      groupBy(ids, await db.conflictCheck.findMany({ where: { referralId: { in: [...ids] }, ...ownOrganization(principal) }, orderBy: { revision: "asc" } }), (c) => c.referralId),
    ),
  };
}

export type LegalAidContext = SubgraphContext<LegalAidDb, ReturnType<typeof createLegalAidLoaders>>;
