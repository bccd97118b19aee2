import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { MemberRole } from "../../../prisma/network/generated/enums.js";
import { access } from "../../kit/principal.js";

registerEnumType(MemberRole, { name: "MemberRole", description: "What a member may do for their organisation." });

@ObjectType({ description: "A person working for a partner organisation." })
@Directive('@key(fields: "id")')
export class Member {
  @Field(() => ID)
  id!: string;

  organizationId!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String, { nullable: true, description: "Work e-mail; for organisation admins and stewards." })
  @Directive(access("ORG_ADMIN", "NETWORK_STEWARD"))
  email!: string;

  @Field(() => [MemberRole])
  roles!: MemberRole[];

  @Field(() => Boolean, { description: "False once deactivated: the member is refused on their next request." })
  active!: boolean;

  @Field(() => Date, { nullable: true })
  deactivatedAt!: Date | null;
}

@InputType({ description: "A person an organisation admin adds to their own organisation." })
export class InviteMemberInput {
  @Field(() => String)
  displayName!: string;

  @Field(() => String, { description: "Work e-mail; one member per address across the network." })
  email!: string;

  @Field(() => String, { description: "The identity provider's `sub` for this person, exactly as in their tokens." })
  subject!: string;

  @Field(() => [MemberRole], { description: "CASEWORKER, ORG_ADMIN; LIAISON_OFFICER only in a law-enforcement liaison organisation." })
  roles!: MemberRole[];
}
