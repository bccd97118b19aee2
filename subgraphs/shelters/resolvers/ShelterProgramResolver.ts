import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Schedule, ServiceCapacity } from "../../kit/directory.js";
import { parseId } from "../../kit/ids.js";
import type { SheltersContext } from "../context.js";
import { ShelterProgram, ShelterSite } from "../entities/ShelterProgram.js";
import { OrganizationRef } from "../entities/stubs.js";

@Resolver(() => ShelterProgram)
export class ShelterProgramResolver {
  @Query(() => ShelterProgram, { nullable: true })
  shelterProgram(@Ctx() ctx: SheltersContext, @Arg("id", () => ID) id: string) {
    return ctx.loaders.program.load(parseId(id));
  }

  @FieldResolver(() => OrganizationRef, { description: "The organisation that runs the programme." })
  organization(@Root() program: ShelterProgram): OrganizationRef {
    return { id: program.organizationId };
  }

  @FieldResolver(() => ServiceCapacity, { description: "Beds free now and in all." })
  serviceCapacity(@Root() program: ShelterProgram): ServiceCapacity {
    return { available: program.bedsAvailable, maximum: program.bedsTotal, unit: "bed", updated: program.capacityUpdatedAt };
  }

  @FieldResolver(() => [Schedule], { description: "When intake is open." })
  schedules(@Root() program: ShelterProgram, @Ctx() ctx: SheltersContext) {
    return ctx.loaders.schedulesByProgram.load(program.id);
  }

  @FieldResolver(() => ShelterSite)
  site(@Root() program: ShelterProgram): ShelterSite {
    return {
      ownerOrganizationId: program.organizationId,
      confidential: program.confidentialSite,
      city: program.city,
      region: program.region,
      country: program.country,
      addressLine: program.addressLine,
      postalCode: program.postalCode,
    };
  }
}
