import { randomUUID } from "node:crypto";
import type { ReferralStatus } from "../../../prisma/network/generated/enums.js";
import type { NetworkDb } from "../db.js";

export interface IntakeAcceptance {
  referralId: string;
  intakeId: string;
  /** The referral's version the shelter accepted at. */
  expectedVersion: number;
  acceptedByMemberId: string;
  organizationId: string;
}

export interface IntakeAcceptanceOutcome {
  /** True when the referral is ACCEPTED by this very intake (now, or by an earlier delivery). */
  accepted: boolean;
  status: ReferralStatus | null;
  version: number | null;
}

/** Statuses from which a shelter's intake may accept a referral. */
const ACCEPTABLE: readonly ReferralStatus[] = ["SENT", "ACKNOWLEDGED"];

/** What the ACCEPTED event of a referral names as its cause: the intake that holds the place. */
export const intakeMarker = (intakeId: string) => `intake:${intakeId}`;

/**
 * Applies a shelter intake's acceptance (its INTAKE_ACCEPTED outbox message) to the referral.
 *
 * The answer decides the shelter's bed: `accepted: true` confirms the intake, `accepted: false`
 * makes the relay release it. So for one intake the answer must be the same on every delivery,
 * however many relays deliver the message and however they interleave — otherwise one relay
 * confirms while another releases, and the referral is ACCEPTED with no bed behind it (acceptance
 * testing once saw one referral in eighty so, with two relays).
 *
 * That is what the row lock gives. Every delivery first locks the referral (FOR UPDATE), so
 * concurrent deliveries of one message run one after the other, and each one after the lock reads
 * what the previous one committed (READ COMMITTED: a fresh snapshot per statement). The first
 * moves the referral to ACCEPTED and writes the event naming the intake; every later one finds that
 * event and answers `accepted: true` again, changing nothing. Without the lock, a second delivery
 * looked for the event before the first had committed, then waited on the row, found the version
 * moved on and answered `accepted: false` — about an acceptance it had just made.
 *
 * `accepted: false` is final as well: it means the referral left the version and status the shelter
 * accepted at (withdrawn, declined, changed), and versions only grow, so no later delivery can
 * accept it. An ACCEPTED referral can therefore only ever stand on a bed the shelter still holds,
 * until the referral ends and its place is given back.
 */
export async function applyIntakeAcceptance(db: NetworkDb, acceptance: IntakeAcceptance): Promise<IntakeAcceptanceOutcome> {
  const marker = intakeMarker(acceptance.intakeId);
  return db.$transaction(
    async (tx) => {
      const [referral] = await tx.$queryRaw<{ id: string; status: ReferralStatus; version: number; senderOrganizationId: string; receiverOrganizationId: string }[]>`
        SELECT id, status::text AS status, version, sender_organization_id AS "senderOrganizationId", receiver_organization_id AS "receiverOrganizationId"
        FROM referral WHERE id = ${acceptance.referralId}::uuid AND receiver_organization_id = ${acceptance.organizationId}::uuid FOR UPDATE`;
      if (!referral) return { accepted: false, status: null, version: null };
      // Already applied (another relay, or a redelivery after a crash before the acknowledgement).
      const applied = await tx.referralEvent.findFirst({ where: { referralId: referral.id, toStatus: "ACCEPTED", reason: marker }, select: { position: true } });
      if (applied) return { accepted: true, status: referral.status, version: referral.version };
      if (referral.version !== acceptance.expectedVersion || !ACCEPTABLE.includes(referral.status)) {
        return { accepted: false, status: referral.status, version: referral.version };
      }
      const version = referral.version + 1;
      // Still conditional: the lock makes it match, the condition keeps it honest.
      const moved = await tx.referral.updateMany({
        where: { id: referral.id, version: referral.version, status: referral.status },
        data: { status: "ACCEPTED", version },
      });
      if (moved.count !== 1) throw new Error(`Referral ${referral.id} changed under its row lock`);
      await tx.referralEvent.create({
        data: {
          id: randomUUID(),
          referralId: referral.id,
          fromStatus: referral.status,
          toStatus: "ACCEPTED",
          version,
          actorMemberId: acceptance.acceptedByMemberId,
          actorOrganizationId: acceptance.organizationId,
          reason: marker,
          organizationIds: [referral.senderOrganizationId, referral.receiverOrganizationId],
        },
      });
      return { accepted: true, status: "ACCEPTED", version };
    },
    // Stated, not assumed: the reasoning above needs a fresh snapshot per statement.
    { isolationLevel: "ReadCommitted", maxWait: 10_000, timeout: 15_000 },
  );
}
