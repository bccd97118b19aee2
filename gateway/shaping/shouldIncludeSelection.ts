import { GraphQLIncludeDirective, GraphQLSkipDirective, getDirectiveValues } from "graphql";
import type { SelectionConditions } from "./selectionPlan.js";

/** @skip and @include exactly as graphql-js evaluates them (`shouldIncludeNode`), from coerced variables. */
export function shouldIncludeSelection(conditions: SelectionConditions | null, variables: Record<string, unknown>): boolean {
  if (conditions === null) return true;
  if (getDirectiveValues(GraphQLSkipDirective, conditions, variables)?.if === true) return false;
  if (getDirectiveValues(GraphQLIncludeDirective, conditions, variables)?.if === false) return false;
  return true;
}
