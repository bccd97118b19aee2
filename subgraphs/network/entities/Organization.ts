import { Directive, Field, ID, ObjectType } from "type-graphql";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { connectionOf } from "../../kit/pagination.js";

@ObjectType({ description: "A partner organisation of the network." })
@Directive('@key(fields: "id")')
export class Organization {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => OrganizationKind)
  kind!: OrganizationKind;

  @Field(() => String, { description: "Where the organisation works, e.g. a city, county or state." })
  jurisdiction!: string;

  @Field(() => [String], { description: "BCP 47 tags of the languages its staff work in." })
  languages!: string[];

  @Field(() => String, { nullable: true, description: "The organisation's public contact address (never a survivor's)." })
  contactEmail!: string | null;

  @Field(() => String, { nullable: true })
  contactPhone!: string | null;

  @Field(() => String, { nullable: true })
  website!: string | null;
}

export const OrganizationConnection = connectionOf("Organization", Organization);
