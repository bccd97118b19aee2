import DataLoader from "dataloader";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient, type LiaisonProfile, type LiaisonUnit, type Schedule } from "../../prisma/law-enforcement/generated/client.js";
import { byIds, groupBy } from "../kit/loaders.js";
import type { SubgraphContext } from "../kit/subgraph.js";

export type LawEnforcementDb = PrismaClient;

export function createLawEnforcementClient(adapter: SqlDriverAdapterFactory): LawEnforcementDb {
  return new PrismaClient({ adapter });
}

/** Batches the per-entity lookups federation makes, so 50 survivors cost one query, not 50. */
export function createLawEnforcementLoaders(db: LawEnforcementDb) {
  return {
    unit: new DataLoader<string, LiaisonUnit | null>(async (ids) => byIds(ids, await db.liaisonUnit.findMany({ where: { id: { in: [...ids] } } }))),
    schedulesByUnit: new DataLoader<string, Schedule[]>(async (ids) =>
      groupBy(ids, await db.schedule.findMany({ where: { serviceId: { in: [...ids] } }, orderBy: { id: "asc" } }), (s) => s.serviceId),
    ),
    unitsByOrganization: new DataLoader<string, LiaisonUnit[]>(async (ids) =>
      groupBy(ids, await db.liaisonUnit.findMany({ where: { organizationId: { in: [...ids] } }, orderBy: [{ name: "asc" }, { id: "asc" }] }), (u) => u.organizationId),
    ),
    liaisonProfilesBySurvivor: new DataLoader<string, LiaisonProfile[]>(async (ids) =>
      groupBy(ids, await db.liaisonProfile.findMany({ where: { survivorId: { in: [...ids] } }, orderBy: { id: "asc" } }), (p) => p.survivorId),
    ),
  };
}

export type LawEnforcementContext = SubgraphContext<LawEnforcementDb, ReturnType<typeof createLawEnforcementLoaders>>;
