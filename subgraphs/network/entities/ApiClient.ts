import { Directive, Field, ID, InputType, ObjectType } from "type-graphql";
import { access } from "../../kit/principal.js";

@ObjectType({ description: "A partner application of an organisation (for example a bed-finder app). Never shows a secret or its hash." })
@Directive(access("ORG_ADMIN"))
export class ApiClient {
  @Field(() => ID)
  id!: string;

  organizationId!: string;

  @Field(() => String, { description: "The client id: the `sub` of the client's tokens, and its user name at the token endpoint." })
  clientId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean, { description: "False once revoked: its tokens are refused on the next request." })
  active!: boolean;

  @Field(() => Boolean, { description: "Whether it obtains tokens from the gateway's token endpoint with a network-issued secret (false: from the identity provider)." })
  hasClientSecret!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  secretRotatedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType({ description: "A client's credentials. The secret is shown here once and never again: only its hash is kept." })
@Directive(access("ORG_ADMIN"))
export class ApiClientCredentials {
  @Field(() => ApiClient)
  client!: ApiClient;

  @Field(() => String)
  clientId!: string;

  @Field(() => String, { description: "Store it now, in the app's secret store: it cannot be shown again (rotate to get a new one)." })
  clientSecret!: string;
}

@InputType({ description: "A new partner application of the caller's organisation." })
export class CreateApiClientInput {
  @Field(() => String)
  name!: string;
}
