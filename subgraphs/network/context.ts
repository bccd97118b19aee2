import DataLoader from "dataloader";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient, type Organization, type Survivor } from "../../prisma/network/generated/client.js";
import { byIds } from "../kit/loaders.js";
import type { Principal } from "../../vocabulary/principal.js";
import type { SubgraphContext } from "../kit/subgraph.js";
import type { DeliveryProblem } from "../kit/parking.js";
import { deliveryProblems } from "./referrals/parkedFeed.js";
import { reachableSurvivors } from "./visibility.js";

export type NetworkDb = PrismaClient;
/** What `db.$transaction(async (tx) => …)` hands its callback. */
export type NetworkTransaction = Parameters<Parameters<NetworkDb["$transaction"]>[0]>[0];

export function createNetworkClient(adapter: SqlDriverAdapterFactory): NetworkDb {
  return new PrismaClient({ adapter });
}

/** Batches the lookups that federation makes one representation at a time. */
export function createNetworkLoaders(db: NetworkDb, principal: Principal) {
  return {
    organization: new DataLoader<string, Organization | null>(async (ids) => byIds(ids, await db.organization.findMany({ where: { id: { in: [...ids] } } }))),
    /**
     * Scoped (lookups by id: `survivor(id)` and federation references): a survivor the caller may
     * not see is indistinguishable from one that does not exist.
     */
    survivor: new DataLoader<string, Survivor | null>(async (ids) =>
      byIds(ids, await db.survivor.findMany({ where: { AND: [{ id: { in: [...ids] } }, reachableSurvivors(principal)] } })),
    ),
    /** A referral's first step parked on its way to a partner subgraph (shown with the referral). */
    deliveryProblem: new DataLoader<string, DeliveryProblem | null>((ids) => deliveryProblems(db, ids)),
  };
}

export type NetworkContext = SubgraphContext<NetworkDb, ReturnType<typeof createNetworkLoaders>>;
