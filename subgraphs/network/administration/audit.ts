import type { NetworkContext } from "../context.js";
import type { NetworkTransaction } from "../db.js";
import { appendToLedger, LEDGER_KINDS } from "../ledger/ledger.js";

export type AdministrationAction =
  | { action: "ORGANIZATION_ONBOARDED"; kind: string; firstAdminMemberId: string }
  | { action: "MEMBER_INVITED"; memberId: string; roles: string[] }
  | { action: "MEMBER_ROLES_CHANGED"; memberId: string; from: string[]; to: string[] }
  | { action: "MEMBER_DEACTIVATED"; memberId: string }
  | { action: "API_CLIENT_CREATED"; apiClientId: string; clientId: string }
  | { action: "API_CLIENT_SECRET_ROTATED"; apiClientId: string }
  | { action: "API_CLIENT_REVOKED"; apiClientId: string; reason: string }
  | { action: "WEBHOOK_REGISTERED"; webhookSubscriptionId: string }
  | { action: "WEBHOOK_DEACTIVATED"; webhookSubscriptionId: string };

/**
 * Who gave whom access is part of the audit trail: every administration change is appended to
 * the ledger in the change's own transaction (both commit, or neither). Ids and roles only:
 * never a secret, a hash, a name or an e-mail address (the ledger can never be edited).
 */
export async function recordAdministration(tx: NetworkTransaction, ctx: NetworkContext, organizationId: string, change: AdministrationAction): Promise<void> {
  await appendToLedger(tx, [
    {
      kind: LEDGER_KINDS.ADMINISTRATION,
      actorId: ctx.principal.id,
      organizationId,
      survivorId: null,
      payload: { ...change, requestId: ctx.requestId },
    },
  ]);
}
