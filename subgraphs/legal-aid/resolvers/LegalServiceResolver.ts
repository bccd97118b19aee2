import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Schedule, ServiceCapacity } from "../../kit/directory.js";
import { parseId } from "../../kit/ids.js";
import type { LegalAidContext } from "../context.js";
import { LegalService } from "../entities/LegalService.js";
import { OrganizationRef } from "../entities/stubs.js";

@Resolver(() => LegalService)
export class LegalServiceResolver {
  @Query(() => LegalService, { nullable: true })
  legalService(@Ctx() ctx: LegalAidContext, @Arg("id", () => ID) id: string) {
    return ctx.loaders.service.load(parseId(id));
  }

  @FieldResolver(() => OrganizationRef, { description: "The organisation that runs the service." })
  organization(@Root() service: LegalService): OrganizationRef {
    return { id: service.organizationId };
  }

  @FieldResolver(() => ServiceCapacity, { description: "New clients the service can take now, and in all." })
  serviceCapacity(@Root() service: LegalService): ServiceCapacity {
    return { available: service.intakeAvailable, maximum: service.intakeMaximum, unit: "intake slot", updated: service.capacityUpdatedAt };
  }

  @FieldResolver(() => [Schedule], { description: "When intake is open." })
  schedules(@Root() service: LegalService, @Ctx() ctx: LegalAidContext) {
    return ctx.loaders.schedulesByService.load(service.id);
  }
}
