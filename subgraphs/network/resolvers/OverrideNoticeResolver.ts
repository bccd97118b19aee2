import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { OverrideNotice as OverrideNoticeRow } from "../../../prisma/network/generated/client.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { parseId } from "../../kit/ids.js";
import type { NetworkContext } from "../context.js";
import { Organization } from "../entities/Organization.js";
import { OverrideNotice, OverrideNoticeConnection } from "../entities/OverrideNotice.js";
import { newestFirstPage } from "../ledger/newestFirstPage.js";
import { requireOwnerStaff } from "./DisclosureResolver.js";
import { NETWORK_FIELD_ROLES } from "../access.js";

function toNotice(row: OverrideNoticeRow): OverrideNotice {
  const { ownerOrganizationId: _owner, ledgerSeq, ...notice } = row;
  return { ...notice, ledgerSeq: ledgerSeq.toString() };
}

@Resolver(() => OverrideNotice)
export class OverrideNoticeResolver {
  @Query(() => OverrideNoticeConnection, { nullable: true, description: "Emergency overrides used on the caller's organisation's records, newest first." })
  @Directive(NETWORK_FIELD_ROLES.ownerStaff.directive)
  overrideNotices(
    @Ctx() ctx: NetworkContext,
    @Arg("unacknowledgedOnly", () => Boolean, { nullable: true }) unacknowledgedOnly: boolean | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    const organizationId = requireOwnerStaff(ctx);
    const where = { ownerOrganizationId: organizationId, ...(unacknowledgedOnly ? { acknowledgedAt: null } : {}) };
    return newestFirstPage(
      first,
      after,
      (notice: OverrideNotice) => ({ seq: BigInt(notice.ledgerSeq), id: notice.id }),
      async ({ after: from, take }) => {
        const rows = await ctx.db.overrideNotice.findMany({
          where: { AND: [where, from ? { OR: [{ ledgerSeq: { lt: from.seq } }, ...(from.id ? [{ ledgerSeq: from.seq, id: { gt: from.id } }] : [])] } : {}] },
          orderBy: [{ ledgerSeq: "desc" }, { id: "asc" }],
          take,
        });
        return rows.map(toNotice);
      },
      () => ctx.db.overrideNotice.count({ where }),
    );
  }

  @Mutation(() => OverrideNotice, { description: "Marks a notice to the caller's organisation as read. Acknowledging it again changes nothing." })
  @Directive(NETWORK_FIELD_ROLES.ownerStaff.directive)
  async acknowledgeOverrideNotice(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string): Promise<OverrideNotice> {
    const organizationId = requireOwnerStaff(ctx);
    if (ctx.principal.kind !== "member") throw new GraphQLError("Only a member acknowledges a notice", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
    const noticeId = parseId(id);
    // One conditional update: the first acknowledgement (by whom, when) stands, whoever races it.
    const [updated] = await ctx.db.overrideNotice.updateManyAndReturn({
      where: { id: noticeId, ownerOrganizationId: organizationId, acknowledgedAt: null },
      data: { acknowledgedAt: new Date(), acknowledgedByMemberId: ctx.principal.id },
    });
    const row = updated ?? (await ctx.db.overrideNotice.findFirst({ where: { id: noticeId, ownerOrganizationId: organizationId } }));
    if (!row) throw new GraphQLError("No such notice for your organisation", { extensions: { code: ERROR_CODES.NOT_FOUND } });
    return toNotice(row);
  }

  @FieldResolver(() => Organization, { description: "The organisation whose member or client used the override." })
  organization(@Root() notice: OverrideNotice, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.organization.load(notice.callerOrganizationId);
  }
}
