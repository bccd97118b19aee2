import type { ShelterIntake } from "../../../prisma/shelters/generated/client.js";
import { IntakeStatus } from "../../../prisma/shelters/generated/enums.js";
import { ERROR_CODES } from "../../kit/errorCodes.js";
import type { SheltersDb } from "../context.js";
import { intakeError } from "./intakeErrors.js";

/**
 * Records that the network agrees the referral is accepted: PENDING → CONFIRMED. Idempotent: a
 * confirmed intake is answered as it is. A released one cannot be confirmed (its bed may be gone).
 */
export async function confirmIntake(db: SheltersDb, referralId: string): Promise<ShelterIntake> {
  const [confirmed] = await db.shelterIntake.updateManyAndReturn({ where: { referralId, status: IntakeStatus.PENDING }, data: { status: IntakeStatus.CONFIRMED } });
  if (confirmed) return confirmed;
  const current = await db.shelterIntake.findUnique({ where: { referralId } });
  if (!current) throw intakeError(ERROR_CODES.NOT_FOUND, "No intake for this referral", "referralId");
  if (current.status === IntakeStatus.CONFIRMED) return current;
  throw intakeError(ERROR_CODES.INVALID_TRANSITION, "This referral's intake was released; it cannot be confirmed", "referralId");
}
