import { GraphQLError } from "graphql";
import { z } from "zod";
import { Prisma } from "../../../prisma/shelters/generated/client.js";
import { IntakeStatus } from "../../../prisma/shelters/generated/enums.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { encodeCursor, type Connection, type PageArgs } from "../../kit/pagination.js";
import { deliveryProblemsOf, noSuchParkedItem, parkedItemNotIn, type DeliveryProblem, type ParkedDeliveryState, type ParkingManager } from "../../kit/parking.js";
import type { SheltersDb, SheltersTransaction } from "../db.js";
import { OUTBOX_KINDS } from "./outbox.js";
import { releaseIntakeIn } from "./releaseIntake.js";

/**
 * The shelters' outbox messages the relay could not deliver to the network (docs/design.md,
 * "Referrals across two databases"): PARKED, QUEUED (sent back in line), DELIVERED or DISCARDED
 * are stored on the message (`parked_state`); WAITING is read from the order — an undelivered
 * message of a referral with a PARKED one before it. The shelter whose intake wrote a message
 * (the referral's receiver, from its copy here) manages it; a network steward manages all.
 */

export interface ParkedMessageRow {
  id: bigint;
  kind: string;
  referralId: string;
  organizationId: string | null;
  state: ParkedDeliveryState;
  code: string | null;
  reason: string | null;
  waitingBehind: bigint | null;
  refusals: number;
  parkedAt: Date;
  updatedAt: Date;
  resolvedByMemberId: string | null;
  resolvedAt: Date | null;
  discardReason: string | null;
}

/** The message's state as a parked item, or NULL for one never held (in SQL, over `m`). */
const STATE = Prisma.sql`
  CASE
    WHEN m.parked_state IN ('PARKED', 'DELIVERED', 'DISCARDED') THEN m.parked_state::text
    WHEN m.delivered_at IS NULL AND EXISTS (SELECT 1 FROM outbox_message p WHERE p.referral_id = m.referral_id AND p.parked_state = 'PARKED' AND p.id < m.id) THEN 'WAITING'
    ELSE m.parked_state::text
  END`;

/** Messages as parked items, with their state and who may manage them. */
function parkedItems(where: Prisma.Sql, manager: ParkingManager | null): Prisma.Sql {
  const organization = manager?.organizationId ?? null;
  return Prisma.sql`
    SELECT * FROM (
      SELECT m.id, m.kind, m.referral_id AS "referralId", c.receiver_organization_id AS "organizationId", ${STATE} AS state,
             m.park_code AS code, m.park_reason AS reason, m.refusals,
             (SELECT p.id FROM outbox_message p WHERE p.referral_id = m.referral_id AND p.parked_state = 'PARKED' AND p.id < m.id ORDER BY p.id DESC LIMIT 1) AS "waitingBehind",
             COALESCE(m.parked_at, m.created_at) AS "parkedAt", COALESCE(m.resolved_at, m.parked_at, m.created_at) AS "updatedAt",
             m.resolved_by_member_id AS "resolvedByMemberId", m.resolved_at AS "resolvedAt", m.discard_reason AS "discardReason"
      FROM outbox_message m LEFT JOIN referral_copy c ON c.referral_id = m.referral_id
      WHERE (${organization}::uuid IS NULL OR c.receiver_organization_id = ${organization}::uuid)
    ) AS item
    WHERE item.state IS NOT NULL AND ${where}`;
}

async function findItem(db: SheltersDb | SheltersTransaction, manager: ParkingManager, id: bigint): Promise<ParkedMessageRow> {
  const [row] = await db.$queryRaw<ParkedMessageRow[]>(parkedItems(Prisma.sql`item.id = ${id}`, manager));
  if (!row) throw noSuchParkedItem();
  return row;
}

/** The items the manager may see in the given states, oldest first (the order they are delivered in). */
export async function listParkedOutbox(db: SheltersDb, manager: ParkingManager, states: readonly ParkedDeliveryState[], page: PageArgs): Promise<Connection<ParkedMessageRow>> {
  let after = Prisma.sql`TRUE`;
  if (page.after) {
    if (!/^[1-9][0-9]{0,18}$/.test(page.after.k))
      throw new GraphQLError("The `after` cursor is not one this API issued", { extensions: { code: ERROR_CODES.BAD_USER_INPUT, argumentName: "after" } });
    after = Prisma.sql`item.id > ${BigInt(page.after.k)}`;
  }
  const inStates = Prisma.sql`item.state = ANY(${[...states]}::text[])`;
  const [rows, [count]] = await Promise.all([
    db.$queryRaw<ParkedMessageRow[]>(Prisma.sql`${parkedItems(Prisma.sql`${inStates} AND ${after}`, manager)} ORDER BY item.id LIMIT ${page.first + 1}`),
    db.$queryRaw<{ n: bigint }[]>(Prisma.sql`SELECT count(*) AS n FROM (${parkedItems(inStates, manager)}) AS counted`),
  ]);
  const nodes = rows.slice(0, page.first);
  // The cursor's key is the message id; its id part (a UUID by the cursor's shape) is the referral's.
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id.toString(), node.referralId), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: Number(count?.n ?? 0) };
}

