import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { CaseStage } from "../../../prisma/legal-aid/generated/enums.js";
import { connectionOf } from "../../kit/pagination.js";
import { access } from "../../kit/principal.js";
import { sensitive } from "../../kit/sensitive.js";
import { SurvivorProfile } from "../../kit/survivorProfile.js";

registerEnumType(CaseStage, { name: "CaseStage", description: "Where a client's legal matter stands." });

@Directive(access("CASEWORKER"))
@Directive("@survivorRecord")
@ObjectType({
  description: "What a legal-aid organisation knows about one of its clients. Every field but the ids is sensitive survivor data, owned by that organisation.",
})
export class LegalProfile extends SurvivorProfile {
  @Field(() => String, { nullable: true })
  @Directive(sensitive("IMMIGRATION"))
  immigrationStatus!: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2." })
  @Directive(sensitive("IMMIGRATION"))
  countryOfOrigin!: string | null;

  @Field(() => CaseStage, { nullable: true })
  @Directive(sensitive("IMMIGRATION"))
  caseStage!: CaseStage | null;

  @Field(() => Date)
  updatedAt!: Date;
}

export const LegalProfileConnection = connectionOf("LegalProfile", LegalProfile);
