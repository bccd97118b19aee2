import { Directive, Field, ID, InputType, Int, ObjectType } from "type-graphql";

@ObjectType("ShelterReferralCopy", { description: "Internal: what the shelters subgraph knows of a referral addressed to one of its programmes." })
@Directive("@inaccessible")
export class ReferralCopy {
  @Field(() => ID) referralId!: string;
  @Field(() => ID) receiverOrganizationId!: string;
  @Field(() => ID) programId!: string;
  @Field(() => ID) survivorId!: string;
  @Field(() => String) status!: string;
  @Field(() => Int) version!: number;
  @Field(() => Date) updatedAt!: Date;
}

@InputType("ShelterReferralCopyInput", { description: "Internal: one version of a referral, as the network subgraph holds it." })
@Directive("@inaccessible")
export class ReferralCopyInput {
  @Field(() => ID) referralId!: string;
  @Field(() => ID) receiverOrganizationId!: string;
  @Field(() => ID, { description: "The shelter programme the referral is addressed to (the referral's service)." })
  programId!: string;
  @Field(() => ID) survivorId!: string;
  @Field(() => String, { description: "The network's status name (SENT, ACKNOWLEDGED, ACCEPTED, …)." })
  status!: string;
  @Field(() => Int, { description: "The network's version of the referral; an older one than the copy's is ignored." })
  version!: number;
}
