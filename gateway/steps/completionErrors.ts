/**
 * useCompletionErrors: the executor's result as the rebuild reads it. A result without any data
 * means the request failed before execution (variables that do not coerce): nothing was fetched,
 * and it is passed on as it is, so that Apollo Server answers 400. Otherwise the values Apollo had
 * to null after the subgraphs answered (a record without its key, a null where none may be), which
 * it reports as `extensions.valueCompletion` rather than as errors, become errors at their paths
 * with a code; that extension (its paths name gateway keys) is not passed on.
 *
 * Answers (ends the operation) only with a result that holds no data.
 */
import { invalidAnswerError } from "../shaping/translateExecutionErrors.js";
import { required, type OperationStep } from "./step.js";

export function useCompletionErrors(): OperationStep {
  return (state) => {
    const result = required(state.result, "the executor's result");
    if (result.data === undefined) return result;
    const { valueCompletion, ...extensions } = result.extensions ?? {};
    const completionErrors = Array.isArray(valueCompletion) ? (valueCompletion as { path?: readonly (string | number)[] }[]) : [];
    state.executed = {
      data: result.data ?? null,
      errors: [...(result.errors ?? []).map((e) => ("toJSON" in e ? e.toJSON() : e)), ...completionErrors.map((e) => invalidAnswerError(e.path))],
    };
    state.extensions = extensions;
    return undefined;
  };
}
