import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { access } from "../../kit/principal.js";
import { CONSENT_IN_FORCE, inForceAt, startedAt } from "../../../policy/inForce.js";
import { validateInput } from "../../kit/validation.js";
import { recordConsentSchema, withdrawalSchema } from "../consentInput.js";
import type { NetworkContext } from "../context.js";
import { ownSurvivors } from "../visibility.js";
import { Consent, ConsentStatus, RecordConsentInput } from "../entities/Consent.js";
import { Survivor } from "../entities/Survivor.js";
import { appendToLedger, LEDGER_KINDS } from "../ledger/ledger.js";
import { NETWORK_FIELD_ROLES } from "../access.js";

type ConsentRow = Omit<Consent, "ownerOrganizationId"> & { survivor?: unknown };

function toConsent(row: ConsentRow, ownerOrganizationId: string): Consent {
  const { survivor: _survivor, ...consent } = row;
  return { ...consent, ownerOrganizationId };
}

/** Only caseworkers of the survivor's own organisation record and withdraw consents. */
function requireCaseworker(ctx: NetworkContext): string {
  if (!NETWORK_FIELD_ROLES.consentWriters.allows(ctx.principal) || ctx.principal.kind !== "member" || !ctx.principal.organizationId) {
    throw new GraphQLError("Only a caseworker may record or withdraw consent", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
  }
  return ctx.principal.organizationId;
}

@Resolver(() => Survivor)
export class SurvivorConsentResolver {
  @FieldResolver(() => [Consent], { nullable: true, description: "Every consent the survivor gave, newest first, withdrawn and expired ones included." })
  @Directive(access("CASEWORKER"))
  async consents(@Root() survivor: Survivor, @Ctx() ctx: NetworkContext): Promise<Consent[]> {
    // A consent lets another organisation see the survivor, not the survivor's consents: whom
    // else they trust, with what and for how long is their own organisation's to know.
    if (survivor.registeredByOrganizationId !== ctx.principal.organizationId) {
      throw new GraphQLError("Only the survivor's own organisation sees their consents", { extensions: { code: ERROR_CODES.OUT_OF_SCOPE } });
    }
    const rows = await ctx.db.consent.findMany({ where: { survivorId: survivor.id }, orderBy: [{ recordedAt: "desc" }, { id: "asc" }] });
    return rows.map((row) => toConsent(row, survivor.registeredByOrganizationId));
  }
}

@Resolver(() => Consent)
export class ConsentResolver {
  @FieldResolver(() => ConsentStatus, { description: "Where the consent stands as of now." })
  status(@Root() consent: Consent): ConsentStatus {
    const now = new Date();
    // ACTIVE is "in force" as the rule reads it (policy/inForce.ts); the rest only names why not.
    if (inForceAt(CONSENT_IN_FORCE, consent, now)) return "ACTIVE";
    if (consent.withdrawnAt && consent.withdrawnAt.getTime() <= now.getTime()) return "WITHDRAWN";
    if (!startedAt(CONSENT_IN_FORCE, consent, now)) return "NOT_YET_VALID";
    return "EXPIRED";
  }

  @FieldResolver(() => Survivor, { nullable: true, description: "The survivor who gave the consent." })
  survivor(@Root() consent: Consent, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.survivor.load(consent.survivorId);
  }

  @Mutation(() => Consent, { description: "Records a survivor's consent. The survivor must be registered by the caller's organisation." })
  @Directive(NETWORK_FIELD_ROLES.consentWriters.directive)
  async recordConsent(@Ctx() ctx: NetworkContext, @Arg("input", () => RecordConsentInput) input: RecordConsentInput): Promise<Consent> {
    const organizationId = requireCaseworker(ctx);
    const valid = validateInput(recordConsentSchema, { ...input }, "input");
    const survivor = await ctx.db.survivor.findFirst({ where: { id: valid.survivorId, ...ownSurvivors(ctx.principal) } });
    if (!survivor) throw new GraphQLError("No such survivor in your organisation", { extensions: { code: ERROR_CODES.NOT_FOUND, argumentName: "input" } });
    if (valid.granteeOrganizationId) {
      const grantee = await ctx.db.organization.findUnique({ where: { id: valid.granteeOrganizationId } });
      if (!grantee)
        throw new GraphQLError("Invalid input: input.granteeOrganizationId: no such organisation", { extensions: { code: ERROR_CODES.BAD_USER_INPUT, argumentName: "input" } });
    }
    // The consent and its ledger entry commit together or not at all.
    const row = await ctx.db.$transaction(async (tx) => {
      const created = await tx.consent.create({
        data: {
          id: crypto.randomUUID(),
          survivorId: survivor.id,
          granteeOrganizationId: valid.granteeOrganizationId ?? null,
          granteeKind: valid.granteeKind ?? null,
          categories: valid.categories,
          purposes: valid.purposes,
          validFrom: valid.validFrom ?? new Date(),
          validUntil: valid.validUntil ?? null,
          method: valid.method,
          language: valid.language,
          recordedByMemberId: ctx.principal.id,
        },
      });
      await appendToLedger(tx, [
        {
          kind: LEDGER_KINDS.CONSENT_RECORDED,
          actorId: ctx.principal.id,
          organizationId,
          survivorId: created.survivorId,
          payload: {
            consentId: created.id,
            granteeOrganizationId: created.granteeOrganizationId,
            granteeKind: created.granteeKind,
            categories: created.categories,
            purposes: created.purposes,
            validFrom: created.validFrom.toISOString(),
            validUntil: created.validUntil?.toISOString() ?? null,
            method: created.method,
            requestId: ctx.requestId,
          },
        },
      ]);
      return created;
    });
    return toConsent(row, organizationId);
  }

  @Mutation(() => Consent, { description: "Withdraws a consent, effective on the very next request. The consent is kept, marked withdrawn." })
  @Directive(NETWORK_FIELD_ROLES.consentWriters.directive)
  async withdrawConsent(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string): Promise<Consent> {
    const organizationId = requireCaseworker(ctx);
    const valid = validateInput(withdrawalSchema, { id, reason }, "input");
    // One conditional update: a consent already withdrawn, or of another organisation's
    // survivor, matches nothing, and two concurrent withdrawals cannot both succeed.
    const row = await ctx.db.$transaction(async (tx) => {
      const [updated] = await tx.consent.updateManyAndReturn({
        where: { id: valid.id, withdrawnAt: null, survivor: ownSurvivors(ctx.principal) },
        data: { withdrawnAt: new Date(), withdrawnByMemberId: ctx.principal.id, withdrawalReason: valid.reason },
      });
      if (updated) {
        await appendToLedger(tx, [
          {
            kind: LEDGER_KINDS.CONSENT_WITHDRAWN,
            actorId: ctx.principal.id,
            organizationId,
            survivorId: updated.survivorId,
            payload: { consentId: updated.id, withdrawnAt: updated.withdrawnAt!.toISOString(), requestId: ctx.requestId },
          },
        ]);
      }
      return updated;
    });
    if (!row) throw new GraphQLError("No active consent with this id for a survivor of your organisation", { extensions: { code: ERROR_CODES.NOT_FOUND } });
    return toConsent(row, organizationId);
  }
}
