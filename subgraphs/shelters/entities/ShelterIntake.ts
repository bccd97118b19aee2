import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { IntakeStatus } from "../../../prisma/shelters/generated/enums.js";
import { access } from "../../kit/principal.js";

registerEnumType(IntakeStatus, {
  name: "ShelterIntakeStatus",
  description: "Where a shelter's intake of a referral stands.",
  valuesConfig: {
    PENDING: { description: "Accepted by the shelter and the bed held; the referral's status in the network is being brought in line." },
    CONFIRMED: { description: "The network recorded the referral as accepted: both sides agree." },
    RELEASED: { description: "The bed was freed and its place given back." },
  },
});

@ObjectType({
  description: "A shelter's intake of one referral: the bed it holds and where the hand-over stands. About one survivor, but it carries no data about them.",
})
@Directive(access("CASEWORKER"))
@Directive("@survivorRecord")
export class ShelterIntake {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: "The referral this intake answers (kept by the network subgraph)." })
  referralId!: string;

  programId!: string;
  organizationId!: string;
  bedId!: string | null;

  @Field(() => IntakeStatus)
  status!: IntakeStatus;

  @Field(() => Date)
  createdAt!: Date;
}
