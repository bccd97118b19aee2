import { Directive, Field, ID, InputType, ObjectType } from "type-graphql";
import { OrganizationKind } from "../../../vocabulary/organizations.js";
import { Population } from "../../kit/directory.js";

@InputType({ description: "Narrows the service directory. Lists match any of their values; omitted means no restriction." })
export class DirectoryFilter {
  @Field(() => [OrganizationKind], { nullable: true })
  kinds?: OrganizationKind[];

  @Field(() => [String], { nullable: true, description: "BCP 47 tags; a service matches if it works in any of them." })
  languages?: string[];

  @Field(() => [Population], { nullable: true })
  populations?: Population[];

  @Field(() => Boolean, { nullable: true, description: "Only services that can take someone now (free beds, open intake, accepting referrals)." })
  hasCapacityNow?: boolean;

  @Field(() => Boolean, { nullable: true, description: "Also list services that are not ACTIVE." })
  includeInactive?: boolean;
}

@ObjectType({
  description: "The service directory for one filter. Each partner subgraph adds its own services to it (shelterPrograms, legalServices, liaisonUnits), each paginated on its own.",
})
@Directive('@key(fields: "key")')
export class Directory {
  @Field(() => ID, { description: "The filter, canonicalised: the same filter gives the same key." })
  key!: string;
}
