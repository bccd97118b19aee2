/**
 * useAfterMutation: after a mutation ran, `afterMutation` is called (the workers are nudged: an
 * outbox may have grown, so their relay carries the write on at once rather than at its next round).
 *
 * Refuses nothing.
 */
import { required, type OperationStep } from "./step.js";

export function useAfterMutation(options: { afterMutation: () => void }): OperationStep {
  const { afterMutation } = options;
  return (state) => {
    const shaped = required(state.shaped, "the rewritten operation");
    if (shaped.operationType === "mutation" && !shaped.nothingToExecute) afterMutation();
    return undefined;
  };
}
