import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { ApiClient as ApiClientRow } from "../../../prisma/network/generated/client.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { parseId } from "../../kit/ids.js";
import { access } from "../../kit/principal.js";
import { validateInput } from "../../kit/validation.js";
import { recordAdministration } from "../administration/audit.js";
import { requireOrganizationAdmin } from "../administration/callers.js";
import { generateClientId, generateClientSecret, hashClientSecret } from "../administration/clientSecrets.js";
import { noActiveClient } from "../administration/errors.js";
import { createApiClientSchema, revokeApiClientSchema } from "../administration/input.js";
import type { NetworkContext } from "../context.js";
import { ApiClient, ApiClientCredentials, CreateApiClientInput } from "../entities/ApiClient.js";
import { Organization } from "../entities/Organization.js";

/** What an admin may see of a client: never the secret's hash. */
export function toApiClient(row: ApiClientRow): ApiClient {
  return {
    id: row.id,
    organizationId: row.organizationId,
    clientId: row.subject,
    name: row.name,
    active: row.active && row.revokedAt === null,
    hasClientSecret: row.secretHash !== null,
    createdAt: row.createdAt,
    secretRotatedAt: row.secretRotatedAt,
    revokedAt: row.revokedAt,
  };
}

/**
 * An organisation admin manages their own organisation's partner-app clients: creates one (its
 * secret shown once), rotates its secret (the old one stops working at once), revokes it (its
 * tokens are refused on the next request). Another organisation's client is NOT_FOUND.
 */
@Resolver(() => Organization)
export class ApiClientResolver {
  @FieldResolver(() => [ApiClient], { nullable: true, description: "The organisation's partner-app clients, by name; visible to its own admins only." })
  @Directive(access("ORG_ADMIN"))
  async apiClients(@Root() organization: Organization, @Ctx() ctx: NetworkContext): Promise<ApiClient[]> {
    const admin = requireOrganizationAdmin(ctx);
    if (organization.id !== admin.organizationId) {
      throw new GraphQLError("Partner-app clients are visible to their own organisation only", { extensions: { code: ERROR_CODES.OUT_OF_SCOPE } });
    }
    const rows = await ctx.db.apiClient.findMany({ where: { organizationId: organization.id }, orderBy: [{ name: "asc" }, { id: "asc" }] });
    return rows.map(toApiClient);
  }

  @Mutation(() => ApiClientCredentials, { description: "Creates a partner-app client of the caller's organisation. Its secret is in this answer and nowhere else, ever." })
  @Directive(access("ORG_ADMIN"))
  async createApiClient(@Ctx() ctx: NetworkContext, @Arg("input", () => CreateApiClientInput) input: CreateApiClientInput): Promise<ApiClientCredentials> {
    const admin = requireOrganizationAdmin(ctx);
    const valid = validateInput(createApiClientSchema, { ...input }, "input");
    const clientId = generateClientId();
    const clientSecret = generateClientSecret();
    const secretHash = await hashClientSecret(clientSecret);
    const row = await ctx.db.$transaction(async (tx) => {
      const created = await tx.apiClient.create({
        data: { id: randomUUID(), organizationId: admin.organizationId, subject: clientId, name: valid.name, secretHash, createdByMemberId: admin.memberId },
      });
      await recordAdministration(tx, ctx, admin.organizationId, { action: "API_CLIENT_CREATED", apiClientId: created.id, clientId });
      return created;
    });
    await ctx.services.membershipChanged();
    return { client: toApiClient(row), clientId, clientSecret };
  }

  @Mutation(() => ApiClientCredentials, {
    description:
      "Gives an active client of the caller's organisation a new secret, shown once; the old one stops working at once (tokens already issued run out on their own; revoke to stop them too).",
  })
  @Directive(access("ORG_ADMIN"))
  async rotateApiClientSecret(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string): Promise<ApiClientCredentials> {
    const admin = requireOrganizationAdmin(ctx);
    const clientId = parseId(id);
    const clientSecret = generateClientSecret();
    const secretHash = await hashClientSecret(clientSecret);
    // One conditional update: another organisation's client, or a revoked one, matches nothing.
    const row = await ctx.db.$transaction(async (tx) => {
      const [updated] = await tx.apiClient.updateManyAndReturn({
        where: { id: clientId, organizationId: admin.organizationId, active: true, revokedAt: null },
        data: { secretHash, secretRotatedAt: new Date() },
      });
      if (updated) await recordAdministration(tx, ctx, admin.organizationId, { action: "API_CLIENT_SECRET_ROTATED", apiClientId: updated.id });
      return updated;
    });
    if (!row) throw noActiveClient();
    await ctx.services.membershipChanged();
    return { client: toApiClient(row), clientId: row.subject, clientSecret };
  }

  @Mutation(() => ApiClient, {
    description: "Revokes a client of the caller's organisation: its secret is erased and its tokens are refused on the next request. Kept, marked revoked.",
  })
  @Directive(access("ORG_ADMIN"))
  async revokeApiClient(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string): Promise<ApiClient> {
    const admin = requireOrganizationAdmin(ctx);
    const valid = validateInput(revokeApiClientSchema, { id, reason }, "input");
    const row = await ctx.db.$transaction(async (tx) => {
      const [updated] = await tx.apiClient.updateManyAndReturn({
        where: { id: valid.id.toLowerCase(), organizationId: admin.organizationId, revokedAt: null },
        data: { active: false, revokedAt: new Date(), secretHash: null },
      });
      if (updated) await recordAdministration(tx, ctx, admin.organizationId, { action: "API_CLIENT_REVOKED", apiClientId: updated.id, reason: valid.reason });
      return updated;
    });
    if (!row) throw noActiveClient();
    // Announced before answering, so that every gateway refuses the client's tokens from now on.
    await ctx.services.membershipChanged();
    return toApiClient(row);
  }
}
