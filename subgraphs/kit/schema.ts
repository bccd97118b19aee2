import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { buildSchemaSync, createResolversMap, type NonEmptyArray } from "type-graphql";

/**
 * The project's own policy directives, composed into the supergraph so that the schema is the
 * policy's single source (the gateway reads them from the supergraph it loads). Apollo's
 * `@requiresScopes`/`@policy` cannot be used: @apollo/gateway refuses supergraphs with them.
 *
 * - `@access(roles:)` on a type or field: only callers holding one of these roles may select it;
 *   on both, both must allow.
 * - `@survivorRecord(parties:)` on a type: its objects are about one survivor; an operation that
 *   selects one must declare its purpose of use, and the gateway shows each object only to the
 *   organisations the consent rule lets know that it exists (its owner, the organisations named by
 *   the `parties` fields, and callers to whom it would release the record's IDENTITY).
 * - `@sensitive(category:, owner:)` on a field: it carries sensitive data of that category (see
 *   vocabulary/categories.ts); the gateway releases it only as the consent and agreement rule allows. The
 *   record's owner is the organisation in its `ownerOrganizationId`, unless `owner:` names another
 *   field of the type: free text is owned by the organisation that wrote it (a referral's outcome
 *   by its receiver, a step's reason by the organisation that took the step).
 *   `schema/lint.ts` checks where it may appear (nullable fields on records that carry their own
 *   subject and owner; never on arguments, keys or requires).
 */
export const POLICY_SPEC_URL = "https://specs.safe-referral.network/policy/v0.1";

export const SUBGRAPH_SCHEMA_HEADER = `
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@inaccessible", "@composeDirective"])
  @link(url: "${POLICY_SPEC_URL}", import: ["@access", "@survivorRecord", "@sensitive"])
  @composeDirective(name: "@access")
  @composeDirective(name: "@survivorRecord")
  @composeDirective(name: "@sensitive")

directive @access(roles: [String!]!) on OBJECT | FIELD_DEFINITION
directive @survivorRecord(parties: [String!]) on OBJECT
directive @sensitive(category: String!, owner: String) on FIELD_DEFINITION | ARGUMENT_DEFINITION
`;

type SubgraphResolvers = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>["resolvers"]>;

export type ReferenceResolver<TContext> = (reference: { id: string } & Record<string, unknown>, context: TContext) => unknown;

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
  const typeDefs = parse(`${SUBGRAPH_SCHEMA_HEADER}\n${printSchemaWithDirectives(typeGraphQLSchema)}`);
  const resolvers: Record<string, object> = { ...createResolversMap(typeGraphQLSchema) };
  for (const [typeName, resolveReference] of Object.entries(options.references ?? {})) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference };
  }
  return buildSubgraphSchema([{ typeDefs, resolvers: resolvers as SubgraphResolvers }]);
}
