import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, Field, ID, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { OrganizationKind } from "../../kit/directory.js";
import { ERROR_CODES } from "../../kit/errorCodes.js";
import { parseId } from "../../kit/ids.js";
import { access, hasAnyRole, ROLES, type Role } from "../../kit/principal.js";
import type { NetworkContext } from "../context.js";
import { Member } from "../entities/Member.js";

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
}

@Resolver()
export class PrincipalResolver {
  // @inaccessible: absent from the gateway's API, so no client can ask it; and answered only
  // for the gateway's own (system) assertion, so a stolen user assertion cannot either.
  @Query(() => PrincipalRecord, { nullable: true })
  @Directive("@inaccessible")
  async _principal(@Ctx() ctx: NetworkContext, @Arg("subject", () => String) subject: string): Promise<PrincipalRecord | null> {
    if (ctx.principal.kind !== "system") throw new GraphQLError("Not available", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
    const member = await ctx.db.member.findUnique({ where: { subject }, include: { organization: true } });
    if (member) {
      return {
        kind: "member",
        id: member.id,
        organizationId: member.organizationId,
        organizationKind: member.organization.kind,
        roles: member.roles.filter((role) => (ROLES as readonly string[]).includes(role)) as Role[],
        active: member.active,
      };
    }
    const client = await ctx.db.apiClient.findUnique({ where: { subject }, include: { organization: true } });
    if (!client) return null;
    return {
      kind: "client",
      id: client.id,
      organizationId: client.organizationId,
      organizationKind: client.organization.kind,
      roles: ["PARTNER_APP"],
      active: client.active && client.revokedAt === null,
    };
  }

  @Mutation(() => Member, { description: "Deactivates a member of the caller's organisation; refused on their very next request." })
  @Directive(access("ORG_ADMIN"))
  async deactivateMember(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string): Promise<Member> {
    const memberId = parseId(id);
    // The gateway already enforced @access; the owner of the records checks again.
    if (!hasAnyRole(ctx.principal, ["ORG_ADMIN"]) || !ctx.principal.organizationId) {
      throw new GraphQLError("Only an organisation admin may deactivate members", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
    }
    const updated = await ctx.db.member.updateManyAndReturn({
      where: { id: memberId, organizationId: ctx.principal.organizationId },
      data: { active: false, deactivatedAt: new Date() },
    });
    const member = updated[0];
    if (!member) throw new GraphQLError("No such member in your organisation", { extensions: { code: ERROR_CODES.NOT_FOUND } });
    // Announced before answering, so that every gateway refuses the member from now on.
    await ctx.services.membershipChanged();
    return member;
  }
}
