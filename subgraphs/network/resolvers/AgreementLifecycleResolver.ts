import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, ID, Mutation, Resolver } from "type-graphql";
import type { Agreement as AgreementRow, Prisma } from "../../../prisma/network/generated/client.js";
import type { AgreementStatus } from "../../../prisma/network/generated/enums.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { parseId } from "../../kit/ids.js";
import { access } from "../../kit/principal.js";
import { validateInput } from "../../kit/validation.js";
import { partyTo, requireAgreementAdmin, type AgreementAdmin } from "../agreements/agreementAccess.js";
import { findClashingAgreement, lockAgreementPair } from "../agreements/agreementClash.js";
import { agreementError, inputFieldError } from "../agreements/agreementErrors.js";
import {
  agreementTermsSchema,
  amendAgreementSchema,
  changeSchema,
  directionSeenBy,
  partiesOf,
  proposeAgreementSchema,
  reasonedChangeSchema,
  type AgreementParties,
} from "../agreements/agreementInput.js";
import { effectiveStatus } from "../agreements/effectiveStatus.js";
import { recordAgreementChanges, type AgreementActor, type AgreementChange } from "../agreements/recordAgreementChanges.js";
import type { NetworkContext } from "../context.js";
import type { NetworkTransaction } from "../db.js";
import { Agreement, AmendAgreementInput, ProposeAgreementInput } from "../entities/Agreement.js";

// The lifecycle of an agreement (README, "Agreements"):
//
//   propose ──► PROPOSED ──countersign (the OTHER party)──► ACTIVE (SCHEDULED before validFrom)
//                   └──decline (either party; the proposer withdrawing)──► DECLINED
//   ACTIVE ──suspend (either)──► SUSPENDED ──reinstate (the party that suspended)──► ACTIVE
//   ACTIVE | SUSPENDED ──revoke (either; final)──► REVOKED   (a pending amendment is declined with it)
//   ACTIVE ──amend (either)──► a new PROPOSED version; on its countersignature the old one becomes
//                              SUPERSEDED in the same transaction, and until then stays in force
//   any signed, suspended or proposed version past validUntil reads EXPIRED, without anyone acting.
//
// Every step runs in one transaction under the lock of the pair of organisations: read the
// version again under the lock, check the step is allowed, change it with a conditional update
// (the expected status in the WHERE, so a concurrent change can never be overwritten), write one
// history event and one ledger entry per change. Any refusal throws before commit: nothing is written.

const conflict = () => agreementError(ERROR_CODES.CONFLICT, "The agreement was changed by someone else at the same time; read it again and retry");

function notAllowed(row: AgreementRow, now: Date, step: string, hint = ""): GraphQLError {
  return agreementError(ERROR_CODES.INVALID_TRANSITION, `This agreement version is ${effectiveStatus(row, now)}: it cannot be ${step}${hint ? `; ${hint}` : ""}`);
}

function duplicateError(clash: AgreementRow): GraphQLError {
  return inputFieldError(
    "direction",
    `an agreement between these organisations that shares this way is already proposed, signed or suspended (${clash.id}); amend or end that one instead`,
  );
}

const isUniqueViolation = (error: unknown) => typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/** Conditional update: only if the version still has one of the statuses the step was checked against. */
async function transition(tx: NetworkTransaction, row: AgreementRow, expected: AgreementStatus[], data: Prisma.AgreementUncheckedUpdateManyInput): Promise<AgreementRow> {
  const [updated] = await tx.agreement.updateManyAndReturn({ where: { id: row.id, status: { in: expected } }, data });
  if (!updated) throw conflict();
  return updated;
}

/** The terms of a version, for its ledger entry. */
function termsOf(row: AgreementRow): Record<string, unknown> {
  return {
    fromOrganizationId: row.fromOrganizationId,
    toOrganizationId: row.toOrganizationId,
    bothWays: row.bothWays,
    categories: row.categories,
    purposes: row.purposes,
    validFrom: row.validFrom.toISOString(),
    validUntil: row.validUntil?.toISOString() ?? null,
    supersedesId: row.supersedesId,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value) => b.includes(value));
