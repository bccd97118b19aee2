import { ConflictCheckOutcome } from "../../../prisma/legal-aid/generated/enums.js";

/** The outcomes that let a legal-aid organisation accept a referral. */
export const CLEARING_OUTCOMES: readonly ConflictCheckOutcome[] = [ConflictCheckOutcome.CLEAR, ConflictCheckOutcome.WAIVED];

export function clears(outcome: ConflictCheckOutcome): boolean {
  return CLEARING_OUTCOMES.includes(outcome);
}
