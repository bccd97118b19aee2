import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { WebhookDelivery as WebhookDeliveryRow, WebhookSubscription as WebhookSubscriptionRow } from "../../../prisma/network/generated/client.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { parseId } from "../../kit/ids.js";
import { encodeCursor, foreignCursor, pageArgs, pageOfRows, type Connection, type Cursor } from "../../kit/pagination.js";
import { access } from "../../kit/principal.js";
import { validateInput } from "../../kit/validation.js";
import { recordAdministration } from "../administration/audit.js";
import { requireOrganizationAdmin } from "../administration/callers.js";
import type { NetworkContext } from "../context.js";
import { WebhookDelivery, WebhookDeliveryConnection, WebhookRegistration, WebhookSubscription, WebhookSubscriptionConnection } from "../entities/Webhook.js";
import { cursorPosition } from "../webhooks/positionCursor.js";
import { generateWebhookSecret } from "../webhooks/signature.js";
import { readWebhookConfig, WEBHOOK_MAX_ACTIVE_PER_ORGANIZATION } from "../webhooks/webhookConfig.js";
import { webhookUrlSchema } from "../webhooks/webhookUrl.js";

/** Never the secret. */
function toSubscription(row: WebhookSubscriptionRow): WebhookSubscription {
  return { id: row.id, organizationId: row.organizationId, url: row.url, active: row.active, createdAt: row.createdAt };
}

function toDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return { ...row, eventPosition: row.eventPosition.toString() };
}

function noSuchWebhook(): GraphQLError {
  return new GraphQLError("No such webhook in your organisation", { extensions: { code: ERROR_CODES.NOT_FOUND } });
}

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The creation time where a page of webhooks stopped (a cursor's key, as `toISOString` wrote it). */
function cursorInstant(cursor: Cursor): Date {
  const at = new Date(cursor.k);
  if (!ISO_INSTANT.test(cursor.k) || Number.isNaN(at.getTime()) || at.toISOString() !== cursor.k) throw foreignCursor();
  return at;
}

/**
 * An organisation admin manages where their organisation's referral events are POSTed. Another
 * organisation's webhook is NOT_FOUND.
 */
@Resolver()
export class WebhookResolver {
  @Query(() => WebhookSubscriptionConnection, { nullable: true, description: "Your organisation's webhooks, active or not, newest first (without their secrets)." })
  @Directive(access("ORG_ADMIN"))
  async webhookSubscriptions(
    @Ctx() ctx: NetworkContext,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<WebhookSubscription>> {
    const admin = requireOrganizationAdmin(ctx);
    const page = pageArgs(first, after);
    const where = { organizationId: admin.organizationId };
    // Keyset, newest first: (createdAt, id) descending.
    let before = {};
    if (page.after) {
      const at = cursorInstant(page.after);
      before = { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: page.after.id } }] };
    }
    const [rows, totalCount] = await Promise.all([
      ctx.db.webhookSubscription.findMany({ where: { AND: [where, before] }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: page.first + 1 }),
      ctx.db.webhookSubscription.count({ where }),
    ]);
    return pageOfRows(page, rows.map(toSubscription), (row) => encodeCursor(row.createdAt.toISOString(), row.id), totalCount);
  }

  @Query(() => WebhookDeliveryConnection, { nullable: true, description: "Deliveries to one of your organisation's webhooks, newest event first." })
  @Directive(access("ORG_ADMIN"))
  async webhookDeliveries(
    @Ctx() ctx: NetworkContext,
    @Arg("subscriptionId", () => ID) subscriptionId: string,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<WebhookDelivery>> {
    const admin = requireOrganizationAdmin(ctx);
    const id = parseId(subscriptionId, "subscriptionId");
    const page = pageArgs(first, after);
    // One delivery per event and webhook: the position alone orders a webhook's deliveries.
    const before = page.after ? { eventPosition: { lt: cursorPosition(page.after) } } : {};
    const subscription = await ctx.db.webhookSubscription.findFirst({ where: { id, organizationId: admin.organizationId }, select: { id: true } });
    if (!subscription) throw noSuchWebhook();
    const where = { subscriptionId: id };
    const [rows, totalCount] = await Promise.all([
      ctx.db.webhookDelivery.findMany({ where: { ...where, ...before }, orderBy: { eventPosition: "desc" }, take: page.first + 1 }),
      ctx.db.webhookDelivery.count({ where }),
    ]);
    return pageOfRows(page, rows.map(toDelivery), (row) => encodeCursor(row.eventPosition, row.id), totalCount);
  }

  @Mutation(() => WebhookRegistration, {
    description: `Registers a webhook of your organisation: its referral events from now on are POSTed to \`url\`, signed. The signing secret is in this answer and nowhere else. At most ${WEBHOOK_MAX_ACTIVE_PER_ORGANIZATION} active webhooks per organisation.`,
  })
  @Directive(access("ORG_ADMIN"))
  async registerWebhook(@Ctx() ctx: NetworkContext, @Arg("url", () => String) url: string): Promise<WebhookRegistration> {
    const admin = requireOrganizationAdmin(ctx);
    const valid = validateInput(webhookUrlSchema(readWebhookConfig(ctx.env).allowHttp), url, "url");
    const secret = generateWebhookSecret();
    const row = await ctx.db.$transaction(async (tx) => {
      // The organisation's row is the lock that makes "at most N active" hold under concurrent calls.
      await tx.$queryRaw`SELECT id FROM organization WHERE id = ${admin.organizationId}::uuid FOR UPDATE`;
      const active = await tx.webhookSubscription.count({ where: { organizationId: admin.organizationId, active: true } });
      if (active >= WEBHOOK_MAX_ACTIVE_PER_ORGANIZATION) {
        throw new GraphQLError(`Your organisation already has ${WEBHOOK_MAX_ACTIVE_PER_ORGANIZATION} active webhooks; deactivate one first`, {
          extensions: { code: ERROR_CODES.BAD_USER_INPUT, argumentName: "url" },
        });
      }
      // Events from now on: everything already written is before the subscription existed.
      const newest = await tx.referralEvent.aggregate({ _max: { position: true } });
      const created = await tx.webhookSubscription.create({
        data: { id: randomUUID(), organizationId: admin.organizationId, url: valid, secret, createdByMemberId: admin.memberId, enqueuedUpTo: newest._max.position ?? 0n },
      });
      await recordAdministration(tx, ctx, admin.organizationId, { action: "WEBHOOK_REGISTERED", webhookSubscriptionId: created.id });
      return created;
    });
    return { subscription: toSubscription(row), secret };
  }

  @Mutation(() => WebhookSubscription, { description: "Deactivates a webhook of your organisation: nothing more is sent to it, retries included. Kept, with its deliveries." })
  @Directive(access("ORG_ADMIN"))
  async deactivateWebhook(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string): Promise<WebhookSubscription> {
    const admin = requireOrganizationAdmin(ctx);
    const subscriptionId = parseId(id);
    const row = await ctx.db.$transaction(async (tx) => {
      const [updated] = await tx.webhookSubscription.updateManyAndReturn({
        where: { id: subscriptionId, organizationId: admin.organizationId, active: true },
        data: { active: false },
      });
      if (updated) await recordAdministration(tx, ctx, admin.organizationId, { action: "WEBHOOK_DEACTIVATED", webhookSubscriptionId: updated.id });
      return updated ?? (await tx.webhookSubscription.findFirst({ where: { id: subscriptionId, organizationId: admin.organizationId } }));
    });
    if (!row) throw noSuchWebhook();
    return toSubscription(row);
  }
}
