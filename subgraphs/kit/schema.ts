import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { buildSchemaSync, createResolversMap, type NonEmptyArray } from "type-graphql";

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external"])';

type SubgraphResolvers = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>["resolvers"]>;

export type ReferenceResolver<TContext> = (reference: { id: string }, context: TContext) => unknown;

export interface FederatedSchemaOptions<TContext> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type name. */
  references?: Record<string, ReferenceResolver<TContext>>;
}

/**
 * Builds an Apollo Federation 2 subgraph schema from type-graphql classes: type-graphql writes
 * the SDL (with `@key` and friends kept through `@Directive`), `buildSubgraphSchema` adds the
 * federation machinery (`_service`, `_entities`).
 */
export function buildFederatedSchema<TContext>(options: FederatedSchemaOptions<TContext>): GraphQLSchema {
  const typeGraphQLSchema = buildSchemaSync({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes ?? [],
    skipCheck: true,
    validate: false,
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphQLSchema)}`);
  const resolvers: Record<string, object> = { ...createResolversMap(typeGraphQLSchema) };
  for (const [typeName, resolveReference] of Object.entries(options.references ?? {})) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference };
  }
  return buildSubgraphSchema([{ typeDefs, resolvers: resolvers as SubgraphResolvers }]);
}
