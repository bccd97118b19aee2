import type { CertificationRequest as CertificationRequestRow, CertificationRequestEvent as EventRow } from "../../../prisma/law-enforcement/generated/client.js";
import type { CertificationRequest, CertificationRequestEvent } from "../entities/CertificationRequest.js";
import { utcDate } from "./certificationInput.js";

/** A stored request as the schema shows it: the requester is its owner; the due date a calendar date. */
export function toCertificationRequest(row: CertificationRequestRow): CertificationRequest {
  return {
    id: row.id,
    survivorId: row.survivorId,
    ownerOrganizationId: row.requestingOrganizationId,
    referralId: row.referralId,
    liaisonOrganizationId: row.liaisonOrganizationId,
    liaisonUnitId: row.liaisonUnitId,
    kind: row.kind,
    status: row.status,
    dueDate: utcDate(row.dueDate),
    statusReason: row.statusReason,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** An event carries its request's subject and owner, so that the consent rule can decide its reason. */
export function toCertificationRequestEvent(
  row: EventRow,
  request: Pick<CertificationRequest, "survivorId" | "ownerOrganizationId" | "liaisonOrganizationId">,
): CertificationRequestEvent {
  return { ...row, survivorId: request.survivorId, ownerOrganizationId: request.ownerOrganizationId, liaisonOrganizationId: request.liaisonOrganizationId };
}
