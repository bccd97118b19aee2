import { Field, ID, ObjectType } from "type-graphql";
import { connectionOf } from "../../kit/pagination.js";

@ObjectType({
  description: "Tells an organisation that another one used the emergency override on its records of one survivor: who, when, why, which categories. Kept; acknowledged once read.",
})
export class OverrideNotice {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true, description: "The survivor the records are about; null when the gateway could not tell." })
  survivorId!: string | null;

  @Field(() => String, { description: "The ledger entry that records the override (see survivorDisclosures)." })
  ledgerSeq!: string;

  callerOrganizationId!: string;

  @Field(() => String, { description: "member or client (a partner app)." })
  actorKind!: string;

  @Field(() => ID, { description: "The member or partner-app client who used the override." })
  actorId!: string;

  @Field(() => String, { description: "Their written justification." })
  justification!: string;

  @Field(() => [String], { description: "The categories released (CONTACT, LOCATION)." })
  categories!: string[];

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: "The member of this organisation who acknowledged it." })
  acknowledgedByMemberId!: string | null;
}

export const OverrideNoticeConnection = connectionOf("OverrideNotice", OverrideNotice);
