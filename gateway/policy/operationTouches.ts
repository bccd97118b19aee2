import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";

/**
 * The given types plus every type through which one of them can be reached (a connection,
 * its edges, a wrapper): selecting `survivors { totalCount }` touches survivor records too.
 * Root operation types are left out, or everything would count.
 */
export function typesReaching(schema: GraphQLSchema, targets: ReadonlySet<string>): Set<string> {
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  const reaching = new Set(targets);
  const children = (type: GraphQLNamedType): string[] => {
    if (isObjectType(type) || isInterfaceType(type)) return Object.values(type.getFields()).map((f) => getNamedType(f.type).name);
    if (isUnionType(type)) return type.getTypes().map((t) => t.name);
    return [];
  };
  for (let grew = true; grew;) {
    grew = false;
    for (const type of Object.values(schema.getTypeMap())) {
      if (reaching.has(type.name) || roots.has(type.name) || type.name.startsWith("__")) continue;
      if (children(type).some((child) => reaching.has(child))) {
        reaching.add(type.name);
        grew = true;
      }
    }
  }
  return reaching;
}

// The closure depends only on the schema and the target set: computed once per pair.
const reachingCache = new WeakMap<GraphQLSchema, WeakMap<ReadonlySet<string>, Set<string>>>();
function reachingFor(schema: GraphQLSchema, targets: ReadonlySet<string>): Set<string> {
  let bySchema = reachingCache.get(schema);
  if (!bySchema) reachingCache.set(schema, (bySchema = new WeakMap()));
  let reaching = bySchema.get(targets);
  if (!reaching) bySchema.set(targets, (reaching = typesReaching(schema, targets)));
  return reaching;
}

/**
 * Whether an operation selects, anywhere (fragments included, whatever the aliases), a field of
 * one of the given types or a field whose type leads to one. Fragments that the operation never
 * uses are counted too: erring on the side of "touches" only ever asks for a purpose more often.
 */
export function operationTouches(schema: GraphQLSchema, document: DocumentNode, targetTypes: ReadonlySet<string>): boolean {
  if (targetTypes.size === 0) return false;
  const typeNames = reachingFor(schema, targetTypes);
  const typeInfo = new TypeInfo(schema);
  let touches = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const type = typeInfo.getType();
        if ((parent && typeNames.has(parent.name)) || (type && typeNames.has(getNamedType(type).name))) touches = true;
      },
    }),
  );
  return touches;
}
