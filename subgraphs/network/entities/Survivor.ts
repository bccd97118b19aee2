import { Directive, Field, ID, ObjectType } from "type-graphql";
import { connectionOf } from "../../kit/pagination.js";
import { access } from "../../kit/principal.js";

@ObjectType({
  description: "A survivor, known to the network only by an opaque id and a pseudonym. Name, birth date and contact are held by the partner that serves them, never here.",
})
@Directive('@key(fields: "id")')
@Directive(access("CASEWORKER", "LIAISON_OFFICER"))
@Directive("@survivorRecord")
export class Survivor {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "A name chosen for referrals; never the legal name." })
  pseudonym!: string;

  registeredByOrganizationId!: string;

  @Field(() => Date)
  createdAt!: Date;
}

export const SurvivorConnection = connectionOf("Survivor", Survivor);
