import DataLoader from "dataloader";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient, type Organization, type Survivor } from "../../prisma/network/generated/client.js";
import { byIds } from "../kit/loaders.js";
import type { Principal } from "../kit/principal.js";
import { NO_ORGANIZATION } from "../kit/scope.js";
import type { SubgraphContext } from "../kit/subgraph.js";

export type NetworkDb = PrismaClient;

export function createNetworkClient(adapter: SqlDriverAdapterFactory): NetworkDb {
  return new PrismaClient({ adapter });
}

/**
 * Which survivors a caller may see at all (row visibility, decided here where the relationship
 * lives): those registered by the caller's own organisation. Consents and referrals will widen
 * this. A caller without an organisation (the gateway itself) sees none.
 */
export function visibleSurvivors(principal: Principal) {
  return { registeredByOrganizationId: principal.organizationId ?? NO_ORGANIZATION };
}

/** Batches the lookups that federation makes one representation at a time. */
export function createNetworkLoaders(db: NetworkDb, principal: Principal) {
  return {
    organization: new DataLoader<string, Organization | null>(async (ids) => byIds(ids, await db.organization.findMany({ where: { id: { in: [...ids] } } }))),
    /** Scoped: a survivor the caller may not see is indistinguishable from one that does not exist. */
    survivor: new DataLoader<string, Survivor | null>(async (ids) =>
      byIds(ids, await db.survivor.findMany({ where: { id: { in: [...ids] }, ...visibleSurvivors(principal) } })),
    ),
  };
}

export type NetworkContext = SubgraphContext<NetworkDb, ReturnType<typeof createNetworkLoaders>>;
