import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Agreement as AgreementRow, Prisma } from "../../../prisma/network/generated/client.js";
import { parseId } from "../../kit/ids.js";
import { encodeCursor, pageArgs, type Connection } from "../../kit/pagination.js";
import { access } from "../../kit/principal.js";
import { hasAnyRole } from "../../../vocabulary/principal.js";
import { NO_ORGANIZATION } from "../../kit/scope.js";
import { partyTo, visibleAgreements } from "../agreements/agreementAccess.js";
import { AgreementEffectiveStatus, effectiveStatus, effectiveStatusWhere } from "../agreements/effectiveStatus.js";
import type { NetworkContext } from "../context.js";
import { Agreement, AgreementConnection, AgreementEvent } from "../entities/Agreement.js";
import { Member } from "../entities/Member.js";
import { Organization } from "../entities/Organization.js";

const MAX_STATUS_FILTER = Object.keys(AgreementEffectiveStatus).length;

@Resolver(() => Agreement)
export class AgreementResolver {
  @Query(() => AgreementConnection, {
    nullable: true,
    description:
      "Agreement versions, newest proposal first: an organisation admin sees those of their organisation (either party), a network steward every one. Filter by where they stand now and by the other party.",
  })
  @Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
  async agreements(
    @Ctx() ctx: NetworkContext,
    @Arg("status", () => [AgreementEffectiveStatus], { nullable: true, description: "Any of these (as effectiveStatus reads now); default: all." })
    status: AgreementEffectiveStatus[] | null,
    @Arg("counterpartOrganizationId", () => ID, { nullable: true, description: "The other party (for a steward: either party)." })
    counterpartOrganizationId: string | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<AgreementRow>> {
    const now = new Date();
    const page = pageArgs(first, after);
    const filters: Prisma.AgreementWhereInput[] = [visibleAgreements(ctx.principal)];
    if (status && status.length > 0) {
      if (status.length > MAX_STATUS_FILTER)
        throw new GraphQLError(`\`status\` lists at most ${MAX_STATUS_FILTER} values`, { extensions: { code: "BAD_USER_INPUT", argumentName: "status" } });
      filters.push({ OR: status.map((s) => effectiveStatusWhere(s, now)) });
    }
    if (counterpartOrganizationId) {
      const counterpart = parseId(counterpartOrganizationId, "counterpartOrganizationId");
      const own = ctx.principal.organizationId ?? NO_ORGANIZATION;
      filters.push(
        hasAnyRole(ctx.principal, ["NETWORK_STEWARD"])
          ? partyTo(counterpart)
          : {
              OR: [
                { fromOrganizationId: own, toOrganizationId: counterpart },
                { fromOrganizationId: counterpart, toOrganizationId: own },
              ],
            },
      );
    }
    const where: Prisma.AgreementWhereInput = { AND: filters };
    // Keyset, newest first: (proposedAt, id) descending.
    let afterCondition: Prisma.AgreementWhereInput = {};
    if (page.after) {
      const at = new Date(page.after.k);
      if (Number.isNaN(at.getTime())) throw new GraphQLError("The `after` cursor is not one this API issued", { extensions: { code: "BAD_USER_INPUT", argumentName: "after" } });
      afterCondition = { OR: [{ proposedAt: { lt: at } }, { proposedAt: at, id: { lt: page.after.id } }] };
    }
    const [rows, totalCount] = await Promise.all([
      ctx.db.agreement.findMany({ where: { AND: [where, afterCondition] }, orderBy: [{ proposedAt: "desc" }, { id: "desc" }], take: page.first + 1 }),
      ctx.db.agreement.count({ where }),
    ]);
    const nodes = rows.slice(0, page.first);
    const cursorOf = (row: AgreementRow) => encodeCursor(row.proposedAt.toISOString(), row.id);
    const last = nodes.at(-1);
    return {
      edges: nodes.map((node) => ({ cursor: cursorOf(node), node })),
      pageInfo: { hasNextPage: rows.length > page.first, endCursor: last ? cursorOf(last) : null },
      totalCount,
    };
  }

  @Query(() => Agreement, { nullable: true, description: "One agreement version, or null when it does not exist or is not the caller's to see." })
  @Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
  agreement(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string) {
    return ctx.db.agreement.findFirst({ where: { AND: [{ id: parseId(id) }, visibleAgreements(ctx.principal)] } });
  }

  @FieldResolver(() => AgreementEffectiveStatus, { description: "Where this version stands now: status read against its period." })
  effectiveStatus(@Root() agreement: Agreement): AgreementEffectiveStatus {
    return effectiveStatus(agreement, new Date());
  }

  @FieldResolver(() => Organization, { description: "The organisation whose records are shared." })
  fromOrganization(@Root() agreement: Agreement, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.organization.load(agreement.fromOrganizationId);
  }

  @FieldResolver(() => Organization, { description: "The organisation that receives them." })
  toOrganization(@Root() agreement: Agreement, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.organization.load(agreement.toOrganizationId);
  }

  @FieldResolver(() => Organization, { description: "The party that proposed this version; the other one countersigns it." })
  proposedByOrganization(@Root() agreement: Agreement, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.organization.load(agreement.proposedByOrganizationId);
  }

  @FieldResolver(() => [AgreementEvent], { description: "Every change of every version of this agreement, oldest first." })
  async history(@Root() agreement: Agreement, @Ctx() ctx: NetworkContext): Promise<AgreementEvent[]> {
    // Visible to whoever sees this version: every version of a lineage has the same two parties.
    const rows = await ctx.db.agreementEvent.findMany({
      where: { lineageId: agreement.lineageId },
      include: { agreement: { select: { version: true } } },
      // The ledger's sequence is the order in which the changes committed.
      orderBy: [{ ledgerSeq: "asc" }, { at: "asc" }, { id: "asc" }],
    });
    return rows.map(({ agreement: version, ledgerSeq, ...event }) => ({ ...event, version: version.version, ledgerSeq: ledgerSeq?.toString() ?? null }));
  }

  @FieldResolver(() => [Agreement], { description: "Every version of this agreement, first to last (declined amendments included)." })
  versions(@Root() agreement: Agreement, @Ctx() ctx: NetworkContext) {
    return ctx.db.agreement.findMany({ where: { lineageId: agreement.lineageId }, orderBy: { version: "asc" } });
  }

  @FieldResolver(() => Agreement, {
    nullable: true,
    description: "The amendment of this version that waits for countersignature, if any. Until it is signed this version stays in force.",
  })
  pendingAmendment(@Root() agreement: Agreement, @Ctx() ctx: NetworkContext) {
    return ctx.db.agreement.findFirst({ where: { supersedesId: agreement.id, status: "PROPOSED" } });
  }
}

@Resolver(() => AgreementEvent)
export class AgreementEventResolver {
  @FieldResolver(() => Organization, { nullable: true, description: "The organisation the actor acted for." })
  actorOrganization(@Root() event: AgreementEvent, @Ctx() ctx: NetworkContext) {
    return event.actorOrganizationId ? ctx.loaders.organization.load(event.actorOrganizationId) : null;
  }

  @FieldResolver(() => Member, {
    nullable: true,
    description: "The member who acted, when they belong to the caller's own organisation (members are visible to their own organisation only); see actorMemberId otherwise.",
  })
  actor(@Root() event: AgreementEvent, @Ctx() ctx: NetworkContext) {
    if (!event.actorMemberId || !ctx.principal.organizationId) return null;
    return ctx.db.member.findFirst({ where: { id: event.actorMemberId, organizationId: ctx.principal.organizationId } });
  }
}
