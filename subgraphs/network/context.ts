import DataLoader from "dataloader";
import type { Organization, Survivor } from "../../prisma/network/generated/client.js";
import { byIds } from "../kit/loaders.js";
import type { Principal } from "../../vocabulary/principal.js";
import type { SubgraphContext } from "../kit/subgraph.js";
import type { DeliveryProblem } from "../kit/parking.js";
import { deliveryProblems } from "./referrals/parkedFeed.js";
import { reachableSurvivors } from "./visibility.js";
import type { NetworkDb } from "./db.js";

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
