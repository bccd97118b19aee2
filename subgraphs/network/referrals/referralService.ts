import { createHash, randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import type { Referral as ReferralRow, ReferralStatus } from "../../../prisma/network/generated/client.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { hasAnyRole, type Principal } from "../../../vocabulary/principal.js";
import { validateInput } from "../../kit/validation.js";
import { canonicalJson } from "../ledger/canonicalJson.js";
import type { NetworkContext } from "../context.js";
import type { NetworkDb } from "../db.js";
import { ownSurvivors } from "../visibility.js";
import { referralCoverage, uncoveredReason } from "./coverage.js";
import { moveSchema, submitReferralSchema, type Move } from "./referralInput.js";
import { checkTransition, type ReferralParty } from "./transitions.js";

type Transaction = Parameters<Parameters<NetworkDb["$transaction"]>[0]>[0];

function fail(code: string, message: string, extensions: Record<string, unknown> = {}): never {
  throw new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** Caseworkers (and liaison officers) act on referrals for their own organisation. */
export function requireReferralActor(principal: Principal): { organizationId: string; memberId: string } {
  if (principal.kind !== "member" || !principal.organizationId || !hasAnyRole(principal, ["CASEWORKER", "LIAISON_OFFICER"])) {
    fail(ERROR_CODES.ROLE_FORBIDDEN, "Only a caseworker or liaison officer may act on referrals");
  }
  return { organizationId: principal.organizationId, memberId: principal.id };
}

function requestHash(input: object): string {
  return createHash("sha256").update(canonicalJson(input)).digest("hex");
}

async function appendEvent(
  tx: Transaction,
  referral: Pick<ReferralRow, "id" | "version" | "senderOrganizationId" | "receiverOrganizationId">,
  from: ReferralStatus | null,
  to: ReferralStatus,
  actor: { organizationId: string; memberId: string },
  reason: string | null,
): Promise<void> {
  await tx.referralEvent.create({
    data: {
      id: randomUUID(),
      referralId: referral.id,
      fromStatus: from,
      toStatus: to,
      version: referral.version,
      actorMemberId: actor.memberId,
      actorOrganizationId: actor.organizationId,
      reason,
      organizationIds: [referral.senderOrganizationId, referral.receiverOrganizationId],
    },
  });
}

/**
 * Submits a referral. Before anything is written: the survivor must be the sender's, the receiver
 * another organisation, and every shared category released to the receiver by the consent rule
 * (agreement from sender to receiver and the survivor's consent naming the receiver, both for the
 * purpose). The same idempotency key returns the first referral, also when two submissions race
 * (the unique key decides; the loser reads the winner).
 */
export async function submitReferral(ctx: NetworkContext, raw: unknown, now: Date = new Date()): Promise<ReferralRow> {
  const actor = requireReferralActor(ctx.principal);
  const input = validateInput(submitReferralSchema, raw, "input");
  const { idempotencyKey, ...content } = input;
  const hash = requestHash({ ...content, note: content.note ?? null });

  const existing = await ctx.db.referral.findUnique({ where: { senderOrganizationId_idempotencyKey: { senderOrganizationId: actor.organizationId, idempotencyKey } } });
  if (existing) return sameRequestOrFail(existing, hash);

  const survivor = await ctx.db.survivor.findFirst({ where: { id: input.survivorId, ...ownSurvivors(ctx.principal) } });
  if (!survivor) fail(ERROR_CODES.NOT_FOUND, "No such survivor in your organisation", { argumentName: "input" });
  if (input.receiverOrganizationId === actor.organizationId) {
    fail(ERROR_CODES.BAD_USER_INPUT, "Invalid input: input.receiverOrganizationId: a referral goes to another organisation", { argumentName: "input" });
  }
  const receiver = await ctx.db.organization.findUnique({ where: { id: input.receiverOrganizationId } });
  if (!receiver) fail(ERROR_CODES.BAD_USER_INPUT, "Invalid input: input.receiverOrganizationId: no such organisation", { argumentName: "input" });

  const coverage = await referralCoverage(ctx.db, input, actor, { organizationId: receiver.id, kind: receiver.kind }, now);
  const missing = coverage.filter((c) => !c.decision.release);
  if (missing.length > 0) {
    const first = missing[0]!.decision;
    fail(
      first.release ? ERROR_CODES.BAD_USER_INPUT : first.code,
      `Nothing was sent. Not covered for the receiver: ${missing.map((m) => `${m.category} (${m.decision.release ? "" : uncoveredReason(m.decision.code)})`).join("; ")}`,
      { problems: missing.map((m) => ({ path: `input.categories.${m.category}`, message: m.decision.release ? "" : m.decision.code })) },
    );
  }

  try {
    return await ctx.db.$transaction(async (tx) => {
      const referral = await tx.referral.create({
        data: {
          id: randomUUID(),
          idempotencyKey,
          requestHash: hash,
          survivorId: input.survivorId,
          senderOrganizationId: actor.organizationId,
          senderMemberId: actor.memberId,
          receiverOrganizationId: receiver.id,
          serviceKind: input.serviceKind,
          serviceId: input.serviceId,
          purpose: input.purpose,
          categories: input.categories,
          urgency: input.urgency,
          note: input.note ?? null,
        },
      });
      await appendEvent(tx, referral, null, "SENT", actor, null);
      return referral;
    });
  } catch (error) {
    // Two submissions with one key raced: the unique index let one in; answer with it.
    if ((error as { code?: string }).code === "P2002") {
      const winner = await ctx.db.referral.findUnique({ where: { senderOrganizationId_idempotencyKey: { senderOrganizationId: actor.organizationId, idempotencyKey } } });
      if (winner) return sameRequestOrFail(winner, hash);
    }
    throw error;
  }
}

function sameRequestOrFail(existing: ReferralRow, hash: string): ReferralRow {
  if (existing.requestHash !== hash) {
    fail(ERROR_CODES.IDEMPOTENCY_KEY_REUSED, "This idempotency key was used for a different referral; use a new key for a new referral", { argumentName: "input" });
  }
  return existing;
}

/** The referrals a caller's organisation is a party to. */
export function partyReferrals(organizationId: string) {
  return { OR: [{ senderOrganizationId: organizationId }, { receiverOrganizationId: organizationId }] };
}

/**
 * Moves a referral one step of its loop. Only the party whose turn it is may; the caller names the
 * version it read, and a referral changed meanwhile is a CONFLICT, never a silent overwrite. The
 * status change and its event commit together.
 */
export async function moveReferral(ctx: NetworkContext, to: ReferralStatus, raw: Omit<Move, never>): Promise<ReferralRow> {
  const actor = requireReferralActor(ctx.principal);
  const move = validateInput(moveSchema, raw, "input");
  const current = await ctx.db.referral.findFirst({ where: { id: move.id, ...partyReferrals(actor.organizationId) } });
  if (!current) fail(ERROR_CODES.NOT_FOUND, "No referral of your organisation with this id");
  // A stale view first: whatever the caller meant, it was meant for a referral that has changed.
  if (current.version !== move.expectedVersion) {
    fail(ERROR_CODES.CONFLICT, `The referral changed since you read it (now version ${current.version}); read it again`);
  }
  const party: ReferralParty = current.senderOrganizationId === actor.organizationId ? "SENDER" : "RECEIVER";
  const verdict = checkTransition(current.status, to, party);
  if (!verdict.ok) fail(ERROR_CODES[verdict.code], verdict.message);
  if (to === "ACCEPTED" && current.serviceKind === "SHELTER_PROGRAM") {
    fail(ERROR_CODES.INVALID_TRANSITION, "A shelter accepts a referral through its intake (acceptReferralIntake), which reserves the place");
  }
  if (verdict.requires === "reason" && !move.reason) fail(ERROR_CODES.BAD_USER_INPUT, "Invalid input: input.reason: give a reason", { argumentName: "input" });
  if (verdict.requires === "declineReason" && !move.declineReason) {
    fail(ERROR_CODES.BAD_USER_INPUT, "Invalid input: input.declineReason: choose a reason from the list", { argumentName: "input" });
  }
  if (verdict.requires === "outcome" && !move.outcome) fail(ERROR_CODES.BAD_USER_INPUT, "Invalid input: input.outcome: describe the outcome", { argumentName: "input" });
  const updated = await ctx.db.$transaction(async (tx) => {
    // Conditional on the version and status read: of two concurrent writers, one matches nothing.
    const [row] = await tx.referral.updateManyAndReturn({
      where: { id: current.id, version: move.expectedVersion, status: current.status },
      data: {
        status: to,
        version: { increment: 1 },
        ...(verdict.requires === "declineReason" ? { declineReason: move.declineReason ?? null, statusDetail: move.reason ?? null } : {}),
        ...(verdict.requires === "reason" ? { statusDetail: move.reason ?? null } : {}),
        ...(verdict.requires === "outcome" ? { outcome: move.outcome ?? null } : {}),
      },
    });
    if (row) await appendEvent(tx, row, current.status, to, actor, move.reason ?? move.outcome ?? move.declineReason ?? null);
    return row;
  });
  if (!updated) fail(ERROR_CODES.CONFLICT, "The referral changed since you read it; read it again");
  return updated;
}
