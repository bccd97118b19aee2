import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from "type-graphql";
import type { ApiClient, Member, Organization } from "../../../prisma/network/generated/client.js";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { ROLES, type Role } from "../../../vocabulary/principal.js";
import { requireSystemPrincipal } from "../../kit/principal.js";
import { verifyClientSecret } from "../administration/clientSecrets.js";
import type { NetworkContext } from "../context.js";

@ObjectType({ description: "Internal: who a token's subject is, for the gateway's live membership check." })
@Directive("@inaccessible")
export class PrincipalRecord {
  @Field(() => String)
  kind!: "member" | "client";

  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  organizationId!: string;

  @Field(() => OrganizationKind)
  organizationKind!: OrganizationKind;

  @Field(() => [String])
  roles!: Role[];

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "The membership revision announced before this record was read; null when the network announces none (no Redis).",
  })
  membershipRevision?: string | null;
}

/** Longest client id and secret worth looking at; anything longer matches nothing. */
const MAX_CLIENT_ID_LENGTH = 255;
const MAX_CLIENT_SECRET_LENGTH = 256;

function memberRecord(member: Member & { organization: Organization }): PrincipalRecord {
  return {
    kind: "member",
    id: member.id,
    organizationId: member.organizationId,
    organizationKind: member.organization.kind,
    roles: member.roles.filter((role) => (ROLES as readonly string[]).includes(role)),
    active: member.active,
  };
}

function clientRecord(client: ApiClient & { organization: Organization }): PrincipalRecord {
  return {
    kind: "client",
    id: client.id,
    organizationId: client.organizationId,
    organizationKind: client.organization.kind,
    roles: ["PARTNER_APP"],
    active: client.active && client.revokedAt === null,
  };
}

function requireSystem(ctx: NetworkContext): void {
  requireSystemPrincipal(ctx.principal);
}

// The gateway's own questions. @inaccessible: absent from the gateway's API, so no client can
// ask them; and answered only for the gateway's own (system) assertion, so a stolen user
// assertion cannot either.
@Resolver()
export class PrincipalResolver {
  @Query(() => PrincipalRecord, { nullable: true })
  @Directive("@inaccessible")
  async _principal(@Ctx() ctx: NetworkContext, @Arg("subject", () => String) subject: string): Promise<PrincipalRecord | null> {
    requireSystem(ctx);
    // Read before the record, so that the record is at least as new as the revision: a gateway
    // caches it under that revision only, and only when it reads the same one itself (the same
    // Redis, the same key prefix). Redis unreadable: no revision, and nothing is cached.
    const membershipRevision = await ctx.services.membershipRevision().catch(() => null);
    const member = await ctx.db.member.findUnique({ where: { subject }, include: { organization: true } });
    if (member) return { ...memberRecord(member), membershipRevision };
    const client = await ctx.db.apiClient.findUnique({ where: { subject }, include: { organization: true } });
    return client ? { ...clientRecord(client), membershipRevision } : null;
  }

  /**
   * The gateway's token endpoint asks this with the credentials a partner app presented. The
   * answer is the client's record only when the secret matches an active client's hash, and
   * null otherwise, whatever the reason (unknown id, wrong secret, revoked, no secret): the
   * scrypt work is done every time, so neither the answer nor its timing tells which.
   */
  @Query(() => PrincipalRecord, { nullable: true })
  @Directive("@inaccessible")
  async _verifyClientCredentials(
    @Ctx() ctx: NetworkContext,
    @Arg("clientId", () => String) clientId: string,
    @Arg("clientSecret", () => String) clientSecret: string,
  ): Promise<PrincipalRecord | null> {
    requireSystem(ctx);
    const plausible = clientId.length <= MAX_CLIENT_ID_LENGTH && clientSecret.length <= MAX_CLIENT_SECRET_LENGTH;
    const client = plausible ? await ctx.db.apiClient.findUnique({ where: { subject: clientId }, include: { organization: true } }) : null;
    const matches = await verifyClientSecret(plausible ? clientSecret : "", client?.secretHash ?? null);
    if (!client || !matches) return null;
    const record = clientRecord(client);
    return record.active ? record : null;
  }
}
