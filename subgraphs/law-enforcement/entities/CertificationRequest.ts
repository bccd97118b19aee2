import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { CertificationKind, CertificationRequestStatus } from "../../../prisma/law-enforcement/generated/enums.js";
import { connectionOf } from "../../kit/pagination.js";
import { access } from "../../kit/principal.js";
import { sensitive } from "../../kit/sensitive.js";

registerEnumType(CertificationKind, {
  name: "CertificationKind",
  description: "What the certification is for.",
  valuesConfig: {
    T_VISA: { description: "Declaration for a T visa application (survivors of trafficking)." },
    U_VISA: { description: "Certification for a U visa petition (victims of qualifying crimes)." },
    CONTINUED_PRESENCE: { description: "A request that law enforcement seek continued presence for the survivor." },
  },
});

registerEnumType(CertificationRequestStatus, {
  name: "CertificationRequestStatus",
  description: "Where a certification request stands. Open: REQUESTED, UNDER_REVIEW; the others are ends.",
});

/*
 * What is sensitive here. The request's existence reveals law-enforcement involvement, but only its
 * two parties ever see it (the requesting legal-aid organisation, which owns it, and the liaison
 * organisation it is addressed to), so its workflow fields stay plain: a liaison unit can work the
 * request (kind, status, due date, unit, version) without any survivor data, and the survivor is
 * named by key only. The free text (why a request was declined or withdrawn, a note with a
 * certification) is the survivor's case: LAW_ENFORCEMENT, released by the gateway's rule.
 */
@ObjectType({
  description:
    "A legal-aid organisation's request that a law-enforcement liaison unit complete a victim certification (e.g. for a T visa), with its own status and due date. Owned by the requesting organisation; seen only by it and the liaison organisation.",
})
@Directive(access("CASEWORKER", "LIAISON_OFFICER"))
@Directive('@survivorRecord(parties: ["liaisonOrganizationId"])')
export class CertificationRequest {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: "The survivor the request is about (its subject)." })
  survivorId!: string;

  @Field(() => ID, { description: "The requesting legal-aid organisation (the request's owner)." })
  ownerOrganizationId!: string;

  @Field(() => ID, { nullable: true, description: "The referral the request belongs to, if any (kept by the network subgraph)." })
  referralId!: string | null;

  @Field(() => ID, { description: "The liaison unit's organisation: the other party." })
  liaisonOrganizationId!: string;

  @Field(() => ID)
  liaisonUnitId!: string;

  @Field(() => CertificationKind)
  kind!: CertificationKind;

  @Field(() => CertificationRequestStatus)
  status!: CertificationRequestStatus;

  @Field(() => String, { description: "When the certification is needed by: ISO 8601 calendar date, YYYY-MM-DD." })
  dueDate!: string;

  @Field(() => String, { nullable: true, description: "Why it was declined or withdrawn, or a note with the certification." })
  @Directive(sensitive("LAW_ENFORCEMENT"))
  statusReason!: string | null;

  @Field(() => Int, { description: "Bumped by every change; name it as expectedVersion when you change the request." })
  version!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

export const CertificationRequestConnection = connectionOf("CertificationRequest", CertificationRequest);

@ObjectType({ description: "One step of a certification request's history: who moved it, from where to where, when and why." })
@Directive(access("CASEWORKER", "LIAISON_OFFICER"))
@Directive('@survivorRecord(parties: ["liaisonOrganizationId"])')
export class CertificationRequestEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  requestId!: string;

  @Field(() => ID, { description: "The request's survivor (its subject)." })
  survivorId!: string;

  @Field(() => ID, { description: "The request's owner, the requesting organisation." })
  ownerOrganizationId!: string;

  @Field(() => ID, { description: "The request's liaison organisation: the other party." })
  liaisonOrganizationId!: string;

  @Field(() => CertificationRequestStatus, { nullable: true, description: "Null for the request itself." })
  fromStatus!: CertificationRequestStatus | null;

  @Field(() => CertificationRequestStatus)
  toStatus!: CertificationRequestStatus;

  @Field(() => Int, { description: "The request's version after this step." })
  version!: number;

  @Field(() => ID)
  actorMemberId!: string;

  @Field(() => ID)
  actorOrganizationId!: string;

  @Field(() => String, { nullable: true })
  @Directive(sensitive("LAW_ENFORCEMENT"))
  reason!: string | null;

  @Field(() => Date)
  at!: Date;
}

@InputType({ description: "A certification request to send. Resending with the same idempotencyKey returns the first request." })
export class RequestCertificationInput {
  @Field(() => ID)
  survivorId!: string;

  @Field(() => ID, { nullable: true, description: "The referral the request belongs to; leave out for a request that stands alone." })
  referralId?: string | null;

  @Field(() => ID, { description: "The liaison unit asked to certify." })
  liaisonUnitId!: string;

  @Field(() => CertificationKind)
  kind!: CertificationKind;

  @Field(() => String, { description: "When the certification is needed by: ISO 8601 calendar date, YYYY-MM-DD, after today (UTC)." })
  dueDate!: string;

  @Field(() => String, { description: "Chosen by the client (e.g. a UUID) once per request it means to send; retries reuse it." })
  idempotencyKey!: string;
}

@InputType({ description: "Narrows a list of certification requests." })
export class CertificationRequestFilter {
  @Field(() => [CertificationRequestStatus], { nullable: true })
  statuses?: CertificationRequestStatus[] | null;

  @Field(() => String, { nullable: true, description: "Due before this date (YYYY-MM-DD), not on it." })
  dueBefore?: string | null;
}