/** The referral's later undelivered messages that were never held go back in line with it (QUEUED), so that their story is kept too. */
async function queueFollowers(tx: SheltersTransaction, head: ParkedMessageRow): Promise<void> {
  await tx.$executeRaw`
    UPDATE outbox_message m SET parked_state = 'QUEUED'
    WHERE m.referral_id = ${head.referralId}::uuid AND m.id > ${head.id} AND m.delivered_at IS NULL AND m.parked_state IS NULL
      AND NOT EXISTS (SELECT 1 FROM outbox_message p WHERE p.referral_id = m.referral_id AND p.parked_state = 'PARKED' AND p.id < m.id AND p.id <> ${head.id})`;
}

/** Sends a PARKED message back in line, with those waiting behind it: the relay delivers them next, in order. */
export async function retryParkedOutbox(db: SheltersDb, manager: ParkingManager, id: bigint): Promise<ParkedMessageRow> {
  return db.$transaction(async (tx) => {
    const item = await findItem(tx, manager, id);
    const moved = await tx.$executeRaw`
      UPDATE outbox_message SET parked_state = 'QUEUED', resolved_by_member_id = ${manager.memberId}, resolved_at = now()
      WHERE id = ${id} AND parked_state = 'PARKED'`;
    if (moved === 0) throw parkedItemNotIn(["PARKED"], item.state);
    await queueFollowers(tx, item);
    return findItem(tx, manager, id);
  });
}

/**
 * Gives up a PARKED or WAITING message, with the admin's reason: it is never delivered. What waited
 * behind it goes back in line. An acceptance given up is one the network will never learn of, so
 * the intake it announced gives its place back in the same transaction (released, if still PENDING:
 * a CONFIRMED one the network did accept): the bed and the network's record of the referral cannot
 * part ways. The referral stays as the network has it, for the shelter to decline or the sender to
 * withdraw.
 */
export async function discardParkedOutbox(db: SheltersDb, manager: ParkingManager, id: bigint, reason: string): Promise<ParkedMessageRow> {
  return db.$transaction(
    async (tx) => {
      const item = await findItem(tx, manager, id);
      if (item.state !== "PARKED" && item.state !== "WAITING") throw parkedItemNotIn(["PARKED", "WAITING"], item.state);
      const [discarded] = await tx.$queryRaw<{ payload: unknown }[]>`
        UPDATE outbox_message SET parked_state = 'DISCARDED', discard_reason = ${reason}, resolved_by_member_id = ${manager.memberId}, resolved_at = now()
        WHERE id = ${id} AND delivered_at IS NULL AND (parked_state IS NULL OR parked_state IN ('PARKED', 'QUEUED'))
        RETURNING payload`;
      if (!discarded) throw parkedItemNotIn(["PARKED", "WAITING"], (await findItem(tx, manager, id)).state);
      if (item.kind === OUTBOX_KINDS.INTAKE_ACCEPTED) await releaseAnnouncedIntake(tx, item.referralId, discarded.payload);
      await queueFollowers(tx, item);
      return findItem(tx, manager, id);
    },
    { isolationLevel: "ReadCommitted", maxWait: 10_000, timeout: 15_000 },
  );
}

/** Why a discarded acceptance's intake was released (the admin's own words stay on the message). */
const DISCARDED_ACCEPTANCE_RELEASE_REASON = "Its acceptance was discarded before the network recorded it";

/**
 * Releases the PENDING intake that a discarded acceptance announced: the one its payload names, of
 * its referral. A message that names no intake of this referral (a stray, a later intake's
 * predecessor) releases nothing: the referral's live intake is another acceptance's.
 */
async function releaseAnnouncedIntake(tx: SheltersTransaction, referralId: string, payload: unknown): Promise<void> {
  const intakeId = z.object({ intakeId: z.uuid() }).safeParse(payload);
  if (!intakeId.success) return;
  await releaseIntakeIn(tx, { referralId, id: intakeId.data.intakeId, status: IntakeStatus.PENDING }, DISCARDED_ACCEPTANCE_RELEASE_REASON);
}

/** Per referral: its first message held on its way to the network, and how many wait behind it; null when none. */
export async function intakeDeliveryProblems(db: SheltersDb, referralIds: readonly string[]): Promise<(DeliveryProblem | null)[]> {
  const rows = await db.$queryRaw<ParkedMessageRow[]>(
    Prisma.sql`${parkedItems(Prisma.sql`item."referralId" = ANY(${[...referralIds]}::uuid[]) AND item.state IN ('PARKED', 'WAITING', 'QUEUED')`, null)} ORDER BY item.id`,
  );
  return deliveryProblemsOf(referralIds, rows, () => "network");
}
