import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { access } from "../../kit/principal.js";
import { ownOrganizationPage } from "../../kit/scope.js";
import type { LawEnforcementContext } from "../context.js";
import { LiaisonProfile, LiaisonProfileConnection } from "../entities/LiaisonProfile.js";
import { OrganizationRef, SurvivorRef } from "../entities/stubs.js";

@Resolver(() => LiaisonProfile)
export class LiaisonProfileResolver {
  @Query(() => LiaisonProfileConnection, { nullable: true, description: "Liaison profiles held by the caller's own organisation." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  liaisonProfiles(
    @Ctx() ctx: LawEnforcementContext,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    // Partner root lists show only what the caller's own organisation holds.
    return ownOrganizationPage(
      ctx.principal,
      first,
      after,
      (q) => ctx.db.liaisonProfile.findMany(q),
      (q) => ctx.db.liaisonProfile.count(q),
    );
  }

  @FieldResolver(() => SurvivorRef, { nullable: true, description: "The survivor the profile is about, when your organisation may see them." })
  survivor(@Root() profile: LiaisonProfile): SurvivorRef {
    return { id: profile.survivorId };
  }

  @FieldResolver(() => OrganizationRef, { description: "The liaison organisation that holds the profile." })
  organization(@Root() profile: LiaisonProfile): OrganizationRef {
    return { id: profile.organizationId };
  }
}
