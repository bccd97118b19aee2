/**
 * useRebuild: the response in the client's shape (gateway/shaping/rebuildResponse.ts): its own keys,
 * aliases and fragments, @skip/@include; fields its roles do not allow null with ROLE_FORBIDDEN at
 * their paths; and, under useDecide's rule, a survivor record the caller may not know exists and a
 * presence element it may not see left out without a trace (as a record that does not exist), a
 * denied sensitive field null with its decision's code at its path. Subgraph errors under a
 * withheld path are dropped. A response that holds no record to decide is rebuilt as it is.
 *
 * Refuses nothing whole; withholds field by field with ROLE_FORBIDDEN, CONSENT_REQUIRED,
 * AGREEMENT_REQUIRED, PURPOSE_NOT_PERMITTED, EMERGENCY_JUSTIFICATION_REQUIRED, POLICY_UNAVAILABLE.
 */
import type { ConsentEnforcement } from "../policy/consentEnforcement.js";
import { required, type OperationStep } from "./step.js";

export function useRebuild(options: { consent: ConsentEnforcement | null }): OperationStep {
  const { consent } = options;
  return (state) => {
    const shaped = required(state.shaped, "the rewritten operation");
    const executed = required(state.executed, "the executed result");
    if (consent === null) state.rebuilt = shaped.rebuild(executed, state.variables);
    else if (!required(state.records, "the response's records").length) state.rebuilt = required(state.recorded, "the recorded response");
    else state.rebuilt = consent.rebuildDeciding(shaped, executed, state.variables, required(state.decider, "the rule"));
    return undefined;
  };
}
