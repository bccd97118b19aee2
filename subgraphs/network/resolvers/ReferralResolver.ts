import type { Prisma, Referral as ReferralRow, ReferralEvent as ReferralEventRow } from "../../../prisma/network/generated/client.js";
import { ReferralDeclineReason } from "../../../prisma/network/generated/enums.js";
import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { z } from "zod";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { encodeCursor, pageArgs, type Connection } from "../../kit/pagination.js";
import { access } from "../../kit/principal.js";
import { validateInput } from "../../kit/validation.js";
import type { NetworkContext } from "../context.js";
import { Organization } from "../entities/Organization.js";
import { Referral, ReferralConnection, ReferralEvent, ReferralEventConnection, ReferralFilter, SubmitReferralInput } from "../entities/Referral.js";
import { Survivor } from "../entities/Survivor.js";
import { moveReferral, partyReferrals, requireReferralActor, submitReferral } from "../referrals/referralService.js";
import { MOVES } from "../referrals/transitions.js";

export function toReferral(row: ReferralRow): Referral {
  // statusDetail is written by the move into the status the referral is in (a decline, hand-back or
  // withdrawal, each an end): the party whose move that is wrote it. The submission is the sender's.
  const author = MOVES[row.status]?.by ?? "SENDER";
  const statusDetailOrganizationId = author === "SENDER" ? row.senderOrganizationId : row.receiverOrganizationId;
  return { ...row, ownerOrganizationId: row.senderOrganizationId, statusDetailOrganizationId };
}

/** An event as the schema shows it, with its referral's survivor (the subject its reason is decided on). */
function toEvent(row: ReferralEventRow, survivorId: string): ReferralEvent {
  if (row.actorOrganizationId === null) throw new Error(`referral event ${row.id} has no acting organisation`);
  return { ...row, survivorId, actorOrganizationId: row.actorOrganizationId, cursor: eventCursorOf(row.position) };
}

function eventCursorOf(position: bigint): string {
  return Buffer.from(position.toString()).toString("base64url");
}

const filterSchema = z
  .object({
    statuses: z.array(z.string()).max(9).nullish(),
    urgencies: z.array(z.string()).max(3).nullish(),
    submittedFrom: z.date().nullish(),
    submittedUntil: z.date().nullish(),
  })
  .strict()
  .refine((f) => !f.submittedFrom || !f.submittedUntil || f.submittedUntil > f.submittedFrom, { message: "must be after submittedFrom", path: ["submittedUntil"] });

function filterWhere(filter: ReferralFilter | null | undefined): Prisma.ReferralWhereInput {
  const valid = validateInput(filterSchema, { ...filter }, "filter");
  return {
    ...(valid.statuses?.length ? { status: { in: filter!.statuses! } } : {}),
    ...(valid.urgencies?.length ? { urgency: { in: filter!.urgencies! } } : {}),
    ...(valid.submittedFrom || valid.submittedUntil
      ? { createdAt: { ...(valid.submittedFrom ? { gte: valid.submittedFrom } : {}), ...(valid.submittedUntil ? { lt: valid.submittedUntil } : {}) } }
      : {}),
  };
}

/** Newest first, by (createdAt, id) descending; the cursor holds both. */
async function newestFirst(ctx: NetworkContext, where: Prisma.ReferralWhereInput, first: number | null, after: string | null): Promise<Connection<Referral>> {
  const page = pageArgs(first, after);
  const cursor = page.after;
  const before: Prisma.ReferralWhereInput | undefined = cursor
    ? { OR: [{ createdAt: { lt: new Date(cursor.k) } }, { createdAt: new Date(cursor.k), id: { lt: cursor.id } }] }
    : undefined;
  const [rows, totalCount] = await Promise.all([
    ctx.db.referral.findMany({ where: { AND: [where, before ?? {}] }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: page.first + 1 }),
    ctx.db.referral.count({ where }),
  ]);
  const nodes = rows.slice(0, page.first).map(toReferral);
  const last = nodes.at(-1);
  return {
    edges: nodes.map((node) => ({ cursor: encodeCursor(node.createdAt.toISOString(), node.id), node })),
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: last ? encodeCursor(last.createdAt.toISOString(), last.id) : null },
    totalCount,
  };
}

const eventCursor = z.string().regex(/^[0-9]{1,19}$/);

