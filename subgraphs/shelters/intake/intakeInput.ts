import { z } from "zod";

// Validation at the edge of the intake operations. Messages name the field; values are never echoed.
const uuid = z.uuid().transform((id) => id.toLowerCase());
const version = z.number().int().min(0).max(2_147_483_647);

export const acceptIntakeSchema = z
  .object({
    referralId: uuid,
    expectedVersion: version,
    bedId: uuid.nullish(),
  })
  .strict();

export const referralCopySchema = z
  .object({
    referralId: uuid,
    receiverOrganizationId: uuid,
    programId: uuid,
    survivorId: uuid,
    status: z.string().regex(/^[A-Z][A-Z_]{0,39}$/, "must be a status name such as SENT"),
    version,
  })
  .strict();

export const releaseIntakeSchema = z
  .object({
    referralId: uuid,
    reason: z.string().trim().min(1, "give a reason").max(500),
  })
  .strict();

export const outboxLimitSchema = z.number().int().min(1).max(500);

/** Outbox message ids: the decimal form of a positive bigint. */
export const outboxIdsSchema = z
  .array(z.string().regex(/^[1-9][0-9]{0,18}$/, "must be an outbox message id"))
  .max(1_000)
  .transform((ids) => ids.map((id) => BigInt(id)));
