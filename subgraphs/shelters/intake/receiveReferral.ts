import type { ReferralCopy } from "../../../prisma/shelters/generated/client.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import type { SheltersDb } from "../db.js";
import { intakeError } from "./intakeErrors.js";

export interface ReferralVersion {
  referralId: string;
  receiverOrganizationId: string;
  programId: string;
  survivorId: string;
  status: string;
  version: number;
}

/**
 * Keeps this subgraph's copy of a referral: inserted on first sight, then moved forward only by a
 * newer version, in one statement (so concurrent deliveries cannot interleave, and a redelivered or
 * out-of-order older version changes nothing). Whom and where it is addressed to is fixed at first
 * sight, as it is in the network. Answers the copy as it now stands.
 */
export async function receiveReferral(db: SheltersDb, referral: ReferralVersion): Promise<ReferralCopy> {
  // The programme must be the receiver's own: otherwise accepting it would spend another
  // organisation's beds.
  const program = await db.shelterProgram.findUnique({ where: { id: referral.programId }, select: { organizationId: true } });
  if (!program || program.organizationId !== referral.receiverOrganizationId) {
    throw intakeError(ERROR_CODES.BAD_USER_INPUT, "Invalid input: input.programId: no shelter programme of the receiving organisation", "input");
  }
  // The capacity is read in the same statement, so it is the programme's at first sight.
  const [stored] = await db.$queryRaw<ReferralCopy[]>`
    INSERT INTO referral_copy (referral_id, receiver_organization_id, program_id, survivor_id, status, version, updated_at, capacity_when_received)
    VALUES (${referral.referralId}::uuid, ${referral.receiverOrganizationId}::uuid, ${referral.programId}::uuid, ${referral.survivorId}::uuid,
            ${referral.status}, ${referral.version}, now(), (SELECT beds_available FROM shelter_program WHERE id = ${referral.programId}::uuid))
    ON CONFLICT (referral_id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
      WHERE referral_copy.version < EXCLUDED.version
    RETURNING referral_id AS "referralId", receiver_organization_id AS "receiverOrganizationId", program_id AS "programId",
              survivor_id AS "survivorId", status, version, updated_at AS "updatedAt", capacity_when_received AS "capacityWhenReceived"`;
  return stored ?? (await db.referralCopy.findUniqueOrThrow({ where: { referralId: referral.referralId } }));
}
