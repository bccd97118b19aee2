import type { RequestCaller } from "../policy/consentEnforcement.js";
import { required, type OperationState } from "./step.js";

/** Who asks, as the consent rule and the ledger need it. */
export function consentCaller(state: OperationState): RequestCaller {
  const { principal, emergencyJustification, requestId } = state.context;
  return { principal, emergencyJustification, requestId, operationName: required(state.shaped, "the rewritten operation").operationName };
}
