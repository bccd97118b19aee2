import { randomUUID } from "node:crypto";
import type { Agreement } from "../../../prisma/network/generated/client.js";
import type { AgreementEventKind } from "../../../prisma/network/generated/enums.js";
import type { NetworkTransaction } from "../db.js";
import { appendToLedger, LEDGER_KINDS } from "../ledger/ledger.js";

export interface AgreementActor {
  memberId: string;
  organizationId: string;
  requestId: string;
}

export interface AgreementChange {
  agreement: Pick<Agreement, "id" | "lineageId" | "version">;
  kind: AgreementEventKind;
  reason: string | null;
  /** More for the ledger entry (the terms of a proposal, the version that replaced this one). */
  details?: Record<string, unknown>;
}

/**
 * Writes the history of one or more changes inside the caller's transaction: one ledger entry
 * (AGREEMENT_CHANGED) per change and one AgreementEvent pointing at it, so the change, its history
 * and its ledger entry commit together or not at all. History rows are append-only (trigger).
 */
export async function recordAgreementChanges(tx: NetworkTransaction, actor: AgreementActor, at: Date, changes: readonly AgreementChange[]): Promise<void> {
  const entries = await appendToLedger(
    tx,
    changes.map((change) => ({
      kind: LEDGER_KINDS.AGREEMENT_CHANGED,
      actorId: actor.memberId,
      organizationId: actor.organizationId,
      survivorId: null,
      payload: {
        agreementId: change.agreement.id,
        lineageId: change.agreement.lineageId,
        version: change.agreement.version,
        change: change.kind,
        reason: change.reason,
        requestId: actor.requestId,
        ...change.details,
      },
    })),
  );
  await tx.agreementEvent.createMany({
    data: changes.map((change, i) => ({
      id: randomUUID(),
      agreementId: change.agreement.id,
      lineageId: change.agreement.lineageId,
      kind: change.kind,
      actorMemberId: actor.memberId,
      actorOrganizationId: actor.organizationId,
      reason: change.reason,
      at,
      ledgerSeq: entries[i]!.seq,
    })),
  });
}
