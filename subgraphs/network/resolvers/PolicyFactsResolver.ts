import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from "type-graphql";
import { z } from "zod";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { validateInput } from "../../kit/validation.js";
import type { NetworkContext } from "../context.js";
import { readPolicyFacts } from "../policy/readPolicyFacts.js";
import { requireSystemPrincipal } from "../../kit/principal.js";

@ObjectType({ description: "Internal: a consent as the gateway's rule needs it." })
@Directive("@inaccessible")
export class ConsentFact {
  @Field(() => ID) id!: string;
  @Field(() => ID) survivorId!: string;
  @Field(() => ID, { nullable: true }) granteeOrganizationId!: string | null;
  @Field(() => OrganizationKind, { nullable: true }) granteeKind!: OrganizationKind | null;
  @Field(() => [String]) categories!: string[];
  @Field(() => [String]) purposes!: string[];
  @Field(() => Date) validFrom!: Date;
  @Field(() => Date, { nullable: true }) validUntil!: Date | null;
  @Field(() => Date, { nullable: true }) withdrawnAt!: Date | null;
}

@ObjectType({ description: "Internal: an agreement as the gateway's rule needs it." })
@Directive("@inaccessible")
export class AgreementFact {
  @Field(() => ID) id!: string;
  @Field(() => ID) fromOrganizationId!: string;
  @Field(() => ID) toOrganizationId!: string;
  @Field(() => Boolean) bothWays!: boolean;
  @Field(() => [String]) categories!: string[];
  @Field(() => [String]) purposes!: string[];
  @Field(() => Date) validFrom!: Date;
  @Field(() => Date, { nullable: true }) validUntil!: Date | null;
  @Field(() => String) status!: string;
}

@ObjectType({ description: "Internal: every consent and agreement that can decide one response." })
@Directive("@inaccessible")
export class PolicyFacts {
  @Field(() => [ConsentFact]) consents!: ConsentFact[];
  @Field(() => [AgreementFact]) agreements!: AgreementFact[];
}

const factsArgs = z.object({
  callerOrganizationId: z.uuid(),
  survivorIds: z.array(z.uuid()).max(1_000),
  ownerOrganizationIds: z.array(z.uuid()).max(1_000),
});

@Resolver()
export class PolicyFactsResolver {
  /**
   * The facts the gateway's consent rule needs for one response, in one call whatever the number
   * of records: every consent of those survivors (withdrawn and expired too: the rule decides),
   * and every agreement between the caller's organisation and those owners, in either direction
   * (the rule checks direction). @inaccessible and answered for the gateway's own assertion only;
   * read fresh on every call, so a withdrawal or revocation counts on the very next request.
   */
  @Query(() => PolicyFacts)
  @Directive("@inaccessible")
  async _policyFacts(
    @Ctx() ctx: NetworkContext,
    @Arg("callerOrganizationId", () => ID) callerOrganizationId: string,
    @Arg("survivorIds", () => [ID]) survivorIds: string[],
    @Arg("ownerOrganizationIds", () => [ID]) ownerOrganizationIds: string[],
  ): Promise<PolicyFacts> {
    requireSystemPrincipal(ctx.principal);
    const args = validateInput(factsArgs, { callerOrganizationId, survivorIds, ownerOrganizationIds }, "input");
    return readPolicyFacts(ctx.db, args);
  }
}
