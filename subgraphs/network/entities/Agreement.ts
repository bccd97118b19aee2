import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { AgreementEventKind, AgreementStatus } from "../../../prisma/network/generated/enums.js";
import { connectionOf } from "../../kit/pagination.js";
import { access } from "../../kit/principal.js";
import { AgreementDirection } from "../agreements/agreementInput.js";
import { AgreementEffectiveStatus } from "../agreements/effectiveStatus.js";

registerEnumType(AgreementStatus, { name: "AgreementStatus", description: "What the parties last made of an agreement version (see effectiveStatus for where it stands now)." });
registerEnumType(AgreementEffectiveStatus, {
  name: "AgreementEffectiveStatus",
  description: "Where an agreement version stands now: its status read against its period (a signed agreement starts and expires by date, without anyone acting).",
});
registerEnumType(AgreementDirection, { name: "AgreementDirection", description: "Which way an agreement shares, seen from the organisation that proposes it." });
registerEnumType(AgreementEventKind, { name: "AgreementEventKind", description: "What happened to an agreement version." });

@ObjectType({
  description:
    "A data-sharing agreement between two organisations (the GBVIMS information-sharing protocol, made executable): which categories of the sharing organisation's records the other may receive, for which purposes, for how long. One version of it: an amendment is a new version that both parties sign again.",
})
@Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
export class Agreement {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: "The organisation whose records are shared." })
  fromOrganizationId!: string;

  @Field(() => ID, { description: "The organisation that receives them." })
  toOrganizationId!: string;

  @Field(() => Boolean, { description: "Whether the agreement also shares the other way round." })
  bothWays!: boolean;

  @Field(() => [String], { description: "Data categories (IDENTITY, CONTACT, …)." })
  categories!: string[];

  @Field(() => [String], { description: "Purposes of use (SERVICE_REFERRAL, …)." })
  purposes!: string[];

  @Field(() => Date, { description: "In force from this instant, once both parties have signed." })
  validFrom!: Date;

  @Field(() => Date, { nullable: true, description: "Expires at this instant." })
  validUntil!: Date | null;

  @Field(() => AgreementStatus)
  status!: AgreementStatus;

  @Field(() => String, { description: "The agreement in plain language." })
  summary!: string;

  @Field(() => ID, { description: "The first version's id, shared by every version of this agreement." })
  lineageId!: string;

  @Field(() => Int, { description: "1 for the first version; each amendment adds one." })
  version!: number;

  @Field(() => ID, { nullable: true, description: "The version this one amends (null for a first version, and for an amendment that was declined)." })
  supersedesId!: string | null;

  proposedByOrganizationId!: string;

  @Field(() => ID, { nullable: true })
  proposedByMemberId!: string | null;

  @Field(() => Date)
  proposedAt!: Date;

  @Field(() => ID, { nullable: true })
  countersignedByMemberId!: string | null;

  @Field(() => Date, { nullable: true })
  countersignedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "Why it was last suspended, revoked or declined." })
  statusReason!: string | null;

  @Field(() => Date, { nullable: true })
  statusChangedAt!: Date | null;
}

export const AgreementConnection = connectionOf("Agreement", Agreement);

@ObjectType({ description: "One change of an agreement: what, by whom (member and organisation), when, why. Kept as written." })
@Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
export class AgreementEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: "The version it happened to." })
  agreementId!: string;

  @Field(() => Int, { description: "That version's number." })
  version!: number;

  @Field(() => AgreementEventKind)
  kind!: AgreementEventKind;

  @Field(() => ID, { nullable: true, description: "The member who acted (an admin of actorOrganization)." })
  actorMemberId!: string | null;

  actorOrganizationId!: string | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { nullable: true, description: "The disclosure-ledger entry that records this change (a 64-bit integer, as a string)." })
  ledgerSeq!: string | null;
}

@InputType({ description: "A first version of an agreement, proposed to another organisation; its admin countersigns it." })
export class ProposeAgreementInput {
  @Field(() => ID)
  counterpartOrganizationId!: string;

  @Field(() => AgreementDirection)
  direction!: AgreementDirection;

  @Field(() => [String], { description: "Data categories (IDENTITY, CONTACT, LOCATION, HEALTH, IMMIGRATION, LAW_ENFORCEMENT, CASE_NARRATIVE, CONFIDENTIAL_SITE)." })
  categories!: string[];

  @Field(() => [String], { description: "Purposes of use (SERVICE_REFERRAL, SAFETY_PLANNING, LEGAL_REPRESENTATION, CERTIFICATION, CRIMINAL_INVESTIGATION)." })
  purposes!: string[];

  @Field(() => Date, { nullable: true, description: "Default: now. In force from then, once countersigned." })
  validFrom?: Date | null;

  @Field(() => Date, { description: "When it expires; in the future, after validFrom." })
  validUntil!: Date;

  @Field(() => String, { description: "The agreement in plain language, 1–2000 characters." })
  summary!: string;
}

@InputType({ description: "What an amendment changes; anything left out stays as in the version amended. Direction is seen from the organisation amending." })
export class AmendAgreementInput {
  @Field(() => AgreementDirection, { nullable: true })
  direction?: AgreementDirection | null;

  @Field(() => [String], { nullable: true })
  categories?: string[] | null;

  @Field(() => [String], { nullable: true })
  purposes?: string[] | null;

  @Field(() => Date, {
    nullable: true,
    description: "Not later than now, or than the amended version's start if that is later: an amendment takes over as soon as it is countersigned.",
  })
  validFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  validUntil?: Date | null;

  @Field(() => String, { nullable: true })
  summary?: string | null;
}
