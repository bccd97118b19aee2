import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * The network's entities as a partner subgraph sees them: just their keys, to which the
 * partner adds fields of its own (a survivor's resident profiles, an organisation's legal
 * services). Each call makes fresh classes, because type-graphql attaches field resolvers to
 * the class and every partner subgraph adds different ones.
 */
export function networkEntityStubs() {
  @ObjectType("Organization")
  @Directive('@key(fields: "id")')
  class OrganizationRef {
    @Field(() => ID)
    id!: string;
  }

  @ObjectType("Survivor")
  @Directive('@key(fields: "id")')
  class SurvivorRef {
    @Field(() => ID)
    id!: string;
  }

  @ObjectType("Directory")
  @Directive('@key(fields: "key")')
  class DirectoryRef {
    @Field(() => ID)
    key!: string;
  }

  return { OrganizationRef, SurvivorRef, DirectoryRef };
}
