import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { ReferralDeclineReason, ReferralServiceKind, ReferralStatus, ReferralUrgency } from "../../../prisma/network/generated/enums.js";
import { connectionOf } from "../../kit/pagination.js";
import { access } from "../../kit/principal.js";
import { sensitive } from "../../kit/sensitive.js";

registerEnumType(ReferralStatus, {
  name: "ReferralStatus",
  description: "Where a referral stands. Open: SENT, ACKNOWLEDGED, ACCEPTED, IN_SERVICE; the others are ends.",
});
registerEnumType(ReferralUrgency, { name: "ReferralUrgency", description: "How soon the survivor needs the service." });
registerEnumType(ReferralServiceKind, { name: "ReferralServiceKind", description: "Which partner's service a referral is addressed to." });
registerEnumType(ReferralDeclineReason, { name: "ReferralDeclineReason", description: "Why a receiver declined a referral (with free text beside it)." });

@ObjectType({
  description:
    "A referral of a survivor from one organisation to a service of another. Its categories are what consent and agreement were checked against at submission, not a permission: what the receiver sees of the survivor is decided by the gateway's rule on every request.",
})
@Directive('@key(fields: "id")')
@Directive(access("CASEWORKER", "LIAISON_OFFICER"))
@Directive('@survivorRecord(parties: ["receiverOrganizationId"])')
export class Referral {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: "The survivor referred (its subject)." })
  survivorId!: string;

  @Field(() => ID, { description: "The sending organisation: the owner of the referral's note." })
  ownerOrganizationId!: string;

  senderOrganizationId!: string;

  @Field(() => ID, { description: "The receiving organisation: the other party." })
  receiverOrganizationId!: string;

  @Field(() => ID, { description: "The sending member." })
  senderMemberId!: string;

  @Field(() => ReferralServiceKind)
  serviceKind!: ReferralServiceKind;

  @Field(() => ID, { description: "The service referred to (a shelter programme, legal service or liaison unit of the receiver)." })
  serviceId!: string;

  @Field(() => String)
  purpose!: string;

  @Field(() => [String], { description: "The data categories the referral shares, checked against consent and agreement at submission." })
  categories!: string[];

  @Field(() => ReferralUrgency)
  urgency!: ReferralUrgency;

  @Field(() => String, { nullable: true, description: "The sender's note: case narrative, released to the receiver only by the consent rule." })
  @Directive(sensitive("CASE_NARRATIVE"))
  note!: string | null;

  @Field(() => ReferralStatus)
  status!: ReferralStatus;

  @Field(() => Int, { description: "Bumped by every change; name it as expectedVersion when you change the referral." })
  version!: number;

  @Field(() => ReferralDeclineReason, { nullable: true })
  declineReason!: ReferralDeclineReason | null;

  // Free text is owned by the organisation that wrote it: the other party reads it only as the
  // consent rule releases CASE_NARRATIVE to it (docs/design.md, "Free text").
  @Field(() => String, {
    nullable: true,
    description:
      "The free text of the last decline, hand-back or withdrawal: case narrative of the organisation that wrote it (statusDetailOrganizationId), released to the other party only by the consent rule.",
  })
  @Directive(sensitive("CASE_NARRATIVE", "statusDetailOrganizationId"))
  statusDetail!: string | null;

  @Field(() => ID, {
    description:
      "The organisation whose words statusDetail holds: the party that made the referral's last move (the sender for a withdrawal, the receiver for a decline or hand-back).",
  })
  statusDetailOrganizationId!: string;

  @Field(() => String, {
    nullable: true,
    description: "How the service ended (COMPLETED or CLOSED): case narrative of the receiver, which wrote it, released to the sender only by the consent rule.",
  })
  @Directive(sensitive("CASE_NARRATIVE", "receiverOrganizationId"))
  outcome!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

export const ReferralConnection = connectionOf("Referral", Referral);

@ObjectType({ description: "One step of a referral's history: who moved it, from where to where, when and why." })
export class ReferralEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "Opaque, increasing: poll `referralEvents(after:)` with the last one you saw." })
  cursor!: string;

  @Field(() => ID)
  referralId!: string;

  // The subject the consent rule decides `reason` on. Partner apps get the step, not whom it is about.
  @Field(() => ID, { description: "The referral's survivor. Caseworkers and liaison officers only." })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  survivorId!: string;

  @Field(() => ReferralStatus, { nullable: true, description: "Null for the submission." })
  fromStatus!: ReferralStatus | null;

  @Field(() => ReferralStatus)
  toStatus!: ReferralStatus;

  @Field(() => Int, { description: "The referral's version after this step." })
  version!: number;

  @Field(() => ID, { nullable: true })
  actorMemberId!: string | null;

  @Field(() => ID, { description: "The organisation that took the step; the owner of its reason." })
  actorOrganizationId!: string;

  // Free text a caseworker wrote (why declined, handed back or withdrawn; how it ended): the
  // organisation that wrote it reads it, the other party only as the consent rule releases
  // CASE_NARRATIVE to it, and a partner app polling the feed never (it gets the step, not what
  // was said about the survivor).
  @Field(() => String, {
    nullable: true,
    description:
      "The words of the organisation that took this step: case narrative, owned by actorOrganizationId and released to the other party only by the consent rule. Partner apps get the step without it.",
  })
  @Directive(access("CASEWORKER", "LIAISON_OFFICER"))
  @Directive(sensitive("CASE_NARRATIVE", "actorOrganizationId"))
  reason!: string | null;

  @Field(() => Date)
  at!: Date;
}

export const ReferralEventConnection = connectionOf("ReferralEvent", ReferralEvent);

@InputType({ description: "A referral to submit. Resubmitting with the same idempotencyKey returns the first referral." })
export class SubmitReferralInput {
  @Field(() => ID)
  survivorId!: string;

  @Field(() => ID)
  receiverOrganizationId!: string;

  @Field(() => ReferralServiceKind)
  serviceKind!: ReferralServiceKind;

  @Field(() => ID)
  serviceId!: string;

  @Field(() => String)
  purpose!: string;

  @Field(() => [String])
  categories!: string[];

  @Field(() => ReferralUrgency)
  urgency!: ReferralUrgency;

  @Field(() => String, { nullable: true, description: "Case narrative for the receiver; requires CASE_NARRATIVE among the categories." })
  note?: string | null;

  @Field(() => String, { description: "Chosen by the client (e.g. a UUID) once per referral it means to send; retries reuse it." })
  idempotencyKey!: string;
}

@InputType({ description: "Narrows a list of referrals." })
export class ReferralFilter {
  @Field(() => [ReferralStatus], { nullable: true })
  statuses?: ReferralStatus[] | null;

  @Field(() => [ReferralUrgency], { nullable: true })
  urgencies?: ReferralUrgency[] | null;

  @Field(() => Date, { nullable: true, description: "Submitted at or after." })
  submittedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: "Submitted before." })
  submittedUntil?: Date | null;
}
