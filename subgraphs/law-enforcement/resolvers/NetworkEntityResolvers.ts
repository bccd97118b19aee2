// Fields this subgraph adds to the network's entities are nullable: while this subgraph is
// down (or a field is withheld), only its own part of an answer is null, not the whole entity.
import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { access } from "../../kit/principal.js";
import { sensitive } from "../../kit/sensitive.js";
import { commonDirectoryWhere, decodeDirectoryKey, includesKind } from "../../kit/directory.js";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { emptyConnection, keysetPage, pageArgs } from "../../kit/pagination.js";
import { toCertificationRequest } from "../certification/toCertificationRequest.js";
import type { LawEnforcementContext } from "../context.js";
import { CertificationRequest } from "../entities/CertificationRequest.js";
import { LiaisonProfile } from "../entities/LiaisonProfile.js";
import { LiaisonUnit, LiaisonUnitConnection } from "../entities/LiaisonUnit.js";
import { DirectoryRef, OrganizationRef, ReferralRef, SurvivorRef } from "../entities/stubs.js";

@Resolver(() => OrganizationRef)
export class OrganizationLiaisonResolver {
  @FieldResolver(() => [LiaisonUnit], { nullable: true, description: "The liaison units of the organisation." })
  liaisonUnits(@Root() organization: OrganizationRef, @Ctx() ctx: LawEnforcementContext) {
    return ctx.loaders.unitsByOrganization.load(organization.id);
  }
}

@Resolver(() => SurvivorRef)
export class SurvivorLiaisonResolver {
  @FieldResolver(() => [LiaisonProfile], { nullable: true, description: "Profiles held by law-enforcement liaison units. Its presence alone reveals law-enforcement involvement." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  @Directive(sensitive("LAW_ENFORCEMENT"))
  liaisonProfiles(@Root() survivor: SurvivorRef, @Ctx() ctx: LawEnforcementContext) {
    return ctx.loaders.liaisonProfilesBySurvivor.load(survivor.id);
  }
}

@Resolver(() => DirectoryRef)
export class DirectoryLiaisonResolver {
  @FieldResolver(() => LiaisonUnitConnection, { nullable: true, description: "Liaison units matching the directory filter, by name." })
  async liaisonUnits(
    @Root() directory: DirectoryRef,
    @Ctx() ctx: LawEnforcementContext,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    const filter = decodeDirectoryKey(directory.key);
    const page = pageArgs(first, after);
    if (!includesKind(filter, OrganizationKind.LAW_ENFORCEMENT_LIAISON)) return emptyConnection();
    const where = { ...commonDirectoryWhere(filter), ...(filter.hasCapacityNow ? { acceptingReferrals: true } : {}) };
    return keysetPage(
      page,
      "name",
      ({ after: afterCondition, orderBy, take }) => ctx.db.liaisonUnit.findMany({ where: { AND: [where, afterCondition ?? {}] }, orderBy, take }),
      () => ctx.db.liaisonUnit.count({ where }),
    );
  }
}

@Resolver(() => ReferralRef)
export class ReferralLiaisonResolver {
  // Not tagged as a presence field (unlike Survivor.liaisonProfiles): it lists only requests the
  // caller's own organisation is a party to, so it tells the caller nothing it is not already part of.
  @FieldResolver(() => [CertificationRequest], {
    nullable: true,
    description: "Certification requests made for the referral that your organisation sent or received, newest first.",
  })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  async certificationRequests(@Root() referral: ReferralRef, @Ctx() ctx: LawEnforcementContext) {
    return (await ctx.loaders.partyCertificationRequestsByReferral.load(referral.id)).map(toCertificationRequest);
  }
}