@Resolver(() => Referral)
export class ReferralResolver {
  @Query(() => ReferralConnection, { nullable: true, description: "Referrals your organisation sent, newest first." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  referralsSent(
    @Ctx() ctx: NetworkContext,
    @Arg("filter", () => ReferralFilter, { nullable: true }) filter: ReferralFilter | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    const { organizationId } = requireReferralActor(ctx.principal);
    return newestFirst(ctx, { senderOrganizationId: organizationId, ...filterWhere(filter) }, first, after);
  }

  @Query(() => ReferralConnection, { nullable: true, description: "Referrals your organisation received, newest first." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  referralsReceived(
    @Ctx() ctx: NetworkContext,
    @Arg("filter", () => ReferralFilter, { nullable: true }) filter: ReferralFilter | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    const { organizationId } = requireReferralActor(ctx.principal);
    return newestFirst(ctx, { receiverOrganizationId: organizationId, ...filterWhere(filter) }, first, after);
  }

  @Query(() => Referral, { nullable: true, description: "A referral your organisation sent or received; null otherwise." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  async referral(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string) {
    const { organizationId } = requireReferralActor(ctx.principal);
    if (!z.uuid().safeParse(id).success) return null;
    const row = await ctx.db.referral.findFirst({ where: { id, ...partyReferrals(organizationId) } });
    return row ? toReferral(row) : null;
  }

  @Query(() => ReferralEventConnection, {
    nullable: true,
    description:
      "Events of your organisation's referrals after a cursor, oldest first: for partner apps that poll. Keep `pageInfo.endCursor` and pass it as `after` next time; it is null when there was nothing new (keep your cursor). `totalCount` counts the events after `after`.",
  })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER", "PARTNER_APP"))
  async referralEvents(
    @Ctx() ctx: NetworkContext,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
  ): Promise<Connection<ReferralEvent>> {
    const organizationId = ctx.principal.organizationId;
    if (!organizationId) throw new GraphQLError("Only an organisation's members and apps read its referral events", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
    const size = pageArgs(first, null).first;
    let position = 0n;
    if (after) {
      const decoded = eventCursor.safeParse(Buffer.from(after, "base64url").toString("utf8"));
      if (!decoded.success) throw new GraphQLError("The `after` cursor is not one this API issued", { extensions: { code: ERROR_CODES.BAD_USER_INPUT, argumentName: "after" } });
      position = BigInt(decoded.data);
    }
    // Positions become visible in order (README, "Event feeds"): nothing below the cursor can still appear.
    const where = { position: { gt: position }, organizationIds: { has: organizationId } };
    const [rows, totalCount] = await Promise.all([
      ctx.db.referralEvent.findMany({ where, orderBy: { position: "asc" }, take: size + 1, include: { referral: { select: { survivorId: true } } } }),
      ctx.db.referralEvent.count({ where }),
    ]);
    const events = rows.slice(0, size).map((row) => toEvent(row, row.referral.survivorId));
    return {
      edges: events.map((node) => ({ cursor: node.cursor, node })),
      pageInfo: { hasNextPage: rows.length > size, endCursor: events.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  @Mutation(() => Referral, { description: "Sends a referral. Nothing is written unless consent and agreement cover every shared category for the purpose." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  async submitReferral(@Ctx() ctx: NetworkContext, @Arg("input", () => SubmitReferralInput) input: SubmitReferralInput) {
    return toReferral(await submitReferral(ctx, { ...input }));
  }

  @Mutation(() => Referral, { description: "The receiver has seen the referral." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  async acknowledgeReferral(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string, @Arg("expectedVersion", () => Int) expectedVersion: number) {
    return toReferral(await moveReferral(ctx, "ACKNOWLEDGED", { id, expectedVersion }));
  }

  @Mutation(() => Referral, { description: "The receiver takes the survivor on." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  async acceptReferral(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string, @Arg("expectedVersion", () => Int) expectedVersion: number) {
    return toReferral(await moveReferral(ctx, "ACCEPTED", { id, expectedVersion }));
  }

  @Mutation(() => Referral, { description: "The receiver declines, with a reason from the list and free text." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  async declineReferral(
    @Ctx() ctx: NetworkContext,
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("reason", () => ReferralDeclineReason) declineReason: ReferralDeclineReason,
    @Arg("detail", () => String, { nullable: true }) detail: string | null,
  ) {
    return toReferral(await moveReferral(ctx, "DECLINED", { id, expectedVersion, declineReason, reason: detail }));
  }

  @Mutation(() => Referral, { description: "The service has started." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  async startReferralService(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string, @Arg("expectedVersion", () => Int) expectedVersion: number) {
    return toReferral(await moveReferral(ctx, "IN_SERVICE", { id, expectedVersion }));
  }

  @Mutation(() => Referral, { description: "The service ended as planned; the outcome is required." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  async completeReferral(
    @Ctx() ctx: NetworkContext,
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("outcome", () => String) outcome: string,
  ) {
    return toReferral(await moveReferral(ctx, "COMPLETED", { id, expectedVersion, outcome }));
  }

  @Mutation(() => Referral, { description: "The service ended otherwise; the outcome is required." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  async closeReferral(
    @Ctx() ctx: NetworkContext,
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("outcome", () => String) outcome: string,
  ) {
    return toReferral(await moveReferral(ctx, "CLOSED", { id, expectedVersion, outcome }));
  }

  @Mutation(() => Referral, { description: "The sender withdraws an open referral; a reason is required." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  async withdrawReferral(
    @Ctx() ctx: NetworkContext,
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("reason", () => String) reason: string,
  ) {
    return toReferral(await moveReferral(ctx, "WITHDRAWN", { id, expectedVersion, reason }));
  }

  @Mutation(() => Referral, { description: "The receiver hands the referral back to the sender; a reason is required." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  async handBackReferral(
    @Ctx() ctx: NetworkContext,
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("reason", () => String) reason: string,
  ) {
    return toReferral(await moveReferral(ctx, "HANDED_BACK", { id, expectedVersion, reason }));
  }

  @FieldResolver(() => Organization)
  senderOrganization(@Root() referral: Referral, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.organization.load(referral.senderOrganizationId);
  }

  @FieldResolver(() => Organization)
  receiverOrganization(@Root() referral: Referral, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.organization.load(referral.receiverOrganizationId);
  }

  @FieldResolver(() => Survivor, { nullable: true, description: "The survivor referred, when your organisation may see them." })
  survivor(@Root() referral: Referral, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.survivor.load(referral.survivorId);
  }

  @FieldResolver(() => [ReferralEvent], { description: "Every step, in order, with actor, organisation, time and reason." })
  async events(@Root() referral: Referral, @Ctx() ctx: NetworkContext) {
    const rows = await ctx.db.referralEvent.findMany({ where: { referralId: referral.id }, orderBy: { position: "asc" } });
    return rows.map((row) => toEvent(row, referral.survivorId));
  }
}
