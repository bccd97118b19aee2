import { GraphQLError } from "graphql";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import { ERROR_CODES } from "../../../vocabulary/errorCodes.js";
import { validateInput } from "../../kit/validation.js";
import type { SheltersContext } from "../context.js";
import { Bed } from "../entities/Bed.js";
import { ShelterIntake } from "../entities/ShelterIntake.js";
import { ShelterProgram } from "../entities/ShelterProgram.js";
import { acceptIntake } from "../intake/acceptIntake.js";
import { acceptIntakeSchema } from "../intake/intakeInput.js";
import { SHELTERS_FIELD_ROLES } from "../access.js";

/** Only a caseworker (a member, of an organisation) accepts a referral into a shelter. */
function requireCaseworker(ctx: SheltersContext): { organizationId: string; memberId: string } {
  if (!SHELTERS_FIELD_ROLES.intakeAcceptors.allows(ctx.principal) || ctx.principal.kind !== "member" || !ctx.principal.organizationId) {
    throw new GraphQLError("Only a caseworker may accept a referral", { extensions: { code: ERROR_CODES.ROLE_FORBIDDEN } });
  }
  return { organizationId: ctx.principal.organizationId, memberId: ctx.principal.id };
}

@Resolver(() => ShelterIntake)
export class ShelterIntakeResolver {
  @Mutation(() => ShelterIntake, {
    description:
      "Accepts a referral to one of the caller's organisation's programmes: takes a place, assigns a bed (the one named, or any free one) and records the intake, at once or not at all. The network records the referral as accepted shortly after. Accepting the same referral again answers the same intake and changes nothing.",
  })
  @Directive(SHELTERS_FIELD_ROLES.intakeAcceptors.directive)
  async acceptReferralIntake(
    @Ctx() ctx: SheltersContext,
    @Arg("referralId", () => ID) referralId: string,
    @Arg("expectedVersion", () => Int, { description: "The referral's version as the caller last read it." }) expectedVersion: number,
    @Arg("bedId", () => ID, { nullable: true, description: "A free bed of the programme; any free bed when left out." }) bedId: string | null,
  ): Promise<ShelterIntake> {
    const caller = requireCaseworker(ctx);
    const valid = validateInput(acceptIntakeSchema, { referralId, expectedVersion, bedId }, "input");
    return acceptIntake(ctx.db, { ...valid, bedId: valid.bedId ?? null, ...caller });
  }

  @FieldResolver(() => ShelterProgram, { description: "The programme the survivor is taken into." })
  program(@Root() intake: ShelterIntake, @Ctx() ctx: SheltersContext) {
    return ctx.loaders.program.load(intake.programId);
  }

  @FieldResolver(() => Bed, { nullable: true, description: "The bed held for the survivor; null when the programme does not list its beds." })
  bed(@Root() intake: ShelterIntake, @Ctx() ctx: SheltersContext) {
    return intake.bedId ? ctx.loaders.bed.load(intake.bedId) : null;
  }
}
