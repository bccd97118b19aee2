import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext, type ValidationRule } from "graphql";
import { ERROR_CODES, type ErrorCode } from "../../vocabulary/errorCodes.js";

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

/** Production defaults: generous for every query the product's own clients make, tight for abuse. */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 15,
  maxRootFields: 10,
  maxDirectives: 20,
  maxTokens: 2_000,
  maxCost: 5_000,
};

/** Extension under which a limit rule marks its error; formatError turns it into the code. */
export const LIMIT_CODE_EXTENSION = "srnLimitCode";

/**
 * graphql-armor's rules report a plain validation error; Apollo Server would give it the
 * generic GRAPHQL_VALIDATION_FAILED. This marks each with the limit's own code, and drops the
 * "Syntax Error: " graphql-armor puts before its messages: an operation over a limit is well formed.
 */
function withCode(rule: ValidationRule, code: ErrorCode): ValidationRule {
  return (context: ValidationContext) => {
    const marking = Object.create(context, {
      reportError: {
        value: (error: GraphQLError) =>
          context.reportError(
            new GraphQLError(error.message.replace(/^Syntax Error: /, ""), { nodes: error.nodes, extensions: { ...error.extensions, [LIMIT_CODE_EXTENSION]: code } }),
          ),
      },
    }) as ValidationContext;
    return rule(marking);
  };
}

/** Counts the root fields of each operation, through fragments, whatever their aliases. */
function maxRootFieldsRule(max: number): ValidationRule {
  return (context) => {
    const count = (selectionSet: SelectionSetNode, seen: Set<string>): number =>
      selectionSet.selections.reduce((sum, selection) => {
        if (selection.kind === Kind.FIELD) return sum + (selection.name.value === "__typename" ? 0 : 1);
        if (selection.kind === Kind.INLINE_FRAGMENT) return sum + count(selection.selectionSet, seen);
        const name = selection.name.value;
        const fragment = context.getFragment(name);
        if (!fragment || seen.has(name)) return sum;
        return sum + count(fragment.selectionSet, new Set([...seen, name]));
      }, 0);
    const visitor: ASTVisitor = {
      OperationDefinition(operation) {
        const found = count(operation.selectionSet, new Set());
        if (found > max) {
          context.reportError(
            new GraphQLError(`Operation has ${found} root fields; the limit is ${max}`, {
              nodes: [operation],
              extensions: { [LIMIT_CODE_EXTENSION]: ERROR_CODES.TOO_MANY_ROOT_FIELDS },
            }),
          );
        }
      },
    };
    return visitor;
  };
}

/** The validation rules that enforce the structural limits, before any planning. */
export function operationLimitRules(limits: OperationLimits): ValidationRule[] {
  // Report through the validation context (a 400), never throw (Apollo would answer 500).
  const common = { exposeLimits: true, propagateOnRejection: false, onReject: [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(error)] };
  return [
    withCode(maxDepthRule({ ...common, n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: false }), ERROR_CODES.OPERATION_TOO_DEEP),
    withCode(maxAliasesRule({ ...common, n: limits.maxAliases }), ERROR_CODES.TOO_MANY_ALIASES),
    withCode(maxDirectivesRule({ ...common, n: limits.maxDirectives }), ERROR_CODES.TOO_MANY_DIRECTIVES),
    maxRootFieldsRule(limits.maxRootFields),
  ];
}