const sameParties = (a: AgreementParties, b: AgreementParties) =>
  a.bothWays === b.bothWays &&
  (a.bothWays
    ? sameSet([a.fromOrganizationId, a.toOrganizationId], [b.fromOrganizationId, b.toOrganizationId])
    : a.fromOrganizationId === b.fromOrganizationId && a.toOrganizationId === b.toOrganizationId);

async function inTransaction<T>(ctx: NetworkContext, work: (tx: NetworkTransaction) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.$transaction(work);
  } catch (error) {
    // Two writers racing for the same version number or the same superseded version.
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}

/**
 * Runs one step on one version of an agreement of the admin's organisation, under the pair's lock,
 * on the version as read under that lock. An agreement the organisation is no party to is NOT_FOUND,
 * exactly like one that does not exist.
 */
function changeAgreement<T>(ctx: NetworkContext, admin: AgreementAdmin, id: string, step: (tx: NetworkTransaction, row: AgreementRow, now: Date) => Promise<T>): Promise<T> {
  return inTransaction(ctx, async (tx) => {
    const seen = await tx.agreement.findFirst({ where: { AND: [{ id }, partyTo(admin.organizationId)] }, select: { fromOrganizationId: true, toOrganizationId: true } });
    if (!seen) throw agreementError(ERROR_CODES.NOT_FOUND, "No agreement of your organisation with this id");
    await lockAgreementPair(tx, seen.fromOrganizationId, seen.toOrganizationId);
    // The instant of the change is taken once the lock is held, so history times follow the
    // order in which changes were made.
    const row = await tx.agreement.findUniqueOrThrow({ where: { id } });
    return step(tx, row, new Date());
  });
}

const actorOf = (ctx: NetworkContext, admin: AgreementAdmin): AgreementActor => ({ ...admin, requestId: ctx.requestId });

@Resolver(() => Agreement)
export class AgreementLifecycleResolver {
  @Mutation(() => Agreement, {
    description:
      "Proposes an agreement to another organisation (version 1, PROPOSED). Nothing is shared until that organisation's admin countersigns it; from then it is in force from validFrom until validUntil.",
  })
  @Directive(access("ORG_ADMIN"))
  async proposeAgreement(@Ctx() ctx: NetworkContext, @Arg("input", () => ProposeAgreementInput) input: ProposeAgreementInput): Promise<AgreementRow> {
    const admin = requireAgreementAdmin(ctx.principal);
    const valid = validateInput(proposeAgreementSchema(admin.organizationId, new Date()), { ...input }, "input");
    const counterpart = valid.counterpartOrganizationId.toLowerCase();
    const known = await ctx.db.organization.findUnique({ where: { id: counterpart }, select: { id: true } });
    if (!known) throw inputFieldError("counterpartOrganizationId", "no such organisation");
    const parties = partiesOf(valid.direction, admin.organizationId, counterpart);
    return inTransaction(ctx, async (tx) => {
      await lockAgreementPair(tx, admin.organizationId, counterpart);
      const now = new Date();
      const clash = await findClashingAgreement(tx, parties, null, now);
      if (clash) throw duplicateError(clash);
      const id = randomUUID();
      const created = await tx.agreement.create({
        data: {
          id,
          lineageId: id,
          version: 1,
          ...parties,
          categories: valid.categories,
          purposes: valid.purposes,
          validFrom: valid.validFrom,
          validUntil: valid.validUntil,
          summary: valid.summary,
          status: "PROPOSED",
          proposedByOrganizationId: admin.organizationId,
          proposedByMemberId: admin.memberId,
          proposedAt: now,
          statusChangedAt: now,
        },
      });
      await recordAgreementChanges(tx, actorOf(ctx, admin), now, [{ agreement: created, kind: "PROPOSED", reason: null, details: termsOf(created) }]);
      return created;
    });
  }

