import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { LedgerEntry } from "../../../prisma/network/generated/client.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { parseId } from "../../kit/ids.js";
import { requireSystemPrincipal } from "../../kit/principal.js";
import { validateInput } from "../../kit/validation.js";
import type { NetworkContext } from "../context.js";
import { disclosureInputSchema, type DisclosureItemValue } from "../disclosureInput.js";
import { Disclosure, DisclosureConnection, DisclosureInput, DisclosureItem, DisclosureReceipt, type DisclosureKind } from "../entities/Disclosure.js";
import { Organization } from "../entities/Organization.js";
import { DISCLOSURE_KINDS, type DisclosurePayload } from "../ledger/disclosures.js";
import { disclosureGroupCommit } from "../ledger/groupCommit.js";
import { newestFirstPage } from "../ledger/newestFirstPage.js";
import { visibleOwnersOfSurvivor } from "../ledger/disclosureView.js";
import { NETWORK_FIELD_ROLES } from "../access.js";

/** The caller's organisation, for the staff who read their organisation's disclosures and notices. */
export function requireOwnerStaff(ctx: NetworkContext): string {
  if (!NETWORK_FIELD_ROLES.ownerStaff.allows(ctx.principal) || !ctx.principal.organizationId) {
    throw new GraphQLError("Only caseworkers and organisation admins read disclosures", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
  }
  return ctx.principal.organizationId;
}

function toDisclosure(row: LedgerEntry, keep: (item: DisclosureItemValue) => boolean): Disclosure {
  const payload = row.payload as unknown as DisclosurePayload;
  return {
    seq: row.seq.toString(),
    at: row.createdAt,
    kind: row.kind as DisclosureKind,
    actorKind: payload.actorKind,
    actorId: row.actorId,
    organizationId: row.organizationId!,
    purpose: payload.purpose,
    emergencyJustification: payload.emergencyJustification,
    items: payload.items.filter(keep).map(({ survivorId: _survivorId, ...item }) => item),
  };
}

@Resolver(() => Disclosure)
export class DisclosureResolver {
  /**
   * The gateway reports here, once per response that touched sensitive fields and before it
   * answers, what it released and withheld. @inaccessible and answered for the gateway's own
   * assertion only: a member who could write here could write the ledger's account of what
   * they saw.
   */
  @Mutation(() => DisclosureReceipt)
  @Directive("@inaccessible")
  async _appendDisclosures(@Ctx() ctx: NetworkContext, @Arg("input", () => DisclosureInput) input: DisclosureInput): Promise<DisclosureReceipt> {
    requireSystemPrincipal(ctx.principal);
    const valid = validateInput(disclosureInputSchema, { ...input, items: input.items.map((item) => ({ ...item })) }, "input");
    return disclosureGroupCommit(ctx.db).append(valid);
  }

  /**
   * Who saw which data of one survivor, when and why. An organisation reads the items about the
   * records it could see live itself: its own records of the survivor (it learns who saw what it
   * holds: the releases; the survivor's own organisation also the refusals), and — for the survivor's own organisation, which answers to the survivor for every use
   * of their data — another organisation's records of the survivor only while the existence rule
   * would show it that organisation's records now (the survivor consented, an agreement shares
   * them, for the purpose the caller declares). An entry none of whose items the caller may read
   * is not listed at all. Anyone else gets an empty page, exactly as for a survivor nobody ever
   * asked about: the answer must not tell that the survivor exists, nor who serves them, nor that
   * another organisation holds a record of them.
   */
  @Query(() => DisclosureConnection, { nullable: true, description: "Disclosures about one survivor that the caller's organisation may read, newest first." })
  @Directive(NETWORK_FIELD_ROLES.ownerStaff.directive)
  async survivorDisclosures(
    @Ctx() ctx: NetworkContext,
    @Arg("survivorId", () => ID) survivorIdArg: string,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    const organizationId = requireOwnerStaff(ctx);
    const survivorId = parseId(survivorIdArg, "survivorId");
    const survivor = await ctx.db.survivor.findUnique({ where: { id: survivorId }, select: { registeredByOrganizationId: true } });
    const registering = survivor?.registeredByOrganizationId === organizationId;
    const owners = registering ? await visibleOwnersOfSurvivor(ctx.db, ctx.principal, survivorId, new Date()) : [organizationId];
    // Another organisation holding records of the survivor learns who saw what it holds: releases
    // only. A refusal would tell it that someone else deals with the survivor.
    const where = {
      kind: { in: [...DISCLOSURE_KINDS] },
      subjects: { some: { survivorId, ownerOrganizationId: { in: owners }, ...(registering ? {} : { released: true }) } },
    };
    const keep = (item: DisclosureItemValue) =>
      item.survivorId === survivorId && item.ownerOrganizationId !== null && owners.includes(item.ownerOrganizationId) && (registering || item.released);
    return newestFirstPage(
      first,
      after,
      (disclosure: Disclosure) => ({ seq: BigInt(disclosure.seq) }),
      async ({ after: from, take }) => {
        const rows = await ctx.db.ledgerEntry.findMany({ where: { ...where, ...(from ? { seq: { lt: from.seq } } : {}) }, orderBy: { seq: "desc" }, take });
        return rows.map((row) => toDisclosure(row, keep));
      },
      () => ctx.db.ledgerEntry.count({ where }),
    );
  }

  @FieldResolver(() => Organization, { description: "The organisation of the member or client who asked." })
  organization(@Root() disclosure: Disclosure, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.organization.load(disclosure.organizationId);
  }
}

@Resolver(() => DisclosureItem)
export class DisclosureItemResolver {
  @FieldResolver(() => Organization, { nullable: true, description: "The organisation that holds the record; null when the gateway could not tell." })
  ownerOrganization(@Root() item: DisclosureItem, @Ctx() ctx: NetworkContext) {
    return item.ownerOrganizationId ? ctx.loaders.organization.load(item.ownerOrganizationId) : null;
  }
}
