/**
 * useGates: the checks a mutation must pass before it runs, on facts of other subgraphs
 * (gateway/gates/: a legal-aid organisation's conflict check, a referral's service, a certification
 * request's survivor and liaison unit). Each approval names what the write discloses to another
 * organisation, for the ledger entry of the response (useLedger). Fails closed.
 *
 * Refuses with the gate's own error, and nothing runs: NOT_FOUND (a record the caller may not know,
 * answered as one that does not exist), BAD_USER_INPUT (no such service or liaison unit),
 * CONFLICT_CHECK_REQUIRED (HTTP 409), the rule's decision code when the recipient may not be told
 * of the survivor (e.g. CONSENT_REQUIRED), POLICY_UNAVAILABLE (HTTP 503, a fact could not be had).
 */
import type { OperationDefinitionNode } from "graphql";
import { GraphQLError } from "graphql";
import type { MutationGate } from "../gates/mutationGate.js";
import { required, type OperationStep } from "./step.js";

export function useGates(options: { gates: readonly MutationGate[] }): OperationStep {
  const { gates } = options;
  return async (state) => {
    const shaped = required(state.shaped, "the rewritten operation");
    if (shaped.operationType !== "mutation" || shaped.nothingToExecute) return undefined;
    const { context } = state;
    for (const gate of gates) {
      const verdict = await gate({
        schema: state.request.schema,
        operation: shaped.document.definitions[0] as OperationDefinitionNode,
        variables: state.variables,
        principal: context.principal,
        emergencyJustification: context.emergencyJustification,
        requestId: context.requestId,
      });
      if (verdict instanceof GraphQLError) return { errors: [verdict] };
      if (verdict) state.writes.push(...verdict.disclosures);
    }
    return undefined;
  };
}
