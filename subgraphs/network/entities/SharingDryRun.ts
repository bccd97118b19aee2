import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { MemberRole } from "../../../prisma/network/generated/enums.js";
import { access } from "../../kit/principal.js";
import "./Member.js"; // registers MemberRole

export const SharingBasis = { OWNER: "OWNER", AGREEMENT: "AGREEMENT", EMERGENCY: "EMERGENCY" } as const;
export type SharingBasis = (typeof SharingBasis)[keyof typeof SharingBasis];
registerEnumType(SharingBasis, {
  name: "SharingBasis",
  description: "Why a category would be released: the viewer owns the record, an agreement (with the survivor's consent), or the emergency override.",
});

@ObjectType({ description: "What the gateway's rule would decide for one data category. A decision, never a value." })
@Directive(access("ORG_ADMIN", "CASEWORKER"))
export class SharingDecision {
  @Field(() => String, { description: "Data category (IDENTITY, CONTACT, …)." })
  category!: string;

  @Field(() => Boolean)
  released!: boolean;

  @Field(() => String, { nullable: true, description: "When withheld: the code the gateway would put on the field (CONSENT_REQUIRED, AGREEMENT_REQUIRED, …)." })
  code!: string | null;

  @Field(() => String, { description: "Why, in words: the gateway's own message for a denial." })
  explanation!: string;

  @Field(() => SharingBasis, { nullable: true, description: "When released: on what basis." })
  basis!: SharingBasis | null;

  @Field(() => ID, { nullable: true, description: "The agreement that decides the release (the one the gateway would record)." })
  agreementId!: string | null;

  @Field(() => ID, { nullable: true, description: "The survivor's consent that decides the release." })
  consentId!: string | null;
}

@ObjectType({
  description:
    "A dry run of the gateway's consent rule: what another organisation would see, right now, of the caller's organisation's records about one survivor, for one purpose, and why. Computed with the gateway's own rule on the facts the gateway would read; releases nothing.",
})
@Directive(access("ORG_ADMIN", "CASEWORKER"))
export class SharingDryRun {
  @Field(() => ID)
  survivorId!: string;

  /** The caller's organisation: the records are its own. */
  ownerOrganizationId!: string;

  viewerOrganizationId!: string;

  @Field(() => String)
  purpose!: string;

  @Field(() => MemberRole, { description: "The viewer's role assumed (default CASEWORKER)." })
  viewerRole!: MemberRole;

  @Field(() => Date, { description: "The instant decided for." })
  at!: Date;

  @Field(() => Boolean, {
    description:
      "Whether such a viewer finds the survivor at all (a consent in force naming their organisation or its kind, or, in an emergency, an agreement in force with yours). When false, no field reaches them, whatever the decisions say.",
  })
  survivorVisible!: boolean;

  @Field(() => [SharingDecision], { description: "One per data category." })
  decisions!: SharingDecision[];
}
