import type { NetworkTransaction } from "../db.js";
import { inputConflict } from "./errors.js";

/**
 * A subject names one caller across members and partner-app clients alike (the gateway looks
 * tokens up by subject in both), and an e-mail address one member. Checked before writing, for
 * a clear error; the unique indexes still decide under concurrency (see `uniqueViolation`).
 */
export async function assertMemberIdentityFree(tx: NetworkTransaction, fields: { subject: string; email: string }, prefix = ""): Promise<void> {
  // One after the other: a transaction runs on one connection.
  const member = await tx.member.findUnique({ where: { subject: fields.subject }, select: { id: true } });
  const client = await tx.apiClient.findUnique({ where: { subject: fields.subject }, select: { id: true } });
  const email = await tx.member.findUnique({ where: { email: fields.email }, select: { id: true } });
  if (member || client) throw inputConflict(`${prefix}subject`, "is already a member or client of the network");
  if (email) throw inputConflict(`${prefix}email`, "already belongs to a member of the network");
}

/**
 * Turns a unique-index violation (a concurrent insert won the race) into the same input error
 * as the check before writing; anything else is passed on.
 */
export function uniqueViolation(error: unknown, fields: Record<"subject" | "email", string>): unknown {
  const known = error as { code?: unknown; meta?: unknown };
  if (known?.code !== "P2002") return error;
  const detail = JSON.stringify(known.meta ?? {});
  if (/subject/.test(detail)) return inputConflict(fields.subject, "is already a member or client of the network");
  if (/email/.test(detail)) return inputConflict(fields.email, "already belongs to a member of the network");
  return error;
}
