import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { AgreementStatus } from "../../../prisma/network/generated/enums.js";
import { access } from "../../kit/principal.js";

registerEnumType(AgreementStatus, { name: "AgreementStatus", description: "Where a data-sharing agreement stands." });

@ObjectType({
  description:
    "A data-sharing agreement between two organisations (the GBVIMS information-sharing protocol, made executable): which categories of the sharing organisation's records the other may receive, for which purposes, for how long.",
})
@Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
export class Agreement {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: "The organisation whose records are shared." })
  fromOrganizationId!: string;

  @Field(() => ID, { description: "The organisation that receives them." })
  toOrganizationId!: string;

  @Field(() => Boolean, { description: "Whether the agreement also shares the other way round." })
  bothWays!: boolean;

  @Field(() => [String])
  categories!: string[];

  @Field(() => [String])
  purposes!: string[];

  @Field(() => Date)
  validFrom!: Date;

  @Field(() => Date, { nullable: true })
  validUntil!: Date | null;

  @Field(() => AgreementStatus)
  status!: AgreementStatus;

  @Field(() => String, { description: "The agreement in plain language." })
  summary!: string;
}
