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

/** An outbox message id: the decimal form of a positive bigint. */
export const outboxIdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,18}$/, "must be an outbox message id")
  .transform((id) => BigInt(id));

export const outboxIdsSchema = z.array(outboxIdSchema).max(1_000);

/** What the relay reports of the network's refusal of a message. */
export const outboxRefusalSchema = z.object({ id: outboxIdSchema, code: z.string().min(1).max(60), reason: z.string().min(1).max(500) }).strict();
