import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { z } from "zod";
import { MemberRole } from "../../../prisma/network/generated/enums.js";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { PURPOSES } from "../../../vocabulary/principal.js";
import { validateInput } from "../../kit/validation.js";
import { inputFieldError } from "../agreements/agreementErrors.js";
import type { NetworkContext } from "../context.js";
import { Organization } from "../entities/Organization.js";
import { SharingDryRun } from "../entities/SharingDryRun.js";
import { sharingDryRun } from "../policy/sharingDryRun.js";
import { ownSurvivors } from "../visibility.js";
import { NETWORK_FIELD_ROLES } from "../access.js";

const dryRunSchema = z
  .object({
    survivorId: z.uuid(),
    viewerOrganizationId: z.uuid(),
    purpose: z.enum(PURPOSES, { error: `must be one of ${PURPOSES.join(", ")}` }),
    viewerRole: z.enum(MemberRole).nullish(),
    // As the gateway takes it from X-Emergency-Justification: at most 2000 characters.
    emergencyJustification: z.string().max(2_000, "at most 2000 characters").nullish(),
  })
  .strict();

@Resolver(() => SharingDryRun)
export class SharingDryRunResolver {
  @Query(() => SharingDryRun, {
    nullable: true,
    description:
      "What organisation `viewerOrganizationId` would see, right now, of your organisation's records about one of your survivors, for `purpose`, and why: per data category, released or withheld and which consent or agreement decides it. The gateway's own rule on the facts it would read; no value is released. For caseworkers and admins of the organisation that registered the survivor.",
  })
  @Directive(NETWORK_FIELD_ROLES.dryRunners.directive)
  async sharingDryRun(
    @Ctx() ctx: NetworkContext,
    @Arg("survivorId", () => ID) survivorId: string,
    @Arg("viewerOrganizationId", () => ID) viewerOrganizationId: string,
    @Arg("purpose", () => String) purpose: string,
    @Arg("viewerRole", () => MemberRole, { nullable: true, description: "The viewer's role (default CASEWORKER)." }) viewerRole: MemberRole | null,
    @Arg("emergencyJustification", () => String, { nullable: true, description: "For purpose EMERGENCY: the written justification the viewer would send." })
    emergencyJustification: string | null,
  ): Promise<SharingDryRun> {
    const organizationId = ctx.principal.organizationId;
    if (ctx.principal.kind !== "member" || !organizationId || !NETWORK_FIELD_ROLES.dryRunners.allows(ctx.principal)) {
      throw new GraphQLError("Only caseworkers and organisation admins may run a sharing dry run", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
    }
    const args = validateInput(dryRunSchema, { survivorId, viewerOrganizationId, purpose, viewerRole, emergencyJustification }, "input");
    // Only about the survivors the caller's organisation registered; any other id, existing or
    // not, gets the same answer.
    const survivor = await ctx.db.survivor.findFirst({ where: { id: args.survivorId, ...ownSurvivors(ctx.principal) }, select: { id: true } });
    if (!survivor) throw new GraphQLError("No such survivor in your organisation", { extensions: { code: ERROR_CODES.NOT_FOUND } });
    const viewer = await ctx.db.organization.findUnique({ where: { id: args.viewerOrganizationId }, select: { id: true, kind: true } });
    if (!viewer) throw inputFieldError("viewerOrganizationId", "no such organisation");
    return sharingDryRun(
      ctx.db,
      {
        ownerOrganizationId: organizationId,
        survivorId: survivor.id,
        viewer: { organizationId: viewer.id, organizationKind: viewer.kind },
        viewerRole: args.viewerRole ?? "CASEWORKER",
        purpose: args.purpose,
        emergencyJustification: args.emergencyJustification ?? null,
      },
      new Date(),
    );
  }

  @FieldResolver(() => Organization, { description: "Your organisation, whose records are asked about." })
  ownerOrganization(@Root() run: SharingDryRun, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.organization.load(run.ownerOrganizationId);
  }

  @FieldResolver(() => Organization, { description: "The organisation asked about." })
  viewerOrganization(@Root() run: SharingDryRun, @Ctx() ctx: NetworkContext) {
    return ctx.loaders.organization.load(run.viewerOrganizationId);
  }
}
