import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { NetworkContext } from "../context.js";
import { Member } from "../entities/Member.js";
import { Organization } from "../entities/Organization.js";

@Resolver(() => Member)
export class MemberResolver {
  @FieldResolver(() => Organization)
  organization(@Root() member: Member, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.organization.load(member.organizationId);
  }
}
