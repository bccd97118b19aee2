import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { parseId } from "../../kit/ids.js";
import { keysetPage, pageArgs } from "../../kit/pagination.js";
import type { NetworkContext } from "../context.js";
import { Organization } from "../entities/Organization.js";
import { Survivor, SurvivorConnection } from "../entities/Survivor.js";

@Resolver(() => Survivor)
export class SurvivorResolver {
  @Query(() => SurvivorConnection, { description: "Survivor records, by pseudonym." })
  survivors(
    @Ctx() ctx: NetworkContext,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    return keysetPage(
      pageArgs(first, after),
      "pseudonym",
      ({ after: afterCondition, orderBy, take }) => ctx.db.survivor.findMany({ where: afterCondition ?? {}, orderBy, take }),
      () => ctx.db.survivor.count(),
    );
  }

  @Query(() => Survivor, { nullable: true })
  survivor(@Ctx() ctx: NetworkContext, @Arg("id", () => ID) id: string) {
    return ctx.loaders.survivor.load(parseId(id));
  }

  @FieldResolver(() => Organization, { description: "The organisation that registered the survivor with the network." })
  registeredBy(@Root() survivor: Survivor, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.organization.load(survivor.registeredByOrganizationId);
  }
}
