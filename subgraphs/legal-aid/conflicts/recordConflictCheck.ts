import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import type { ConflictCheck } from "../../../prisma/legal-aid/generated/client.js";
import { ConflictCheckOutcome } from "../../../prisma/legal-aid/generated/enums.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import type { LegalAidDb } from "../context.js";

export interface ConflictCheckRecording {
  referralId: string;
  outcome: ConflictCheckOutcome;
  notes: string | null;
  /** The caller's legal-aid organisation and member. */
  organizationId: string;
  memberId: string;
}

/** Concurrent recordings of one referral's check each take the next free revision; this many tries is plenty. */
const MAX_ATTEMPTS = 10;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * Records the caller's organisation's conflict check of a referral as its next revision. Earlier
 * revisions are kept as they were (the table is append-only); the highest revision is the one that
 * counts. Two recordings at once cannot take the same revision (unique index): the loser reads the
 * new highest revision and tries the next one, so both are kept, in the order they committed.
 */
export async function recordConflictCheck(db: LegalAidDb, recording: ConflictCheckRecording): Promise<ConflictCheck> {
  if (recording.outcome === ConflictCheckOutcome.WAIVED && !recording.notes) {
    throw new GraphQLError("Invalid notes: notes: a waiver needs a note saying why the conflict was waived", {
      extensions: { code: ERROR_CODES.BAD_USER_INPUT, argumentName: "notes" },
    });
  }
  const scope = { referralId: recording.referralId, organizationId: recording.organizationId };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const latest = await db.conflictCheck.findFirst({ where: scope, orderBy: { revision: "desc" }, select: { revision: true } });
    try {
      return await db.conflictCheck.create({
        data: {
          id: randomUUID(),
          ...scope,
          revision: (latest?.revision ?? 0) + 1,
          checkedByMemberId: recording.memberId,
          outcome: recording.outcome,
          notes: recording.notes,
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new GraphQLError("Other checks of this referral were being recorded at the same time; read them and try again", {
    extensions: { code: ERROR_CODES.CONFLICT },
  });
}

/** The latest check of one organisation for one referral, or null: the one that counts. */
export function latestConflictCheck(db: LegalAidDb, referralId: string, organizationId: string): Promise<ConflictCheck | null> {
  return db.conflictCheck.findFirst({ where: { referralId, organizationId }, orderBy: { revision: "desc" } });
}
