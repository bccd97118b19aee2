import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Schedule, ServiceCapacity } from "../../kit/directory.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { parseId } from "../../kit/ids.js";
import { access } from "../../kit/principal.js";
import type { SheltersContext } from "../context.js";
import { Bed } from "../entities/Bed.js";
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

  @FieldResolver(() => [Bed], { nullable: true, description: "The programme's beds, by label, and whether each is taken. Only the programme's own organisation sees them." })
  @Directive(access("CASEWORKER"))
  beds(@Root() program: ShelterProgram, @Ctx() ctx: SheltersContext) {
    if (program.organizationId !== ctx.principal.organizationId) {
      throw new GraphQLError("Only the programme's own organisation sees its beds", { extensions: { code: ERROR_CODES.OUT_OF_SCOPE } });
    }
    return ctx.loaders.bedsByProgram.load(program.id);
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
      // A site's address is in exactly one pair: public for open sites, tagged
      // CONFIDENTIAL_SITE (released by the gateway's rule) for confidential ones.
      publicAddress: program.confidentialSite ? null : program.addressLine,
      publicPostalCode: program.confidentialSite ? null : program.postalCode,
      confidentialAddress: program.confidentialSite ? program.addressLine : null,
      confidentialPostalCode: program.confidentialSite ? program.postalCode : null,
    };
  }
}
