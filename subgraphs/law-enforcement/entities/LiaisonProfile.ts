import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { CertificationStatus } from "../../../prisma/law-enforcement/generated/enums.js";
import { connectionOf } from "../../kit/pagination.js";
import { access } from "../../kit/principal.js";
import { sensitive } from "../../kit/sensitive.js";
import { SurvivorProfile } from "../../kit/survivorProfile.js";

registerEnumType(CertificationStatus, {
  name: "CertificationStatus",
  description: "Where a victim-certification request (e.g. for a T or U visa) stands.",
});

@Directive(access("CASEWORKER", "LIAISON_OFFICER"))
@Directive("@survivorRecord")
@ObjectType({
  description:
    "What a liaison unit knows about a survivor. Its mere existence reveals law-enforcement involvement: the whole profile is sensitive, owned by the liaison organisation.",
})
export class LiaisonProfile extends SurvivorProfile {
  @Field(() => String, { nullable: true })
  @Directive(sensitive("LAW_ENFORCEMENT"))
  caseNumber!: string | null;

  @Field(() => CertificationStatus, { nullable: true })
  @Directive(sensitive("LAW_ENFORCEMENT"))
  certificationStatus!: CertificationStatus | null;

  @Field(() => Date)
  updatedAt!: Date;
}

export const LiaisonProfileConnection = connectionOf("LiaisonProfile", LiaisonProfile);
