import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from "type-graphql";
import { z } from "zod";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { AGREEMENT_RECORD, CONSENT_RECORD, type AgreementRecord, type ConsentRecord, type FactField, type FactFieldKind, type FactRecordOf } from "../../../policy/factRecords.js";
import { validateInput } from "../../kit/validation.js";
import type { NetworkContext } from "../context.js";
import { readPolicyFacts } from "../policy/readPolicyFacts.js";
import { requireSystemPrincipal } from "../../kit/principal.js";

/** The GraphQL type of a fact field of each kind (policy/factRecords.ts, FACT_FIELD_KINDS). */
const GRAPHQL_TYPES = {
  id: () => ID,
  text: () => String,
  texts: () => [String],
  flag: () => Boolean,
  instant: () => Date,
  organizationKind: () => OrganizationKind,
} satisfies Record<FactFieldKind, () => unknown>;

/**
 * The `_policyFacts` answer's object type for one fact, built from the fact's one shape
 * (policy/factRecords.ts) rather than written again: a field added there is served here.
 */
function factType<Shape extends Record<string, FactField>>(name: string, description: string, shape: Shape): new () => FactRecordOf<Shape> {
  const type = { [name]: class {} }[name]!;
  for (const [fieldName, field] of Object.entries(shape)) Field(GRAPHQL_TYPES[field.kind], { nullable: field.nullable })(type.prototype, fieldName);
  Directive("@inaccessible")(type);
  ObjectType(name, { description })(type);
  // The class's instances are the records the shape describes; its fields were just declared from it.
  return type as unknown as new () => FactRecordOf<Shape>;
}

export const ConsentFact = factType("ConsentFact", "Internal: a consent as the gateway's rule needs it.", CONSENT_RECORD);
export type ConsentFact = ConsentRecord;
export const AgreementFact = factType("AgreementFact", "Internal: an agreement as the gateway's rule needs it.", AGREEMENT_RECORD);
export type AgreementFact = AgreementRecord;

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
