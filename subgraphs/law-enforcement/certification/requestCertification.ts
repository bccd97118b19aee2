import { createHash, randomUUID } from "node:crypto";
import type { CertificationRequest as CertificationRequestRow } from "../../../prisma/law-enforcement/generated/client.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { validateInput } from "../../kit/validation.js";
import type { LawEnforcementDb } from "../context.js";
import { certificationError, isUniqueViolation, type CertificationActor } from "./certificationErrors.js";
import { dueDateSchema, requestCertificationSchema, utcDate, type RequestCertification } from "./certificationInput.js";

/** sha256 of what the request asks, in a fixed field order: the same key with other content is refused. */
function requestHash(input: RequestCertification): string {
  const content = [input.survivorId, input.referralId, input.liaisonUnitId, input.kind, input.dueDate];
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

function sameRequestOrFail(existing: CertificationRequestRow, hash: string): CertificationRequestRow {
  if (existing.requestHash !== hash) {
    throw certificationError(ERROR_CODES.IDEMPOTENCY_KEY_REUSED, "This idempotency key was used for a different certification request; use a new key for a new request", "input");
  }
  return existing;
}

/**
 * Sends a certification request from the caller's legal-aid organisation to a liaison unit. Before
 * anything is written: the input is well formed, the due date lies ahead, and the unit exists and
 * is active (its organisation becomes the other party). The same idempotency key returns the first
 * request, also when two sends race (the unique key decides; the loser reads the winner) and also
 * after the due date has come closer.
 *
 * The survivor and the referral are named by key only: they live in the network's database, which
 * this subgraph never reads. The request is the requester's record about them.
 */
export async function requestCertification(db: LawEnforcementDb, actor: CertificationActor, raw: unknown, now: Date = new Date()): Promise<CertificationRequestRow> {
  const input = validateInput(requestCertificationSchema, raw, "input");
  const hash = requestHash(input);
  const byKey = { requestingOrganizationId_idempotencyKey: { requestingOrganizationId: actor.organizationId, idempotencyKey: input.idempotencyKey } };

  const existing = await db.certificationRequest.findUnique({ where: byKey });
  if (existing) return sameRequestOrFail(existing, hash);

  validateInput(dueDateSchema(utcDate(now)), { dueDate: input.dueDate }, "input");
  const unit = await db.liaisonUnit.findUnique({ where: { id: input.liaisonUnitId } });
  if (!unit) throw certificationError(ERROR_CODES.BAD_USER_INPUT, "Invalid input: input.liaisonUnitId: no such liaison unit", "input");
  if (unit.status !== "ACTIVE") throw certificationError(ERROR_CODES.BAD_USER_INPUT, "Invalid input: input.liaisonUnitId: the liaison unit is not active", "input");
  if (unit.organizationId === actor.organizationId) {
    throw certificationError(ERROR_CODES.BAD_USER_INPUT, "Invalid input: input.liaisonUnitId: a request goes to another organisation", "input");
  }

  try {
    return await db.$transaction(async (tx) => {
      const request = await tx.certificationRequest.create({
        data: {
          id: randomUUID(),
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
          referralId: input.referralId,
          survivorId: input.survivorId,
          requestingOrganizationId: actor.organizationId,
          requestedByMemberId: actor.memberId,
          liaisonOrganizationId: unit.organizationId,
          liaisonUnitId: unit.id,
          kind: input.kind,
          dueDate: new Date(`${input.dueDate}T00:00:00Z`),
        },
      });
      await tx.certificationRequestEvent.create({
        data: {
          id: randomUUID(),
          requestId: request.id,
          fromStatus: null,
          toStatus: request.status,
          version: request.version,
          actorMemberId: actor.memberId,
          actorOrganizationId: actor.organizationId,
          reason: null,
        },
      });
      return request;
    });
  } catch (error) {
    // Two sends with one key raced: the unique index let one in; answer with it.
    if (isUniqueViolation(error)) {
      const winner = await db.certificationRequest.findUnique({ where: byKey });
      if (winner) return sameRequestOrFail(winner, hash);
    }
    throw error;
  }
}
