import { Directive, Field, ID, ObjectType } from "type-graphql";
import { connectionOf } from "../../kit/pagination.js";
import { access } from "../../kit/principal.js";

@Directive(access("CASEWORKER"))
@Directive("@survivorRecord")
@ObjectType({
  description:
    "What a shelter knows about one of its residents. Every field but the ids is sensitive survivor data, owned by the shelter's organisation.",
})
export class ResidentProfile {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: "The survivor this profile is about (its subject)." })
  survivorId!: string;

  @Field(() => ID, { name: "ownerOrganizationId", description: "The organisation that holds this profile (its owner)." })
  organizationId!: string;

  programId!: string | null;

  @Field(() => String, { nullable: true })
  legalName!: string | null;

  dateOfBirth!: Date | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  currentLocation!: string | null;

  @Field(() => String, { nullable: true })
  healthNeeds!: string | null;

  @Field(() => Date)
  updatedAt!: Date;
}

export const ResidentProfileConnection = connectionOf("ResidentProfile", ResidentProfile);
