import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
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

  @Field(() => Boolean)
  active!: boolean;
}
