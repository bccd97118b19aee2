/**
 * useCostLimit: the operation's cost (gateway/limits/operationCost.ts) against `maxCost`. Cost needs
 * the variables (page sizes), so it is checked here rather than in validation; still before
 * planning, and on what the client asked, not on what the rewrite left of it.
 *
 * Refuses with HTTP 400 OPERATION_TOO_COSTLY.
 */
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode } from "graphql";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { operationCost } from "../limits/operationCost.js";
import type { OperationStep } from "./step.js";

export function useCostLimit(options: { maxCost: number }): OperationStep {
  const { maxCost } = options;
  return ({ request, variables }) => {
    const cost = operationCost(request.schema, request.operation, fragmentsOf(request.document), variables);
    if (cost <= maxCost) return undefined;
    return {
      errors: [
        new GraphQLError(`Operation cost ${cost} exceeds the limit of ${maxCost}; ask for smaller pages`, {
          extensions: { code: ERROR_CODES.OPERATION_TOO_COSTLY, http: { status: 400 } },
        }),
      ],
    };
  };
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
}
