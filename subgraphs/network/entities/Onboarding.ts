import { Field, InputType, ObjectType } from "type-graphql";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { Member } from "./Member.js";
import { Organization } from "./Organization.js";

@InputType({ description: "The organisation's first admin, who then invites everyone else." })
export class FirstAdminInput {
  @Field(() => String)
  displayName!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String, { description: "The identity provider's `sub` for this person, exactly as in their tokens." })
  subject!: string;
}

@InputType({ description: "A partner organisation joining the network." })
export class OnboardOrganizationInput {
  @Field(() => String, { description: "Unique across the network (case-insensitive)." })
  name!: string;

  @Field(() => OrganizationKind, { description: "SHELTER, LEGAL_AID or LAW_ENFORCEMENT_LIAISON." })
  kind!: OrganizationKind;

  @Field(() => String, { description: "Where the organisation works, e.g. a city, county or state." })
  jurisdiction!: string;

  @Field(() => [String], { description: "BCP 47 tags of the languages its staff work in." })
  languages!: string[];

  @Field(() => String, { nullable: true })
  contactEmail?: string | null;

  @Field(() => String, { nullable: true })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: "An https:// URL." })
  website?: string | null;

  @Field(() => FirstAdminInput)
  firstAdmin!: FirstAdminInput;
}

@ObjectType({ description: "An onboarded organisation and its first admin." })
export class OnboardedOrganization {
  @Field(() => Organization)
  organization!: Organization;

  @Field(() => Member)
  firstAdmin!: Member;
}
