import DataLoader from "dataloader";
import type { ReferralCopy, Bed, ResidentProfile, Schedule, ShelterIntake, ShelterProgram } from "../../prisma/shelters/generated/client.js";
import { byIds, groupBy } from "../kit/loaders.js";
import type { SubgraphContext } from "../kit/subgraph.js";
import { LIVE_INTAKE_STATUSES } from "./intake/intakeStatus.js";
import type { DeliveryProblem } from "../kit/parking.js";
import { intakeDeliveryProblems } from "./intake/parkedOutbox.js";
import type { SheltersDb } from "./db.js";

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
    bed: new DataLoader<string, Bed | null>(async (ids) => byIds(ids, await db.bed.findMany({ where: { id: { in: [...ids] } } }))),
    bedsByProgram: new DataLoader<string, Bed[]>(async (ids) =>
      groupBy(ids, await db.bed.findMany({ where: { programId: { in: [...ids] } }, orderBy: [{ label: "asc" }, { id: "asc" }] }), (b) => b.programId),
    ),
    /** Whether a live (PENDING or CONFIRMED) intake holds each bed. */
    bedOccupied: new DataLoader<string, boolean>(async (ids) => {
      const held = await db.shelterIntake.findMany({ where: { bedId: { in: [...ids] }, status: { in: [...LIVE_INTAKE_STATUSES] } }, select: { bedId: true } });
      const occupied = new Set(held.map((intake) => intake.bedId));
      return ids.map((id) => occupied.has(id));
    }),
    intakeByReferral: new DataLoader<string, ShelterIntake | null>(async (ids) => {
      const intakes = await db.shelterIntake.findMany({ where: { referralId: { in: [...ids] } } });
      const byReferral = new Map(intakes.map((intake) => [intake.referralId, intake]));
      return ids.map((id) => byReferral.get(id) ?? null);
    }),
    copyByReferral: new DataLoader<string, ReferralCopy | null>(async (ids) => {
      const copies = await db.referralCopy.findMany({ where: { referralId: { in: [...ids] } } });
      const byReferral = new Map(copies.map((copy) => [copy.referralId, copy]));
      return ids.map((id) => byReferral.get(id) ?? null);
    }),
    /** A referral's first intake message parked on its way to the network (shown with the referral). */
    intakeDeliveryProblem: new DataLoader<string, DeliveryProblem | null>((ids) => intakeDeliveryProblems(db, ids)),
  };
}

export type SheltersContext = SubgraphContext<SheltersDb, ReturnType<typeof createSheltersLoaders>>;
