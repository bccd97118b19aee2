import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  OperationTypeNode,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../vocabulary/paging.js";

/** What a list of objects without a page size is assumed to hold. */
export const UNPAGED_LIST_WEIGHT = 10;

/**
 * An upper estimate of the objects an operation can return, the work that grows with the
 * answer: every field of an object type costs 1 per parent object; scalar and enum fields cost
 * nothing (they come with their object; how many one operation may name is bounded by the token
 * and alias limits). A paginated field (one taking `first`) multiplies the lists of its page
 * (`edges`, `events`, …) by its page size — `first` with its variable resolved, the default page
 * when absent, the maximum when it cannot be read — but not the page's own fields (`totalCount`,
 * `pageInfo`: one per page). Any other list of objects multiplies by UNPAGED_LIST_WEIGHT.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const root = operation.operation === OperationTypeNode.MUTATION ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;

  const pageSize = (field: FieldNode, definition: GraphQLField<unknown, unknown>): number | null => {
    if (!definition.args.some((a) => a.name === "first")) return null;
    const argument = field.arguments?.find((a) => a.name.value === "first");
    if (!argument) return DEFAULT_PAGE_SIZE;
    const value = valueFromAST(argument.value, schema.getType("Int") as never, variables);
    if (value === null || value === undefined) return argument.value.kind === Kind.VARIABLE ? DEFAULT_PAGE_SIZE : MAX_PAGE_SIZE;
    return typeof value === "number" && value > 0 ? Math.min(value, MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
  };

  /** `page`: the page size of the field that returned `parent`, for the lists directly in it. */
  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, multiplier: number, page: number | null, seen: ReadonlySet<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        if (type && isCompositeType(type)) total += walk(fragment.selectionSet, type, multiplier, page, new Set([...seen, fragment.name.value]));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += walk(selection.selectionSet, type, multiplier, page, seen);
        continue;
      }
      if (!selection.selectionSet || !("getFields" in parent)) continue;
      const definition = parent.getFields()[selection.name.value];
      if (!definition) continue;
      const named = getNamedType(definition.type);
      if (!isCompositeType(named)) continue;
      const ownPage = pageSize(selection, definition);
      const isList = isListType(getNullableType(definition.type));
      // A list's size: this field's own page, else the page of the field that returned its parent.
      const size = isList ? (ownPage ?? page ?? UNPAGED_LIST_WEIGHT) : 1;
      const objects = multiplier * size;
      total += objects;
      total += walk(selection.selectionSet, named, objects, isList ? null : ownPage, seen);
    }
    return total;
  };
  return walk(operation.selectionSet, root, 1, null, new Set());
}
