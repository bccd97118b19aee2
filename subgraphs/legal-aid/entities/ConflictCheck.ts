import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { ConflictCheckOutcome } from "../../../prisma/legal-aid/generated/enums.js";
import { access } from "../../kit/principal.js";

registerEnumType(ConflictCheckOutcome, {
  name: "ConflictCheckOutcome",
  description: "What a legal-aid organisation's conflict-of-interest check found.",
  valuesConfig: {
    CLEAR: { description: "No conflict with the organisation's own clients or former clients: it may accept the referral." },
    CONFLICT_FOUND: { description: "A conflict was found: the organisation may not accept the referral." },
    WAIVED: { description: "A conflict was found and waived (the notes say why): the organisation may accept the referral." },
  },
});

@ObjectType({
  description:
    "A legal-aid organisation's conflict-of-interest check on a referral it received, recorded before it accepts the referral. Recording again adds the next revision; the latest revision counts. Only the organisation's own caseworkers see it. It carries no data about the referred survivor.",
})
@Directive(access("CASEWORKER"))
@Directive("@survivorRecord")
export class ConflictCheck {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: "The referral checked (kept by the network subgraph)." })
  referralId!: string;

  @Field(() => ID, { description: "The legal-aid organisation that ran the check." })
  organizationId!: string;

  @Field(() => Int, { description: "1 for the organisation's first check of this referral, then 2, 3, …: the highest counts." })
  revision!: number;

  @Field(() => ConflictCheckOutcome)
  outcome!: ConflictCheckOutcome;

  @Field(() => String, {
    nullable: true,
    description:
      "The organisation's own note on the check: about its own clients (those it already represents), never about the referred survivor. Confidential to the organisation; required for a waiver. Keep survivor data out of it.",
  })
  notes!: string | null;

  @Field(() => ID, { description: "The member who recorded the check." })
  checkedByMemberId!: string;

  @Field(() => Date)
  checkedAt!: Date;
}
