import DataLoader from "dataloader";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import {
  PrismaClient,
  type CertificationRequest,
  type CertificationRequestEvent,
  type LiaisonProfile,
  type LiaisonUnit,
  type Schedule,
} from "../../prisma/law-enforcement/generated/client.js";
import { byIds, groupBy } from "../kit/loaders.js";
import type { Principal } from "../../vocabulary/principal.js";
import { NO_ORGANIZATION } from "../kit/scope.js";
import type { SubgraphContext } from "../kit/subgraph.js";
import { partyRequests } from "./certification/partyRequests.js";

export type LawEnforcementDb = PrismaClient;

export function createLawEnforcementClient(adapter: SqlDriverAdapterFactory): LawEnforcementDb {
  return new PrismaClient({ adapter });
}

/** Batches the per-entity lookups federation makes, so 50 survivors cost one query, not 50. */
export function createLawEnforcementLoaders(db: LawEnforcementDb, principal: Principal) {
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
    /** Scoped: the certification requests of each referral that the caller's organisation is a party to, newest first. */
    partyCertificationRequestsByReferral: new DataLoader<string, CertificationRequest[]>(async (ids) =>
      groupBy(
        ids,
        await db.certificationRequest.findMany({
          where: { referralId: { in: [...ids] }, ...partyRequests(principal.organizationId ?? NO_ORGANIZATION) },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        }),
        (r) => r.referralId!,
      ),
    ),
    /** Unscoped: reached only through a request the caller was already allowed to see. */
    eventsByCertificationRequest: new DataLoader<string, CertificationRequestEvent[]>(async (ids) =>
      groupBy(ids, await db.certificationRequestEvent.findMany({ where: { requestId: { in: [...ids] } }, orderBy: { version: "asc" } }), (e) => e.requestId),
    ),
  };
}

export type LawEnforcementContext = SubgraphContext<LawEnforcementDb, ReturnType<typeof createLawEnforcementLoaders>>;
