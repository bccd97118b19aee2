import type { ShelterIntake } from "../../../prisma/shelters/generated/client.js";
import { IntakeStatus } from "../../../prisma/shelters/generated/enums.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import type { SheltersDb } from "../db.js";
import { intakeError } from "./intakeErrors.js";

/**
 * Records that the network agrees the referral is accepted: PENDING → CONFIRMED. Idempotent: a
 * confirmed intake is answered as it is.
 *
 * A released intake stays released and is answered as it is too, not refused. The relay confirms
 * only what the network accepted, and the network's answer about an intake never changes, so a
 * release that came first was the referral ending (withdrawn or handed back just after the
 * acceptance, carried by another relay, or by this one after a restart): both sides already agree
 * the place is free. Refusing would fail the delivery, and the relay would retry it for ever,
 * holding back every later acceptance behind it.
 */
export async function confirmIntake(db: SheltersDb, referralId: string): Promise<ShelterIntake> {
  const [confirmed] = await db.shelterIntake.updateManyAndReturn({ where: { referralId, status: IntakeStatus.PENDING }, data: { status: IntakeStatus.CONFIRMED } });
  if (confirmed) return confirmed;
  const current = await db.shelterIntake.findUnique({ where: { referralId } });
  if (!current) throw intakeError(ERROR_CODES.NOT_FOUND, "No intake for this referral", "referralId");
  return current;
}