  @Mutation(() => Agreement, {
    description:
      "Countersigns a proposed version: only an admin of the party that did not propose it. It becomes ACTIVE (in force from validFrom); for an amendment, the version it amends becomes SUPERSEDED at the same instant.",
  })
  @Directive(access("ORG_ADMIN"))
  async countersignAgreement(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string): Promise<AgreementRow> {
    const admin = requireAgreementAdmin(ctx.principal);
    const valid = validateInput(changeSchema, { id }, "input");
    return changeAgreement(ctx, admin, valid.id, async (tx, row, now) => {
      if (row.status !== "PROPOSED") throw notAllowed(row, now, "countersigned", "only a proposed version can be");
      if (effectiveStatus(row, now) === "EXPIRED") throw notAllowed(row, now, "countersigned", "its end date has passed; propose it again with new dates");
      // The one rule that makes an agreement mutual: nobody signs both sides.
      if (row.proposedByOrganizationId === admin.organizationId) {
        throw agreementError(ERROR_CODES.OTHER_PARTY_REQUIRED, "Your organisation proposed this version; only an admin of the other party can countersign it");
      }
      const previous = row.supersedesId ? await tx.agreement.findUniqueOrThrow({ where: { id: row.supersedesId } }) : null;
      if (previous && previous.status !== "ACTIVE") {
        throw notAllowed(row, now, "countersigned", `the version it amends is ${effectiveStatus(previous, now)}${previous.status === "SUSPENDED" ? ": reinstate it first" : ""}`);
      }
      const clash = await findClashingAgreement(tx, row, row.lineageId, now);
      if (clash)
        throw agreementError(ERROR_CODES.CONFLICT, `Another agreement between these organisations that shares this way is already proposed, signed or suspended (${clash.id})`);
      const signed = await transition(tx, row, ["PROPOSED"], { status: "ACTIVE", countersignedByMemberId: admin.memberId, countersignedAt: now, statusChangedAt: now });
      const changes: AgreementChange[] = [{ agreement: signed, kind: "COUNTERSIGNED", reason: null }];
      if (previous) {
        const superseded = await transition(tx, previous, ["ACTIVE"], { status: "SUPERSEDED", statusChangedAt: now });
        changes.push({ agreement: superseded, kind: "SUPERSEDED", reason: null, details: { supersededById: signed.id } });
      }
      await recordAgreementChanges(tx, actorOf(ctx, admin), now, changes);
      return signed;
    });
  }

  @Mutation(() => Agreement, {
    description: "Declines a proposed version (the other party), or withdraws it (its proposer). Final; the version it would have amended stays as it is.",
  })
  @Directive(access("ORG_ADMIN"))
  async declineAgreement(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string): Promise<AgreementRow> {
    const admin = requireAgreementAdmin(ctx.principal);
    const valid = validateInput(reasonedChangeSchema, { id, reason }, "input");
    return changeAgreement(ctx, admin, valid.id, async (tx, row, now) => {
      if (row.status !== "PROPOSED") throw notAllowed(row, now, "declined", "only a proposed version can be");
      // A declined amendment lets go of the version it amended, so that version can be amended again
      // (a version is superseded by at most one other: supersedes_id is unique). The ledger keeps the link.
      const declined = await transition(tx, row, ["PROPOSED"], { status: "DECLINED", statusReason: valid.reason, statusChangedAt: now, supersedesId: null });
      const by = row.proposedByOrganizationId === admin.organizationId ? "PROPOSER" : "COUNTERPART";
      await recordAgreementChanges(tx, actorOf(ctx, admin), now, [{ agreement: declined, kind: "DECLINED", reason: valid.reason, details: { by, amended: row.supersedesId } }]);
      return declined;
    });
  }

