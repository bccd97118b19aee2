import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, ID, Mutation, Resolver } from "type-graphql";
import { MemberRole } from "../../../prisma/network/generated/enums.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { parseId } from "../../kit/ids.js";
import { access } from "../../kit/principal.js";
import { validateInput } from "../../kit/validation.js";
import { recordAdministration } from "../administration/audit.js";
import { requireOrganizationAdmin } from "../administration/callers.js";
import { noSuchMember } from "../administration/errors.js";
import { inviteMemberSchema, setMemberRolesSchema } from "../administration/input.js";
import { assertAnotherActiveAdmin, lockOrganizationMembers } from "../administration/lockOut.js";
import { assertMemberIdentityFree, uniqueViolation } from "../administration/uniqueness.js";
import type { NetworkContext } from "../context.js";
import { InviteMemberInput, Member } from "../entities/Member.js";

/**
 * An organisation admin manages the members of their own organisation, and of no other: a
 * member of another organisation is NOT_FOUND, as if it did not exist. Every change is announced
 * to the gateways (`membershipChanged`) after it commits and before the answer, so it holds from
 * the member's very next request.
 */
@Resolver(() => Member)
export class MemberAdministrationResolver {
  @Mutation(() => Member, { description: "Adds a member to the caller's organisation; they sign in with the identity provider account named by `subject`." })
  @Directive(access("ORG_ADMIN"))
  async inviteMember(@Ctx() ctx: NetworkContext, @Arg("input", () => InviteMemberInput) input: InviteMemberInput): Promise<Member> {
    const admin = requireOrganizationAdmin(ctx);
    const valid = validateInput(inviteMemberSchema(admin.organizationKind), { ...input }, "input");
    const member = await ctx.db
      .$transaction(async (tx) => {
        await assertMemberIdentityFree(tx, valid);
        const created = await tx.member.create({
          data: {
            id: randomUUID(),
            organizationId: admin.organizationId,
            subject: valid.subject,
            displayName: valid.displayName,
            email: valid.email,
            roles: valid.roles,
            invitedByMemberId: admin.memberId,
          },
        });
        await recordAdministration(tx, ctx, admin.organizationId, { action: "MEMBER_INVITED", memberId: created.id, roles: created.roles });
        return created;
      })
      .catch((error: unknown) => {
        throw uniqueViolation(error, { subject: "subject", email: "email" });
      });
    // A gateway may remember that this subject was unknown (Redis cache): announce the change.
    await ctx.services.membershipChanged();
    return member;
  }

  @Mutation(() => Member, { description: "Replaces the roles of a member of the caller's organisation; refused if it would leave the organisation without an active admin." })
  @Directive(access("ORG_ADMIN"))
  async setMemberRoles(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string, @Arg("roles", () => [MemberRole]) roles: MemberRole[]): Promise<Member> {
    const admin = requireOrganizationAdmin(ctx);
    const valid = validateInput(setMemberRolesSchema(admin.organizationKind), { id, roles }, "input");
    const member = await ctx.db.$transaction(async (tx) => {
      await lockOrganizationMembers(tx, admin.organizationId);
      const current = await tx.member.findFirst({ where: { id: valid.id.toLowerCase(), organizationId: admin.organizationId } });
      if (!current) throw noSuchMember();
      // Stewardship is given by the network's operators, and taken away by them.
      if (current.roles.includes("NETWORK_STEWARD")) {
        throw new GraphQLError("A network steward's roles are not managed by an organisation admin", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
      }
      if (current.active && current.roles.includes("ORG_ADMIN") && !valid.roles.includes("ORG_ADMIN")) {
        await assertAnotherActiveAdmin(tx, admin.organizationId, current.id);
      }
      const updated = await tx.member.update({ where: { id: current.id }, data: { roles: valid.roles } });
      await recordAdministration(tx, ctx, admin.organizationId, { action: "MEMBER_ROLES_CHANGED", memberId: current.id, from: current.roles, to: updated.roles });
      return updated;
    });
    await ctx.services.membershipChanged();
    return member;
  }

  @Mutation(() => Member, {
    description: "Deactivates a member of the caller's organisation; refused on their very next request. Refused for the organisation's last active admin.",
  })
  @Directive(access("ORG_ADMIN"))
  async deactivateMember(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string): Promise<Member> {
    const admin = requireOrganizationAdmin(ctx);
    const memberId = parseId(id);
    const member = await ctx.db.$transaction(async (tx) => {
      await lockOrganizationMembers(tx, admin.organizationId);
      const current = await tx.member.findFirst({ where: { id: memberId, organizationId: admin.organizationId } });
      if (!current) throw noSuchMember();
      if (!current.active) return current;
      if (current.roles.includes("ORG_ADMIN")) await assertAnotherActiveAdmin(tx, admin.organizationId, current.id);
      const updated = await tx.member.update({ where: { id: current.id }, data: { active: false, deactivatedAt: new Date() } });
      await recordAdministration(tx, ctx, admin.organizationId, { action: "MEMBER_DEACTIVATED", memberId: current.id });
      return updated;
    });
    // Announced before answering, so that every gateway refuses the member from now on.
    await ctx.services.membershipChanged();
    return member;
  }
}
