import type { ShelterIntake } from "../../../prisma/shelters/generated/client.js";
import { IntakeStatus } from "../../../prisma/shelters/generated/enums.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import type { SheltersDb, SheltersTransaction } from "../db.js";
import { intakeError, isUniqueViolation, referralNotFound } from "./intakeErrors.js";
import { ACCEPTABLE_REFERRAL_STATUSES, LIVE_INTAKE_STATUSES } from "./intakeStatus.js";
import { OUTBOX_KINDS } from "./outbox.js";

export interface AcceptIntakeRequest {
  referralId: string;
  /** The referral's version the caller saw; the copy here must still be at it. */
  expectedVersion: number;
  /** A bed of the programme to assign, or null for any free one. */
  bedId: string | null;
  /** The caller's organisation: it must be the referral's receiver. */
  organizationId: string;
  memberId: string;
}

/** What an accepted intake tells the network (INTAKE_ACCEPTED), for the gateway's relay to apply there. */
export interface IntakeAcceptedPayload {
  referralId: string;
  intakeId: string;
  expectedVersion: number;
  bedId: string | null;
  acceptedByMemberId: string;
  organizationId: string;
}

interface LockedCopy {
  receiverOrganizationId: string;
  programId: string;
  survivorId: string;
  status: string;
  version: number;
}

/**
 * Accepts a referral into the shelter: takes one place of the programme, assigns a bed, records the
 * intake (PENDING) and the INTAKE_ACCEPTED message for the network, all in one transaction of this
 * database — or none of it.
 *
 * Why it holds under concurrency (PostgreSQL, READ COMMITTED: every statement sees what was
 * committed before it started):
 * - The referral's copy is locked first (FOR UPDATE). Two accepts of one referral queue there; the
 *   second then finds the first's intake and returns it, changing nothing. The unique referral id
 *   is the backstop.
 * - The place is taken by one conditional UPDATE (`beds_available > 0`). When two accepts race for
 *   the last place, the second waits on the programme's row and, once the first commits, PostgreSQL
 *   re-checks the condition on the new row: zero rows, NO_CAPACITY, and its transaction rolls back.
 *   The CHECK constraint (never below zero) is the backstop.
 * - That UPDATE also keeps the programme's row locked until commit, so every accept (and release) of
 *   one programme picks its bed after the previous one committed: two never pick the same bed. The
 *   partial unique index (one live intake per bed) is the backstop.
 * Locks are taken in one order (copy, programme, then new rows), and a release takes intake then
 * programme, touching no copy: no cycle, so no deadlock.
 */
export async function acceptIntake(db: SheltersDb, request: AcceptIntakeRequest): Promise<ShelterIntake> {
  try {
    return await db.$transaction((tx) => acceptInTransaction(tx, request), {
      // Stated, not assumed: the reasoning above needs a fresh snapshot per statement.
      isolationLevel: "ReadCommitted",
      maxWait: 10_000,
      timeout: 15_000,
    });
  } catch (error) {
    // Only reachable if the copy's lock were bypassed: the other accept of this referral won.
    if (isUniqueViolation(error)) {
      const existing = await db.shelterIntake.findUnique({ where: { referralId: request.referralId } });
      if (existing && existing.organizationId === request.organizationId && isLive(existing)) return existing;
    }
    throw error;
  }
}

function isLive(intake: ShelterIntake): boolean {
  return (LIVE_INTAKE_STATUSES as readonly string[]).includes(intake.status);
}