  @Mutation(() => Agreement, { description: "Suspends an agreement (either party): nothing is shared under it from the very next request until it is reinstated." })
  @Directive(access("ORG_ADMIN"))
  async suspendAgreement(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string): Promise<AgreementRow> {
    const admin = requireAgreementAdmin(ctx.principal);
    const valid = validateInput(reasonedChangeSchema, { id, reason }, "input");
    return changeAgreement(ctx, admin, valid.id, async (tx, row, now) => {
      const status = effectiveStatus(row, now);
      if (status !== "ACTIVE" && status !== "SCHEDULED") throw notAllowed(row, now, "suspended");
      const suspended = await transition(tx, row, ["ACTIVE"], { status: "SUSPENDED", statusReason: valid.reason, statusChangedAt: now });
      await recordAgreementChanges(tx, actorOf(ctx, admin), now, [{ agreement: suspended, kind: "SUSPENDED", reason: valid.reason }]);
      return suspended;
    });
  }

  @Mutation(() => Agreement, { description: "Reinstates a suspended agreement: only the party that suspended it. In force again from the very next request." })
  @Directive(access("ORG_ADMIN"))
  async reinstateAgreement(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string): Promise<AgreementRow> {
    const admin = requireAgreementAdmin(ctx.principal);
    const valid = validateInput(changeSchema, { id }, "input");
    return changeAgreement(ctx, admin, valid.id, async (tx, row, now) => {
      if (effectiveStatus(row, now) !== "SUSPENDED") throw notAllowed(row, now, "reinstated", "only a suspended agreement can be");
      // A suspension is one party's objection; the other party cannot overrule it.
      const suspension = await tx.agreementEvent.findFirst({ where: { agreementId: row.id, kind: "SUSPENDED" }, orderBy: [{ ledgerSeq: "desc" }, { at: "desc" }] });
      if (suspension?.actorOrganizationId && suspension.actorOrganizationId !== admin.organizationId) {
        throw agreementError(ERROR_CODES.OTHER_PARTY_REQUIRED, "The other party suspended this agreement; only its admin can reinstate it");
      }
      const reinstated = await transition(tx, row, ["SUSPENDED"], { status: "ACTIVE", statusChangedAt: now });
      await recordAgreementChanges(tx, actorOf(ctx, admin), now, [{ agreement: reinstated, kind: "REINSTATED", reason: null }]);
      return reinstated;
    });
  }

  @Mutation(() => Agreement, {
    description:
      "Revokes an agreement of the caller's organisation (either party may). Final; effective on the very next request; kept, marked REVOKED. A pending amendment is declined with it.",
  })
  @Directive(access("ORG_ADMIN"))
  async revokeAgreement(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string): Promise<AgreementRow> {
    const admin = requireAgreementAdmin(ctx.principal);
    const valid = validateInput(reasonedChangeSchema, { id, reason }, "input");
    return changeAgreement(ctx, admin, valid.id, async (tx, row, now) => {
      const status = effectiveStatus(row, now);
      if (status === "PROPOSED") throw notAllowed(row, now, "revoked", "decline it instead");
      if (status !== "ACTIVE" && status !== "SCHEDULED" && status !== "SUSPENDED") throw notAllowed(row, now, "revoked");
      const revoked = await transition(tx, row, ["ACTIVE", "SUSPENDED"], { status: "REVOKED", statusReason: valid.reason, statusChangedAt: now });
      const changes: AgreementChange[] = [{ agreement: revoked, kind: "REVOKED", reason: valid.reason }];
      // Otherwise countersigning the amendment would bring the revoked agreement back.
      const pending = await tx.agreement.findFirst({ where: { lineageId: row.lineageId, status: "PROPOSED" } });
      if (pending) {
        const why = "The agreement it amends was revoked.";
        const declined = await transition(tx, pending, ["PROPOSED"], { status: "DECLINED", statusReason: why, statusChangedAt: now, supersedesId: null });
        changes.push({ agreement: declined, kind: "DECLINED", reason: why, details: { by: "REVOCATION", amended: pending.supersedesId } });
      }
      await recordAgreementChanges(tx, actorOf(ctx, admin), now, changes);
      return revoked;
    });
  }

