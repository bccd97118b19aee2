import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Schedule } from "../../kit/directory.js";
import { parseId } from "../../kit/ids.js";
import type { LawEnforcementContext } from "../context.js";
import { LiaisonUnit, VictimServicesContact } from "../entities/LiaisonUnit.js";
import { OrganizationRef } from "../entities/stubs.js";

@Resolver(() => LiaisonUnit)
export class LiaisonUnitResolver {
  @Query(() => LiaisonUnit, { nullable: true })
  liaisonUnit(@Ctx() ctx: LawEnforcementContext, @Arg("id", () => ID) id: string) {
    return ctx.loaders.unit.load(parseId(id));
  }

  @FieldResolver(() => OrganizationRef, { description: "The organisation the unit belongs to." })
  organization(@Root() unit: LiaisonUnit): OrganizationRef {
    return { id: unit.organizationId };
  }

  @FieldResolver(() => VictimServicesContact)
  victimServicesContact(@Root() unit: LiaisonUnit): VictimServicesContact {
    return { name: unit.contactName, phone: unit.contactPhone, email: unit.contactEmail };
  }

  @FieldResolver(() => [Schedule], { description: "Office hours." })
  schedules(@Root() unit: LiaisonUnit, @Ctx() ctx: LawEnforcementContext) {
    return ctx.loaders.schedulesByUnit.load(unit.id);
  }
}
