import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { isId } from "../../kit/ids.js";
import { requireMember, requireRequester } from "../certification/certificationErrors.js";
import { listCertificationRequests } from "../certification/listCertificationRequests.js";
import { moveCertificationRequest } from "../certification/moveCertificationRequest.js";
import { requestCertification } from "../certification/requestCertification.js";
import { partyRequests } from "../certification/partyRequests.js";
import { toCertificationRequest, toCertificationRequestEvent } from "../certification/toCertificationRequest.js";
import type { LawEnforcementContext } from "../context.js";
import {
  CertificationRequest,
  CertificationRequestConnection,
  CertificationRequestEvent,
  CertificationRequestFilter,
  RequestCertificationInput,
} from "../entities/CertificationRequest.js";
import { LiaisonUnit } from "../entities/LiaisonUnit.js";
import { OrganizationRef, SurvivorRef } from "../entities/stubs.js";
import { LAW_ENFORCEMENT_FIELD_ROLES } from "../access.js";

@Resolver(() => CertificationRequest)
export class CertificationRequestResolver {
  @Query(() => CertificationRequestConnection, { nullable: true, description: "Certification requests your organisation sent (legal aid) or received (liaison), newest first." })
  @Directive(LAW_ENFORCEMENT_FIELD_ROLES.certificationParties.directive)
  certificationRequests(
    @Ctx() ctx: LawEnforcementContext,
    @Arg("filter", () => CertificationRequestFilter, { nullable: true }) filter: CertificationRequestFilter | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
  ) {
    const { organizationId } = requireMember(ctx.principal);
    return listCertificationRequests(ctx.db, organizationId, filter, first, after);
  }

  @Query(() => CertificationRequest, { nullable: true, description: "A certification request your organisation sent or received; null otherwise." })
  @Directive(LAW_ENFORCEMENT_FIELD_ROLES.certificationParties.directive)
  async certificationRequest(@Ctx() ctx: LawEnforcementContext, @Arg("id", () => ID) id: string) {
    const { organizationId } = requireMember(ctx.principal);
    if (!isId(id)) return null;
    const row = await ctx.db.certificationRequest.findFirst({ where: { id: id.toLowerCase(), ...partyRequests(organizationId) } });
    return row ? toCertificationRequest(row) : null;
  }

  @Mutation(() => CertificationRequest, {
    description:
      "Asks a liaison unit for a victim certification (e.g. for a T visa) by a due date. For caseworkers of a legal-aid organisation. Resending with the same idempotencyKey returns the first request.",
  })
  @Directive(LAW_ENFORCEMENT_FIELD_ROLES.certificationRequesters.directive)
  async requestCertification(@Ctx() ctx: LawEnforcementContext, @Arg("input", () => RequestCertificationInput) input: RequestCertificationInput) {
    return toCertificationRequest(await requestCertification(ctx.db, requireRequester(ctx.principal), { ...input }));
  }

  @Mutation(() => CertificationRequest, { description: "The liaison organisation takes the request up: REQUESTED → UNDER_REVIEW." })
  @Directive(LAW_ENFORCEMENT_FIELD_ROLES.certificationParties.directive)
  async reviewCertification(@Ctx() ctx: LawEnforcementContext, @Arg("id", () => ID) id: string, @Arg("expectedVersion", () => Int) expectedVersion: number) {
    return toCertificationRequest(await moveCertificationRequest(ctx.db, ctx.principal, "UNDER_REVIEW", { id, expectedVersion }));
  }

  @Mutation(() => CertificationRequest, {
    description: "The liaison organisation decides a request under review: CERTIFIED, or DECLINED with a reason.",
  })
  @Directive(LAW_ENFORCEMENT_FIELD_ROLES.certificationParties.directive)
  async decideCertification(
    @Ctx() ctx: LawEnforcementContext,
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("certified", () => Boolean) certified: boolean,
    @Arg("reason", () => String, { nullable: true, description: "Required to decline; optional with a certification." }) reason: string | null,
  ) {
    return toCertificationRequest(await moveCertificationRequest(ctx.db, ctx.principal, certified ? "CERTIFIED" : "DECLINED", { id, expectedVersion, reason }));
  }

  @Mutation(() => CertificationRequest, { description: "The requesting organisation withdraws an open request; a reason is required." })
  @Directive(LAW_ENFORCEMENT_FIELD_ROLES.certificationParties.directive)
  async withdrawCertificationRequest(
    @Ctx() ctx: LawEnforcementContext,
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("reason", () => String) reason: string,
  ) {
    return toCertificationRequest(await moveCertificationRequest(ctx.db, ctx.principal, "WITHDRAWN", { id, expectedVersion, reason }));
  }

  @FieldResolver(() => LiaisonUnit, { description: "The liaison unit asked to certify." })
  async liaisonUnit(@Root() request: CertificationRequest, @Ctx() ctx: LawEnforcementContext) {
    return ctx.loaders.unit.load(request.liaisonUnitId);
  }

  @FieldResolver(() => SurvivorRef, { nullable: true, description: "The survivor the request is about, when your organisation may see them." })
  survivor(@Root() request: CertificationRequest): SurvivorRef {
    return { id: request.survivorId };
  }

  @FieldResolver(() => OrganizationRef, { description: "The requesting legal-aid organisation." })
  requestingOrganization(@Root() request: CertificationRequest): OrganizationRef {
    return { id: request.ownerOrganizationId };
  }

  @FieldResolver(() => OrganizationRef, { description: "The liaison unit's organisation." })
  liaisonOrganization(@Root() request: CertificationRequest): OrganizationRef {
    return { id: request.liaisonOrganizationId };
  }

  @FieldResolver(() => [CertificationRequestEvent], { description: "Every step, in order, with actor, organisation, time and reason." })
  async events(@Root() request: CertificationRequest, @Ctx() ctx: LawEnforcementContext) {
    const rows = await ctx.loaders.eventsByCertificationRequest.load(request.id);
    return rows.map((row) => toCertificationRequestEvent(row, request));
  }
}
