/**
 * useDecide: the pure rules (policy/decide.ts, policy/existence.ts) for this caller, the facts
 * useFacts fetched and this instant: `decide` per (owner, survivor, category), existence per record,
 * each computed once in this response. Without facts, or for a caller the rule cannot place (no
 * organisation), every decision is POLICY_UNAVAILABLE: fail closed, the owner included.
 *
 * Refuses nothing itself: its decisions are applied by useRebuild.
 */
import type { ConsentEnforcement } from "../policy/consentEnforcement.js";
import { consentCaller } from "./consentCaller.js";
import { required, type OperationStep } from "./step.js";

export function useDecide(options: { consent: ConsentEnforcement | null }): OperationStep {
  const { consent } = options;
  return (state) => {
    if (consent === null || !state.records?.length) return undefined;
    state.decider = consent.decider(consentCaller(state), required(state.facts, "the facts"));
    return undefined;
  };
}
