import type { ShelterIntake } from "../../../prisma/shelters/generated/client.js";
import { IntakeStatus } from "../../../prisma/shelters/generated/enums.js";
import type { SheltersDb, SheltersTransaction } from "../db.js";
import { LIVE_INTAKE_STATUSES } from "./intakeStatus.js";

/**
 * Releases a referral's intake: frees its bed and gives its place back, exactly once. The intake's
 * conditional update (PENDING or CONFIRMED → RELEASED) is what makes it once: of two concurrent
 * releases the second waits on the intake's row, finds it RELEASED and changes nothing. Answers the
 * intake as it now stands, or null when the referral never had one here.
 */
export async function releaseIntake(db: SheltersDb, referralId: string, reason: string): Promise<ShelterIntake | null> {
  return db.$transaction(async (tx) => (await releaseIntakeIn(tx, { referralId }, reason)) ?? tx.shelterIntake.findUnique({ where: { referralId } }), {
    isolationLevel: "ReadCommitted",
    maxWait: 10_000,
    timeout: 15_000,
  });
}

/**
 * Within the caller's transaction: releases the live intake that `which` names (its bed freed, its
 * place given back), once. Answers the intake released, or null when none was live.
 */
export async function releaseIntakeIn(tx: SheltersTransaction, which: { referralId: string; id?: string; status?: IntakeStatus }, reason: string): Promise<ShelterIntake | null> {
  const live = which.status ? [which.status] : [...LIVE_INTAKE_STATUSES];
  const [released] = await tx.shelterIntake.updateManyAndReturn({
    where: { referralId: which.referralId, ...(which.id ? { id: which.id } : {}), status: { in: live } },
    data: { status: IntakeStatus.RELEASED, releaseReason: reason },
  });
  if (!released) return null;
  // The bed is free by the status change itself (only live intakes hold one). LEAST keeps the
  // count within the CHECK should the total have been lowered meanwhile.
  await tx.$executeRaw`
    UPDATE shelter_program SET beds_available = LEAST(beds_available + 1, beds_total), capacity_updated_at = now()
    WHERE id = ${released.programId}::uuid`;
  return released;
}
