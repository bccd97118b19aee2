import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { access } from "../../kit/principal.js";
import { ownOrganizationPage } from "../../kit/scope.js";
import { sensitive } from "../../kit/sensitive.js";
import type { SheltersContext } from "../context.js";
import { ResidentProfile, ResidentProfileConnection } from "../entities/ResidentProfile.js";
import { ShelterProgram } from "../entities/ShelterProgram.js";
import { OrganizationRef, SurvivorRef } from "../entities/stubs.js";

@Resolver(() => ResidentProfile)
export class ResidentProfileResolver {
  @Query(() => ResidentProfileConnection, { nullable: true, description: "Resident profiles held by the caller's own organisation." })
  @Directive(access("CASEWORKER"))
  residentProfiles(
    @Ctx() ctx: SheltersContext,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    // Partner root lists show only what the caller's own organisation holds.
    return ownOrganizationPage(
      ctx.principal,
      first,
      after,
      (q) => ctx.db.residentProfile.findMany(q),
      (q) => ctx.db.residentProfile.count(q),
    );
  }

  @FieldResolver(() => String, { nullable: true, description: "ISO 8601 calendar date, YYYY-MM-DD." })
  @Directive(sensitive("IDENTITY"))
  dateOfBirth(@Root() profile: ResidentProfile): string | null {
    return profile.dateOfBirth ? profile.dateOfBirth.toISOString().slice(0, 10) : null;
  }

  @FieldResolver(() => SurvivorRef, { nullable: true, description: "The survivor the profile is about, when your organisation may see them." })
  survivor(@Root() profile: ResidentProfile): SurvivorRef {
    return { id: profile.survivorId };
  }

  @FieldResolver(() => OrganizationRef, { description: "The shelter organisation that holds the profile." })
  organization(@Root() profile: ResidentProfile): OrganizationRef {
    return { id: profile.organizationId };
  }

  @FieldResolver(() => ShelterProgram, { nullable: true, description: "The programme the survivor stays in, if any." })
  program(@Root() profile: ResidentProfile, @Ctx() ctx: SheltersContext) {
    return profile.programId ? ctx.loaders.program.load(profile.programId) : null;
  }
}
