import { IntakeStatus } from "../../../prisma/shelters/generated/enums.js";

/** Intakes that hold their bed and count against capacity. */
export const LIVE_INTAKE_STATUSES = [IntakeStatus.PENDING, IntakeStatus.CONFIRMED] as const;

/** The referral statuses (the network's names) in which the receiving shelter may still accept. */
export const ACCEPTABLE_REFERRAL_STATUSES: readonly string[] = ["SENT", "ACKNOWLEDGED"];
