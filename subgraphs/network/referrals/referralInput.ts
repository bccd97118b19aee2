import { z } from "zod";
import { ReferralDeclineReason, ReferralServiceKind, ReferralUrgency } from "../../../prisma/network/generated/enums.js";
import { PURPOSES, type Purpose } from "../../../vocabulary/principal.js";
import { ORGANIZATION_CATEGORIES, SENSITIVE_CATEGORIES, type SensitiveCategory } from "../../../vocabulary/categories.js";

// Validation of referral inputs at the edge. Messages name the field; values are never echoed.

/** A referral shares survivor data for a purpose an agreement and a consent can name (no emergency, no directory browsing). */
export const REFERRAL_PURPOSES = PURPOSES.filter((p): p is Exclude<Purpose, "EMERGENCY" | "DIRECTORY"> => p !== "EMERGENCY" && p !== "DIRECTORY");
/** Survivor data only: a confidential site's address is an organisation's, not the survivor's to share. */
export const REFERRAL_CATEGORIES = SENSITIVE_CATEGORIES.filter((c): c is SensitiveCategory => !ORGANIZATION_CATEGORIES.includes(c));

const noNul = (value: string) => !value.includes("\u0000");
const text = (max: number) => z.string().trim().max(max).refine(noNul, "must not contain NUL characters");

export const submitReferralSchema = z
  .object({
    survivorId: z.uuid(),
    receiverOrganizationId: z.uuid(),
    serviceKind: z.enum(ReferralServiceKind),
    serviceId: z.uuid(),
    purpose: z.enum(REFERRAL_PURPOSES, { message: `must be one of ${REFERRAL_PURPOSES.join(", ")}` }),
    categories: z
      .array(z.enum(REFERRAL_CATEGORIES, { message: `must be one of ${REFERRAL_CATEGORIES.join(", ")}` }))
      .min(1, "name at least one category")
      .max(REFERRAL_CATEGORIES.length)
      .refine((list) => new Set(list).size === list.length, "must not repeat a value")
      // A referral tells the receiver who the survivor is: that is IDENTITY, and it must be shared
      // by consent and agreement like any other category, or the referral cannot go.
      .refine((list) => list.includes("IDENTITY"), "a referral discloses who the survivor is: include IDENTITY"),
    urgency: z.enum(ReferralUrgency),
    note: text(4_000).nullish(),
    idempotencyKey: z
      .string()
      .trim()
      .min(8, "must be at least 8 characters (use a UUID)")
      .max(100)
      .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces"),
  })
  .strict()
  .refine((v) => !v.note || v.categories.includes("CASE_NARRATIVE"), {
    message: "a note is case narrative: add CASE_NARRATIVE to the categories, or leave the note out",
    path: ["note"],
  });
export type SubmitReferral = z.infer<typeof submitReferralSchema>;

const version = z.number().int().min(1);

export const moveSchema = z
  .object({
    id: z.uuid(),
    expectedVersion: version,
    reason: text(2_000).min(1, "give a reason").nullish(),
    declineReason: z.enum(ReferralDeclineReason).nullish(),
    outcome: text(2_000).min(1, "describe the outcome").nullish(),
  })
  .strict();
export type Move = z.infer<typeof moveSchema>;
