import { randomUUID } from "node:crypto";
import { Arg, Ctx, Directive, Mutation, Resolver } from "type-graphql";
import { access } from "../../kit/principal.js";
import { validateInput } from "../../kit/validation.js";
import { recordAdministration } from "../administration/audit.js";
import { requireSteward } from "../administration/callers.js";
import { inputConflict } from "../administration/errors.js";
import { onboardOrganizationSchema } from "../administration/input.js";
import { assertMemberIdentityFree, uniqueViolation } from "../administration/uniqueness.js";
import type { NetworkContext } from "../context.js";
import { OnboardedOrganization, OnboardOrganizationInput } from "../entities/Onboarding.js";

// Any constant works; it only has to be the same for every replica of the network subgraph.
const ONBOARDING_LOCK_KEY = 72_707_371;

@Resolver()
export class OnboardingResolver {
  @Mutation(() => OnboardedOrganization, {
    description: "Onboards a partner organisation with its first admin (roles [ORG_ADMIN]), in one step: both are written, or neither. Network stewards only.",
  })
  @Directive(access("NETWORK_STEWARD"))
  async onboardOrganization(@Ctx() ctx: NetworkContext, @Arg("input", () => OnboardOrganizationInput) input: OnboardOrganizationInput): Promise<OnboardedOrganization> {
    const steward = requireSteward(ctx);
    const valid = validateInput(onboardOrganizationSchema, { ...input, firstAdmin: input.firstAdmin ? { ...input.firstAdmin } : input.firstAdmin }, "input");
    const created = await ctx.db
      .$transaction(async (tx) => {
        // Names are unique without an index that could say so case-insensitively: onboardings
        // take turns, so two at once cannot both find the name free.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ONBOARDING_LOCK_KEY}::bigint)`;
        const sameName = await tx.organization.findFirst({ where: { name: { equals: valid.name, mode: "insensitive" } }, select: { id: true } });
        if (sameName) throw inputConflict("name", "another organisation of the network has this name");
        await assertMemberIdentityFree(tx, valid.firstAdmin, "firstAdmin.");
        const organization = await tx.organization.create({
          data: {
            id: randomUUID(),
            name: valid.name,
            kind: valid.kind,
            jurisdiction: valid.jurisdiction,
            languages: valid.languages,
            contactEmail: valid.contactEmail ?? null,
            contactPhone: valid.contactPhone ?? null,
            website: valid.website ?? null,
          },
        });
        const firstAdmin = await tx.member.create({
          data: {
            id: randomUUID(),
            organizationId: organization.id,
            subject: valid.firstAdmin.subject,
            displayName: valid.firstAdmin.displayName,
            email: valid.firstAdmin.email,
            roles: ["ORG_ADMIN"],
            invitedByMemberId: steward.memberId,
          },
        });
        await recordAdministration(tx, ctx, organization.id, { action: "ORGANIZATION_ONBOARDED", kind: organization.kind, firstAdminMemberId: firstAdmin.id });
        return { organization, firstAdmin };
      })
      .catch((error: unknown) => {
        throw uniqueViolation(error, { subject: "firstAdmin.subject", email: "firstAdmin.email" });
      });
    // A gateway may remember that this subject was unknown (Redis cache): announce the change.
    await ctx.services.membershipChanged();
    return created;
  }
}
