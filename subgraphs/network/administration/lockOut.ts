import { GraphQLError } from "graphql";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import type { NetworkTransaction } from "../db.js";

/**
 * Serialises changes to one organisation's members for the rest of the transaction (a row lock
 * on the organisation). Without it, two admins demoting each other at the same moment would
 * each see the other still in place, and both succeed.
 */
export async function lockOrganizationMembers(tx: NetworkTransaction, organizationId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "organization" WHERE id = ${organizationId}::uuid FOR UPDATE`;
}

/**
 * Refuses a change that would leave the organisation without an active admin: nobody would be
 * left to manage its members, clients and agreements. Call under `lockOrganizationMembers`,
 * when `memberId` is about to stop being an active admin.
 */
export async function assertAnotherActiveAdmin(tx: NetworkTransaction, organizationId: string, memberId: string): Promise<void> {
  const others = await tx.member.count({
    where: { organizationId, active: true, roles: { has: "ORG_ADMIN" }, id: { not: memberId } },
  });
  if (others === 0) {
    throw new GraphQLError("This is the organisation's last active admin: make another member an admin first", {
      extensions: { code: ERROR_CODES.LAST_ORG_ADMIN },
    });
  }
}
