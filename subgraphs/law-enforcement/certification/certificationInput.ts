import { z } from "zod";
import { CertificationKind, CertificationRequestStatus } from "../../../prisma/law-enforcement/generated/enums.js";

// Validation at the edge of the certification operations. Messages name the field; values are
// never echoed back.
const noNul = (value: string) => !value.includes("\u0000");
const uuid = z.uuid({ message: "must be a UUID" }).transform((id) => id.toLowerCase());

/** YYYY-MM-DD, a real day of the Gregorian calendar. */
export const calendarDate = z.iso.date({ message: "must be a calendar date, YYYY-MM-DD" });

/** How far ahead a due date may be: a request due later than this is a typo, not a plan. */
export const MAX_DUE_DAYS_AHEAD = 730;

export const requestCertificationSchema = z
  .object({
    survivorId: uuid,
    referralId: uuid.nullish().transform((id) => id ?? null),
    liaisonUnitId: uuid,
    kind: z.enum(CertificationKind),
    dueDate: calendarDate,
    idempotencyKey: z
      .string()
      .trim()
      .min(8, "must be at least 8 characters (use a UUID)")
      .max(100, "must be at most 100 characters")
      .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces"),
  })
  .strict();
export type RequestCertification = z.infer<typeof requestCertificationSchema>;

/** The UTC calendar date of an instant, YYYY-MM-DD. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return utcDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));
}

/**
 * A due date must lie in the future when the request is made: after `today` (UTC), and at most
 * MAX_DUE_DAYS_AHEAD days ahead. ISO dates compare correctly as strings.
 */
export function dueDateSchema(today: string) {
  const latest = addDays(today, MAX_DUE_DAYS_AHEAD);
  return z.object({
    dueDate: calendarDate
      .refine((date) => date > today, `must be after today (${today}, UTC)`)
      .refine((date) => date <= latest, `must be at most ${MAX_DUE_DAYS_AHEAD} days ahead`),
  });
}

export const expectedVersionArgument = z.number().int("must be a whole number").min(1, "must be at least 1").max(2_147_483_647);

/** A reason: trimmed, non-blank, at most 2000 characters; blank or absent is none (null). */
export const reasonArgument = z
  .string()
  .trim()
  .max(2_000, "must be at most 2000 characters")
  .refine(noNul, "must not contain NUL characters")
  .nullish()
  .transform((reason) => (reason ? reason : null));

export const idArgument = uuid;

export const filterSchema = z
  .object({
    statuses: z.array(z.enum(CertificationRequestStatus)).max(Object.keys(CertificationRequestStatus).length).nullish(),
    dueBefore: calendarDate.nullish(),
  })
  .strict();
