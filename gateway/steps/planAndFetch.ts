/**
 * usePlanAndFetch: @apollo/gateway's executor runs the rewritten operation: it plans it (the plan
 * cache is keyed by the rewritten operation's own hash) and fetches each part from its subgraph
 * through SubgraphDataSource, every fetch carrying a fresh assertion signed for that one subgraph
 * and that exact operation, stating who asks. An operation the rewrite left nothing of is not run.
 *
 * Refuses nothing itself; what the subgraphs refuse arrives as errors in the result.
 */
import type { GatewayExecutor, GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import { required, type OperationStep } from "./step.js";

export function usePlanAndFetch(options: { execute: GatewayExecutor }): OperationStep {
  const { execute } = options;
  return async (state) => {
    const shaped = required(state.shaped, "the rewritten operation");
    state.result = shaped.nothingToExecute
      ? { data: {} }
      : await execute({
          ...state.request,
          document: shaped.document,
          source: shaped.source,
          queryHash: shaped.hash,
          operation: shaped.document.definitions[0] as GatewayGraphQLRequestContext["operation"],
          // The executor reads `operationName` to pick the operation; the shaped document holds exactly one.
        } as GatewayGraphQLRequestContext);
    return undefined;
  };
}
