import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { access } from "../../kit/principal.js";
import { ownOrganizationPage } from "../../kit/scope.js";
import type { LegalAidContext } from "../context.js";
import { LegalProfile, LegalProfileConnection } from "../entities/LegalProfile.js";
import { OrganizationRef, SurvivorRef } from "../entities/stubs.js";

@Resolver(() => LegalProfile)
export class LegalProfileResolver {
  @Query(() => LegalProfileConnection, { nullable: true, description: "Legal profiles held by the caller's own organisation." })
  @Directive(access("CASEWORKER"))
  legalProfiles(
    @Ctx() ctx: LegalAidContext,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    // Partner root lists show only what the caller's own organisation holds.
    return ownOrganizationPage(
      ctx.principal,
      first,
      after,
      (q) => ctx.db.legalProfile.findMany(q),
      (q) => ctx.db.legalProfile.count(q),
    );
  }

  @FieldResolver(() => SurvivorRef, { nullable: true, description: "The survivor the profile is about, when your organisation may see them." })
  survivor(@Root() profile: LegalProfile): SurvivorRef {
    return { id: profile.survivorId };
  }

  @FieldResolver(() => OrganizationRef, { description: "The legal-aid organisation that holds the profile." })
  organization(@Root() profile: LegalProfile): OrganizationRef {
    return { id: profile.organizationId };
  }
}
