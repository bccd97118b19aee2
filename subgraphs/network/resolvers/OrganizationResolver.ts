import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, ID, InputType, Field, Int, Query, Resolver, Root } from "type-graphql";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { access } from "../../kit/principal.js";
import { languageTag } from "../../kit/directory.js";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { parseId } from "../../kit/ids.js";
import { keysetPage, pageArgs } from "../../kit/pagination.js";
import { validateInput } from "../../kit/validation.js";
import { z } from "zod";
import type { NetworkContext } from "../context.js";
import { Member } from "../entities/Member.js";
import { Organization, OrganizationConnection } from "../entities/Organization.js";

@InputType({ description: "Narrows the list of organisations." })
export class OrganizationFilter {
  @Field(() => [OrganizationKind], { nullable: true })
  kinds?: OrganizationKind[];

  @Field(() => [String], { nullable: true, description: "BCP 47 tags; an organisation matches if it works in any of them." })
  languages?: string[];
}

const organizationFilterSchema = z.object({ kinds: z.array(z.enum(OrganizationKind)).max(4).optional(), languages: z.array(languageTag).max(20).optional() }).strict();

export function organizationWhere(filter: z.infer<typeof organizationFilterSchema>) {
  return {
    ...(filter.kinds?.length ? { kind: { in: filter.kinds } } : {}),
    ...(filter.languages?.length ? { languages: { hasSome: filter.languages } } : {}),
  };
}

export async function listOrganizations(ctx: NetworkContext, filter: z.infer<typeof organizationFilterSchema>, first: number | null | undefined, after: string | null | undefined) {
  const where = organizationWhere(filter);
  return keysetPage(
    pageArgs(first, after),
    "name",
    ({ after: afterCondition, orderBy, take }) => ctx.db.organization.findMany({ where: { AND: [where, afterCondition ?? {}] }, orderBy, take }),
    () => ctx.db.organization.count({ where }),
  );
}

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => OrganizationConnection, { description: "Partner organisations, by name." })
  organizations(
    @Ctx() ctx: NetworkContext,
    @Arg("filter", () => OrganizationFilter, { nullable: true }) filter: OrganizationFilter | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    return listOrganizations(ctx, validateInput(organizationFilterSchema, filter ?? {}, "filter"), first, after);
  }

  @Query(() => Organization, { nullable: true })
  organization(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string) {
    return ctx.loaders.organization.load(parseId(id));
  }

  @FieldResolver(() => [Member], { nullable: true, description: "Members of the organisation, by name; visible to its own admins only." })
  @Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
  members(@Root() organization: Organization, @Ctx() ctx: NetworkContext) {
    if (organization.id !== ctx.principal.organizationId) {
      throw new GraphQLError("Members are visible to their own organisation only", { extensions: { code: ERROR_CODES.OUT_OF_SCOPE } });
    }
    return ctx.db.member.findMany({ where: { organizationId: organization.id }, orderBy: [{ displayName: "asc" }, { id: "asc" }] });
  }
}
