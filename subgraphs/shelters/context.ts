import DataLoader from "dataloader";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient, type ResidentProfile, type Schedule, type ShelterProgram } from "../../prisma/shelters/generated/client.js";
import { byIds, groupBy } from "../kit/loaders.js";
import type { SubgraphContext } from "../kit/subgraph.js";

export type SheltersDb = PrismaClient;

export function createSheltersClient(adapter: SqlDriverAdapterFactory): SheltersDb {
  return new PrismaClient({ adapter });
}

/** Batches the per-entity lookups federation makes, so 50 survivors cost one query, not 50. */
export function createSheltersLoaders(db: SheltersDb) {
  return {
    program: new DataLoader<string, ShelterProgram | null>(async (ids) => byIds(ids, await db.shelterProgram.findMany({ where: { id: { in: [...ids] } } }))),
    schedulesByProgram: new DataLoader<string, Schedule[]>(async (ids) =>
      groupBy(ids, await db.schedule.findMany({ where: { serviceId: { in: [...ids] } }, orderBy: { id: "asc" } }), (s) => s.serviceId),
    ),
    programsByOrganization: new DataLoader<string, ShelterProgram[]>(async (ids) =>
      groupBy(ids, await db.shelterProgram.findMany({ where: { organizationId: { in: [...ids] } }, orderBy: [{ name: "asc" }, { id: "asc" }] }), (p) => p.organizationId),
    ),
    residentProfilesBySurvivor: new DataLoader<string, ResidentProfile[]>(async (ids) =>
      groupBy(ids, await db.residentProfile.findMany({ where: { survivorId: { in: [...ids] } }, orderBy: { id: "asc" } }), (p) => p.survivorId),
    ),
  };
}

export type SheltersContext = SubgraphContext<SheltersDb, ReturnType<typeof createSheltersLoaders>>;