  @Mutation(() => Agreement, {
    description:
      "Proposes an amendment (either party): a new version of the agreement, PROPOSED, that the other party countersigns. Until then the version amended stays in force as it is. At most one amendment waits at a time.",
  })
  @Directive(access("ORG_ADMIN"))
  async amendAgreement(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string, @Arg("input", () => AmendAgreementInput) input: AmendAgreementInput): Promise<AgreementRow> {
    const admin = requireAgreementAdmin(ctx.principal);
    const agreementId = parseId(id);
    const changes = validateInput(amendAgreementSchema, { ...input }, "input");
    return changeAgreement(ctx, admin, agreementId, async (tx, row, now) => {
      const status = effectiveStatus(row, now);
      if (status !== "ACTIVE" && status !== "SCHEDULED") throw notAllowed(row, now, "amended", "only a signed agreement that has not ended can be");
      const pending = await tx.agreement.findFirst({ where: { lineageId: row.lineageId, status: "PROPOSED" } });
      if (pending) throw notAllowed(row, now, "amended again", `version ${pending.version} (${pending.id}) is waiting for countersignature: countersign or decline it first`);

      const org = admin.organizationId;
      const counterpart = row.fromOrganizationId === org ? row.toOrganizationId : row.fromOrganizationId;
      const terms = validateInput(
        agreementTermsSchema(now),
        {
          direction: changes.direction ?? directionSeenBy(row, org),
          categories: changes.categories ?? row.categories,
          purposes: changes.purposes ?? row.purposes,
          validFrom: changes.validFrom ?? row.validFrom,
          validUntil: changes.validUntil ?? row.validUntil,
          summary: changes.summary ?? row.summary,
        },
        "input",
      );
      // The amendment replaces the old version at its countersignature. Starting later than that
      // would leave the two organisations without any agreement in between.
      if (terms.validFrom.getTime() > Math.max(row.validFrom.getTime(), now.getTime())) {
        throw inputFieldError("validFrom", "an amendment takes over as soon as it is countersigned, so it may not start later than now or than the version it amends");
      }
      const parties = partiesOf(terms.direction, org, counterpart);
      const unchanged =
        sameParties(parties, row) &&
        sameSet(terms.categories, row.categories) &&
        sameSet(terms.purposes, row.purposes) &&
        terms.validFrom.getTime() === row.validFrom.getTime() &&
        terms.validUntil.getTime() === row.validUntil?.getTime() &&
        terms.summary === row.summary;
      if (unchanged) {
        throw new GraphQLError("Invalid input: input: the amendment changes nothing", {
          extensions: { code: ERROR_CODES.BAD_USER_INPUT, argumentName: "input", problems: [{ path: "input", message: "the amendment changes nothing" }] },
        });
      }
      const clash = await findClashingAgreement(tx, parties, row.lineageId, now);
      if (clash) throw duplicateError(clash);
      const latest = await tx.agreement.aggregate({ where: { lineageId: row.lineageId }, _max: { version: true } });
      const created = await tx.agreement.create({
        data: {
          id: randomUUID(),
          lineageId: row.lineageId,
          version: (latest._max.version ?? row.version) + 1,
          supersedesId: row.id,
          ...parties,
          categories: terms.categories,
          purposes: terms.purposes,
          validFrom: terms.validFrom,
          validUntil: terms.validUntil,
          summary: terms.summary,
          status: "PROPOSED",
          proposedByOrganizationId: org,
          proposedByMemberId: admin.memberId,
          proposedAt: now,
          statusChangedAt: now,
        },
      });
      await recordAgreementChanges(tx, actorOf(ctx, admin), now, [{ agreement: created, kind: "AMENDMENT_PROPOSED", reason: null, details: termsOf(created) }]);
      return created;
    });
  }
}
