import { z } from "zod";
import { ConflictCheckOutcome } from "../../../prisma/legal-aid/generated/enums.js";

// Validation at the edge of the conflict-check operations, one schema per argument so that an
// error names the argument itself. Values are never echoed back.
const noNul = (value: string) => !value.includes("\u0000");

export const uuidArgument = z.uuid({ message: "must be a UUID" }).transform((id) => id.toLowerCase());

export const outcomeArgument = z.enum(ConflictCheckOutcome);

/** Blank notes are no notes. */
export const notesArgument = z
  .string()
  .trim()
  .max(2_000, "must be at most 2000 characters")
  .refine(noNul, "must not contain NUL characters")
  .nullish()
  .transform((notes) => (notes ? notes : null));
