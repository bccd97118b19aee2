import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { access } from "../../kit/principal.js";
import { parseId } from "../../kit/ids.js";
import { keysetPage, pageArgs } from "../../kit/pagination.js";
import type { NetworkContext } from "../context.js";
import { visibleSurvivors } from "../visibility.js";
import { Organization } from "../entities/Organization.js";
import { Survivor, SurvivorConnection } from "../entities/Survivor.js";

@Resolver(() => Survivor)
export class SurvivorResolver {
  @Query(() => SurvivorConnection, { nullable: true, description: "Survivor records the caller's organisation may see, by pseudonym." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  survivors(@Ctx() ctx: NetworkContext, @Arg("first", () => Int, { nullable: true }) first: number | null, @Arg("after", () => String, { nullable: true }) after: string | null) {
    return keysetPage(
      pageArgs(first, after),
      "pseudonym",
      ({ after: afterCondition, orderBy, take }) => ctx.db.survivor.findMany({ where: { AND: [visibleSurvivors(ctx.principal), afterCondition ?? {}] }, orderBy, take }),
      () => ctx.db.survivor.count({ where: visibleSurvivors(ctx.principal) }),
    );
  }

  @Query(() => Survivor, { nullable: true, description: "A survivor record, or null when it does not exist or is not visible to the caller." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  survivor(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string) {
    return ctx.loaders.survivor.load(parseId(id));
  }

  @FieldResolver(() => ID, { description: "The organisation that registered the survivor: the owner of this record." })
  ownerOrganizationId(@Root() survivor: Survivor): string {
    return survivor.registeredByOrganizationId;
  }

  @FieldResolver(() => Organization, { description: "The organisation that registered the survivor with the network." })
  registeredBy(@Root() survivor: Survivor, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.organization.load(survivor.registeredByOrganizationId);
  }
}
