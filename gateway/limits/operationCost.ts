import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../subgraphs/kit/pagination.js";

/** What a list of objects without a page size is assumed to hold. */
export const UNPAGED_LIST_WEIGHT = 10;

/**
 * An upper estimate of the work an operation asks for: every field costs 1, times the number
 * of parent objects it is asked for. A paginated field multiplies what is under it by its page
 * size (`first`, with its variable resolved; the default page when absent; the maximum when it
 * cannot be read); an unpaged list of objects by UNPAGED_LIST_WEIGHT. A connection's `edges`
 * adds no factor of its own: its page size was counted on the field that returned it.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;

  const pageSize = (field: FieldNode): number | null => {
    const argument = field.arguments?.find((a) => a.name.value === "first");
    if (!argument) return null;
    const value = valueFromAST(argument.value, schema.getType("Int") as never, variables);
    if (value === null || value === undefined) return argument.value.kind === Kind.VARIABLE ? DEFAULT_PAGE_SIZE : MAX_PAGE_SIZE;
    return typeof value === "number" && value > 0 ? Math.min(value, MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
  };

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, multiplier: number, seen: ReadonlySet<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        if (type && isCompositeType(type)) total += walk(fragment.selectionSet, type, multiplier, new Set([...seen, fragment.name.value]));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += walk(selection.selectionSet, type, multiplier, seen);
        continue;
      }
      total += multiplier;
      if (!selection.selectionSet || !("getFields" in parent)) continue;
      const definition = parent.getFields()[selection.name.value];
      if (!definition) continue;
      const named = getNamedType(definition.type);
      if (!isCompositeType(named)) continue;
      const page = pageSize(selection);
      const isEdges = selection.name.value === "edges" && parent.name.endsWith("Connection");
      const factor = page ?? (isListType(getNullableType(definition.type)) && !isEdges ? UNPAGED_LIST_WEIGHT : 1);
      total += walk(selection.selectionSet, named, multiplier * factor, seen);
    }
    return total;
  };
  return walk(operation.selectionSet, root, 1, new Set());
}
