// Fields this subgraph adds to the network's entities are nullable: while this subgraph is
// down (or a field is withheld), only its own part of an answer is null, not the whole entity.
import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { access } from "../../kit/principal.js";
import { commonDirectoryWhere, decodeDirectoryKey, includesKind } from "../../kit/directory.js";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { emptyConnection, keysetPage, pageArgs } from "../../kit/pagination.js";
import type { SheltersContext } from "../context.js";
import { ResidentProfile } from "../entities/ResidentProfile.js";
import { ShelterIntake } from "../entities/ShelterIntake.js";
import { ShelterProgram, ShelterProgramConnection } from "../entities/ShelterProgram.js";
import { DirectoryRef, OrganizationRef, ReferralRef, SurvivorRef } from "../entities/stubs.js";
import { isId } from "../../kit/ids.js";

@Resolver(() => OrganizationRef)
export class OrganizationShelterResolver {
  @FieldResolver(() => [ShelterProgram], { nullable: true, description: "The shelter programmes the organisation runs." })
  shelterPrograms(@Root() organization: OrganizationRef, @Ctx() ctx: SheltersContext) {
    return ctx.loaders.programsByOrganization.load(organization.id);
  }
}

@Resolver(() => SurvivorRef)
export class SurvivorShelterResolver {
  @FieldResolver(() => [ResidentProfile], { nullable: true, description: "Profiles held by shelters that have served the survivor." })
  @Directive(access("CASEWORKER"))
  residentProfiles(@Root() survivor: SurvivorRef, @Ctx() ctx: SheltersContext) {
    return ctx.loaders.residentProfilesBySurvivor.load(survivor.id);
  }
}

@Resolver(() => DirectoryRef)
export class DirectoryShelterResolver {
  @FieldResolver(() => ShelterProgramConnection, { nullable: true, description: "Shelter programmes matching the directory filter, by name." })
  async shelterPrograms(
    @Root() directory: DirectoryRef,
    @Ctx() ctx: SheltersContext,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    const filter = decodeDirectoryKey(directory.key);
    const page = pageArgs(first, after);
    if (!includesKind(filter, OrganizationKind.SHELTER)) return emptyConnection();
    const where = { ...commonDirectoryWhere(filter), ...(filter.hasCapacityNow ? { bedsAvailable: { gt: 0 } } : {}) };
    return keysetPage(
      page,
      "name",
      ({ after: afterCondition, orderBy, take }) => ctx.db.shelterProgram.findMany({ where: { AND: [where, afterCondition ?? {}] }, orderBy, take }),
      () => ctx.db.shelterProgram.count({ where }),
    );
  }
}

@Resolver(() => ReferralRef)
export class ReferralShelterResolver {
  @FieldResolver(() => ShelterProgram, {
    nullable: true,
    description: "The shelter programme the referral addresses, with its capacity now (null for other kinds of service): the sender sees it when submitting.",
  })
  @Directive('@requires(fields: "serviceKind serviceId")')
  shelterProgram(@Root() referral: ReferralRef, @Ctx() ctx: SheltersContext) {
    if (referral.serviceKind !== "SHELTER_PROGRAM" || !referral.serviceId || !isId(referral.serviceId)) return null;
    return ctx.loaders.program.load(referral.serviceId);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      "True when the shelter programme had no free place as the referral reached it (moments after submission): such a referral is allowed, and marked so. Null until the shelter has learnt of it, and for other kinds of service.",
  })
  async receivedAtCapacity(@Root() referral: ReferralRef, @Ctx() ctx: SheltersContext) {
    const copy = await ctx.loaders.copyByReferral.load(referral.id);
    return copy?.capacityWhenReceived == null ? null : copy.capacityWhenReceived <= 0;
  }

  @FieldResolver(() => ShelterIntake, { nullable: true, description: "The shelter's intake of the referral, if it took one. Only the receiving shelter's own staff see it." })
  @Directive(access("CASEWORKER"))
  async shelterIntake(@Root() referral: ReferralRef, @Ctx() ctx: SheltersContext) {
    const intake = await ctx.loaders.intakeByReferral.load(referral.id);
    return intake && intake.organizationId === ctx.principal.organizationId ? intake : null;
  }
}