async function acceptInTransaction(tx: SheltersTransaction, request: AcceptIntakeRequest): Promise<ShelterIntake> {
  const [copy] = await tx.$queryRaw<LockedCopy[]>`
    SELECT receiver_organization_id AS "receiverOrganizationId", program_id AS "programId", survivor_id AS "survivorId", status, version
    FROM referral_copy WHERE referral_id = ${request.referralId}::uuid FOR UPDATE`;
  if (!copy || copy.receiverOrganizationId !== request.organizationId) throw referralNotFound();

  // Idempotent per referral: a repeat (a retry, a double click) gets the intake it already made.
  const existing = await tx.shelterIntake.findUnique({ where: { referralId: request.referralId } });
  if (existing) {
    if (isLive(existing)) return existing;
    throw intakeError(ERROR_CODES.INVALID_TRANSITION, "This referral's intake was released; it cannot be accepted again", "referralId");
  }
  if (!ACCEPTABLE_REFERRAL_STATUSES.includes(copy.status)) {
    throw intakeError(ERROR_CODES.INVALID_TRANSITION, `The referral is ${copy.status}; only a SENT or ACKNOWLEDGED referral can be accepted`, "referralId");
  }
  if (copy.version !== request.expectedVersion) {
    throw intakeError(
      ERROR_CODES.CONFLICT,
      `The referral changed since you read it (it is at version ${copy.version}, you named ${request.expectedVersion}); read it again`,
      "expectedVersion",
    );
  }

  const taken = await tx.$queryRaw<{ bedsAvailable: number }[]>`
    UPDATE shelter_program SET beds_available = beds_available - 1, capacity_updated_at = now()
    WHERE id = ${copy.programId}::uuid AND organization_id = ${request.organizationId}::uuid AND beds_available > 0
    RETURNING beds_available AS "bedsAvailable"`;
  if (taken.length === 0) {
    const program = await tx.shelterProgram.findUnique({ where: { id: copy.programId }, select: { organizationId: true } });
    if (!program || program.organizationId !== request.organizationId) throw referralNotFound();
    throw intakeError(ERROR_CODES.NO_CAPACITY, "The programme has no free place left; nothing was changed");
  }

  const bedId = await chooseBed(tx, copy.programId, request.bedId);
  const intake = await tx.shelterIntake.create({
    data: {
      id: crypto.randomUUID(),
      referralId: request.referralId,
      programId: copy.programId,
      organizationId: request.organizationId,
      survivorId: copy.survivorId,
      bedId,
      status: IntakeStatus.PENDING,
      acceptedByMemberId: request.memberId,
    },
  });
  const payload: IntakeAcceptedPayload = {
    referralId: request.referralId,
    intakeId: intake.id,
    expectedVersion: request.expectedVersion,
    bedId,
    acceptedByMemberId: request.memberId,
    organizationId: request.organizationId,
  };
  await tx.outboxMessage.create({ data: { kind: OUTBOX_KINDS.INTAKE_ACCEPTED, referralId: request.referralId, payload: { ...payload } } });
  return intake;
}

/**
 * The bed asked for, if it is the programme's, in use and free; otherwise any free bed of the
 * programme. A programme that counts its places without listing beds assigns none.
 */
async function chooseBed(tx: SheltersTransaction, programId: string, requested: string | null): Promise<string | null> {
  const live = { in: [...LIVE_INTAKE_STATUSES] };
  if (requested) {
    const bed = await tx.bed.findFirst({ where: { id: requested, programId }, select: { active: true } });
    if (!bed) throw intakeError(ERROR_CODES.NOT_FOUND, "No such bed in the referral's programme", "bedId");
    const holder = await tx.shelterIntake.findFirst({ where: { bedId: requested, status: live }, select: { id: true } });
    if (!bed.active || holder) throw intakeError(ERROR_CODES.BED_UNAVAILABLE, "That bed is taken or out of use; choose another, or let the shelter pick one", "bedId");
    return requested;
  }
  const free = await tx.bed.findFirst({
    where: { programId, active: true, intakes: { none: { status: live } } },
    orderBy: [{ label: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  if (free) return free.id;
  // Places counted but no bed free: the count and the beds disagree. Refuse rather than promise a
  // bed that is not there (the transaction rolls back, the place is not taken).
  if ((await tx.bed.count({ where: { programId, active: true } })) > 0) {
    throw intakeError(ERROR_CODES.NO_CAPACITY, "Every bed of the programme is taken; nothing was changed");
  }
  return null;
}
