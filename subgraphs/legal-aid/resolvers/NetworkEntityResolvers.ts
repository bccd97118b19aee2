// Fields this subgraph adds to the network's entities are nullable: while this subgraph is
// down (or a field is withheld), only its own part of an answer is null, not the whole entity.
import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { access } from "../../kit/principal.js";
import { commonDirectoryWhere, decodeDirectoryKey, includesKind } from "../../kit/directory.js";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { emptyConnection, keysetPage, pageArgs } from "../../kit/pagination.js";
import type { LegalAidContext } from "../context.js";
import { ConflictCheck } from "../entities/ConflictCheck.js";
import { LegalProfile } from "../entities/LegalProfile.js";
import { LegalService, LegalServiceConnection } from "../entities/LegalService.js";
import { DirectoryRef, OrganizationRef, ReferralRef, SurvivorRef } from "../entities/stubs.js";

@Resolver(() => OrganizationRef)
export class OrganizationLegalResolver {
  @FieldResolver(() => [LegalService], { nullable: true, description: "The legal services the organisation runs." })
  legalServices(@Root() organization: OrganizationRef, @Ctx() ctx: LegalAidContext) {
    return ctx.loaders.servicesByOrganization.load(organization.id);
  }
}

@Resolver(() => SurvivorRef)
export class SurvivorLegalResolver {
  @FieldResolver(() => [LegalProfile], { nullable: true, description: "Profiles held by legal-aid organisations that represent the survivor." })
  @Directive(access("CASEWORKER"))
  legalProfiles(@Root() survivor: SurvivorRef, @Ctx() ctx: LegalAidContext) {
    return ctx.loaders.legalProfilesBySurvivor.load(survivor.id);
  }
}

@Resolver(() => DirectoryRef)
export class DirectoryLegalResolver {
  @FieldResolver(() => LegalServiceConnection, { nullable: true, description: "Legal services matching the directory filter, by name." })
  async legalServices(
    @Root() directory: DirectoryRef,
    @Ctx() ctx: LegalAidContext,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    const filter = decodeDirectoryKey(directory.key);
    const page = pageArgs(first, after);
    if (!includesKind(filter, OrganizationKind.LEGAL_AID)) return emptyConnection();
    const where = { ...commonDirectoryWhere(filter), ...(filter.hasCapacityNow ? { intakeAvailable: { gt: 0 } } : {}) };
    return keysetPage(
      page,
      "name",
      ({ after: afterCondition, orderBy, take }) => ctx.db.legalService.findMany({ where: { AND: [where, afterCondition ?? {}] }, orderBy, take }),
      () => ctx.db.legalService.count({ where }),
    );
  }
}

@Resolver(() => ReferralRef)
export class ReferralLegalResolver {
  @FieldResolver(() => ConflictCheck, {
    nullable: true,
    description: "Your legal-aid organisation's latest conflict check of the referral (the one that counts); null when it has none. Other organisations' checks are never shown.",
  })
  @Directive(access("CASEWORKER"))
  async conflictCheck(@Root() referral: ReferralRef, @Ctx() ctx: LegalAidContext) {
    return (await ctx.loaders.ownConflictChecksByReferral.load(referral.id)).at(-1) ?? null;
  }

  @FieldResolver(() => [ConflictCheck], { nullable: true, description: "Every revision of your organisation's conflict check of the referral, oldest first." })
  @Directive(access("CASEWORKER"))
  conflictCheckHistory(@Root() referral: ReferralRef, @Ctx() ctx: LegalAidContext) {
    return ctx.loaders.ownConflictChecksByReferral.load(referral.id);
  }
}
