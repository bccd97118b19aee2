import { randomUUID } from "node:crypto";
import type { CertificationRequest as CertificationRequestRow } from "../../../prisma/law-enforcement/generated/client.js";
import type { CertificationRequestStatus } from "../../../prisma/law-enforcement/generated/enums.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { hasAnyRole, type Principal } from "../../../vocabulary/principal.js";
import { validateInput } from "../../kit/validation.js";
import type { LawEnforcementDb } from "../context.js";
import { certificationError, requestNotFound, requireMember } from "./certificationErrors.js";
import { expectedVersionArgument, idArgument, reasonArgument } from "./certificationInput.js";
import { partyRequests } from "./partyRequests.js";
import { checkCertificationTransition, type CertificationParty } from "./transitions.js";

export interface CertificationMove {
  id: string;
  expectedVersion: number;
  reason?: string | null;
}

/** Which role a party acts through: the liaison side through its officers, the requester through its caseworkers. */
const PARTY_ROLE = { LIAISON: "LIAISON_OFFICER", REQUESTER: "CASEWORKER" } as const;

/**
 * Moves a certification request one step of its loop. Only the party whose turn it is may; the caller
 * names the version it read, and a request changed meanwhile is a CONFLICT, never a silent overwrite.
 * Checks run in this order, each refusal writing nothing: well-formed arguments, the caller's
 * organisation is a party (NOT_FOUND otherwise), the version (CONFLICT), the loop
 * (INVALID_TRANSITION, then OTHER_PARTY_REQUIRED), the party's role, the reason. The status change
 * and its event commit together.
 */
export async function moveCertificationRequest(
  db: LawEnforcementDb,
  principal: Principal,
  to: CertificationRequestStatus,
  move: CertificationMove,
): Promise<CertificationRequestRow> {
  const actor = requireMember(principal);
  const id = validateInput(idArgument, move.id, "id");
  const expectedVersion = validateInput(expectedVersionArgument, move.expectedVersion, "expectedVersion");
  const reason = validateInput(reasonArgument, move.reason, "reason");

  const current = await db.certificationRequest.findFirst({ where: { id, ...partyRequests(actor.organizationId) } });
  if (!current) throw requestNotFound();
  // A stale view first: whatever the caller meant, it was meant for a request that has changed.
  if (current.version !== expectedVersion) {
    throw certificationError(ERROR_CODES.CONFLICT, `The certification request changed since you read it (now version ${current.version}); read it again`);
  }
  const party: CertificationParty = current.liaisonOrganizationId === actor.organizationId ? "LIAISON" : "REQUESTER";
  const verdict = checkCertificationTransition(current.status, to, party);
  if (!verdict.ok) throw certificationError(ERROR_CODES[verdict.code], verdict.message);
  if (!hasAnyRole(principal, [PARTY_ROLE[party]])) {
    throw certificationError(ERROR_CODES.ROLE_FORBIDDEN, `Only a ${party === "LIAISON" ? "liaison officer" : "caseworker"} of your organisation may take this step`);
  }
  if (verdict.requiresReason && !reason) {
    throw certificationError(ERROR_CODES.BAD_USER_INPUT, "Invalid reason: reason: give a reason", "reason");
  }

  const updated = await db.$transaction(async (tx) => {
    // Conditional on the version and status read: of two concurrent writers, one matches nothing.
    const [row] = await tx.certificationRequest.updateManyAndReturn({
      where: { id: current.id, version: expectedVersion, status: current.status },
      data: { status: to, version: { increment: 1 }, ...(reason ? { statusReason: reason } : {}) },
    });
    if (row) {
      await tx.certificationRequestEvent.create({
        data: {
          id: randomUUID(),
          requestId: row.id,
          fromStatus: current.status,
          toStatus: to,
          version: row.version,
          actorMemberId: actor.memberId,
          actorOrganizationId: actor.organizationId,
          reason,
        },
      });
    }
    return row;
  });
  if (!updated) throw certificationError(ERROR_CODES.CONFLICT, "The certification request changed since you read it; read it again");
  return updated;
}
