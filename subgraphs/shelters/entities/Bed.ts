import { Directive, Field, ID, ObjectType } from "type-graphql";
import { access } from "../../kit/principal.js";

@ObjectType({ description: "One bed of a shelter programme, as its own organisation's staff see it." })
@Directive(access("CASEWORKER"))
export class Bed {
  @Field(() => ID)
  id!: string;

  programId!: string;

  @Field(() => String, { description: "Where the bed is, in the shelter's own words (room and bed)." })
  label!: string;

  @Field(() => Boolean, { description: "False for a bed out of use; it is never assigned." })
  active!: boolean;
}
