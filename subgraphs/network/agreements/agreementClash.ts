import type { Agreement, Prisma } from "../../../prisma/network/generated/client.js";
import type { NetworkTransaction } from "../db.js";
import type { AgreementParties } from "./agreementInput.js";
import { notEnded } from "./effectiveStatus.js";

// Any constant works; it only has to be the same for every process changing agreements, and
// differ from the ledger's (the two-key form of the lock cannot meet its one-key form anyway).
const AGREEMENT_PAIR_LOCK = 72_707_371;

/**
 * Takes, for the rest of the caller's transaction, the lock of one PAIR of organisations (either
 * order gives the same lock). Every change to the agreements between two organisations takes it
 * first, so "is there already one for this pair and direction?" and the insert that follows
 * cannot interleave with another replica doing the same: without it two admins proposing at
 * the same instant would both find nothing and both write. Other pairs are not held up.
 *
 * Lock order: this lock, then the ledger's (appendToLedger). Nothing takes them the other way.
 */
export async function lockAgreementPair(tx: NetworkTransaction, a: string, b: string): Promise<void> {
  const pair = [a, b].sort().join(":");
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AGREEMENT_PAIR_LOCK}::int4, hashtext(${pair}))`;
}

/**
 * An agreement of ANOTHER lineage between the same two organisations that is proposed, signed
 * (scheduled or in force) or suspended, not past its end, and shares in the same direction: the
 * same one way, or either of them two-way. Such a pair would make two sets of terms count at
 * once; the parties amend the one they have instead. Call under lockAgreementPair.
 */
export async function findClashingAgreement(tx: NetworkTransaction, parties: AgreementParties, excludeLineageId: string | null, now: Date): Promise<Agreement | null> {
  const { fromOrganizationId: from, toOrganizationId: to } = parties;
  const samePair: Prisma.AgreementWhereInput = {
    OR: [
      { fromOrganizationId: from, toOrganizationId: to },
      { fromOrganizationId: to, toOrganizationId: from },
    ],
  };
  const sameDirection: Prisma.AgreementWhereInput = parties.bothWays ? {} : { OR: [{ bothWays: true }, { fromOrganizationId: from, toOrganizationId: to }] };
  return tx.agreement.findFirst({
    where: {
      AND: [samePair, sameDirection, notEnded(now), { status: { in: ["PROPOSED", "ACTIVE", "SUSPENDED"] } }, excludeLineageId ? { lineageId: { not: excludeLineageId } } : {}],
    },
    orderBy: { id: "asc" },
  });
}
