import { Directive, Field, ObjectType } from "type-graphql";
import { connectionOf } from "../../kit/pagination.js";
import { access } from "../../kit/principal.js";
import { sensitive } from "../../kit/sensitive.js";
import { SurvivorProfile } from "../../kit/survivorProfile.js";

@Directive(access("CASEWORKER"))
@Directive("@survivorRecord")
@ObjectType({
  description: "What a shelter knows about one of its residents. Every field but the ids is sensitive survivor data, owned by the shelter's organisation.",
})
export class ResidentProfile extends SurvivorProfile {
  programId!: string | null;

  @Field(() => String, { nullable: true })
  @Directive(sensitive("IDENTITY"))
  legalName!: string | null;

  /** Exposed as an ISO calendar date by ResidentProfileResolver.dateOfBirth (tagged IDENTITY there). */
  dateOfBirth!: Date | null;

  @Field(() => String, { nullable: true })
  @Directive(sensitive("CONTACT"))
  phone!: string | null;

  @Field(() => String, { nullable: true })
  @Directive(sensitive("LOCATION"))
  currentLocation!: string | null;

  @Field(() => String, { nullable: true })
  @Directive(sensitive("HEALTH"))
  healthNeeds!: string | null;

  @Field(() => Date)
  updatedAt!: Date;
}

export const ResidentProfileConnection = connectionOf("ResidentProfile", ResidentProfile);
