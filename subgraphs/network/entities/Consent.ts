import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { ConsentMethod } from "../../../prisma/network/generated/enums.js";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { access } from "../../kit/principal.js";
import { sensitive } from "../../kit/sensitive.js";

registerEnumType(ConsentMethod, { name: "ConsentMethod", description: "How the survivor gave consent." });

export const ConsentStatus = { ACTIVE: "ACTIVE", NOT_YET_VALID: "NOT_YET_VALID", EXPIRED: "EXPIRED", WITHDRAWN: "WITHDRAWN" } as const;
export type ConsentStatus = (typeof ConsentStatus)[keyof typeof ConsentStatus];
registerEnumType(ConsentStatus, { name: "ConsentStatus", description: "Where a consent stands now (derived from its period and withdrawal)." });

@ObjectType({
  description:
    "A survivor's consent: which organisation (or every organisation of a kind) may receive which categories of their data, for which purposes, for how long. Never deleted; withdrawn or expired.",
})
@Directive(access("CASEWORKER"))
@Directive("@survivorRecord")
export class Consent {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  survivorId!: string;

  /** The organisation that holds the consent: the survivor's own. */
  @Field(() => ID, { description: "The organisation that recorded the consent (the survivor's own); owner of this record." })
  ownerOrganizationId!: string;

  @Field(() => ID, { nullable: true, description: "The one organisation the consent names, or null when it names a kind." })
  granteeOrganizationId!: string | null;

  @Field(() => OrganizationKind, { nullable: true, description: "Every organisation of this kind, or null when it names one organisation." })
  granteeKind!: OrganizationKind | null;

  @Field(() => [String], { description: "Data categories (IDENTITY, CONTACT, …)." })
  categories!: string[];

  @Field(() => [String], { description: "Purposes of use (SERVICE_REFERRAL, …)." })
  purposes!: string[];

  @Field(() => Date)
  validFrom!: Date;

  @Field(() => Date, { nullable: true })
  validUntil!: Date | null;

  @Field(() => ConsentMethod)
  method!: ConsentMethod;

  @Field(() => String, { description: "BCP 47 tag of the language the consent was explained in." })
  language!: string;

  @Field(() => ID)
  recordedByMemberId!: string;

  @Field(() => Date)
  recordedAt!: Date;

  @Field(() => Date, { nullable: true })
  withdrawnAt!: Date | null;

  @Field(() => ID, { nullable: true })
  withdrawnByMemberId!: string | null;

  @Field(() => String, { nullable: true, description: "Why the consent was withdrawn, in the words of the organisation that recorded it: case narrative." })
  @Directive(sensitive("CASE_NARRATIVE"))
  withdrawalReason!: string | null;
}

@InputType({ description: "A consent to record. Exactly one of granteeOrganizationId and granteeKind." })
export class RecordConsentInput {
  @Field(() => ID)
  survivorId!: string;

  @Field(() => ID, { nullable: true })
  granteeOrganizationId?: string | null;

  @Field(() => OrganizationKind, { nullable: true })
  granteeKind?: OrganizationKind | null;

  @Field(() => [String])
  categories!: string[];

  @Field(() => [String])
  purposes!: string[];

  @Field(() => Date, { nullable: true, description: "Default: now." })
  validFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: "Default: no end (until withdrawn)." })
  validUntil?: Date | null;

  @Field(() => ConsentMethod)
  method!: ConsentMethod;

  @Field(() => String)
  language!: string;
}
