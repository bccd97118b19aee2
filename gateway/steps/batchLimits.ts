/**
 * useBatchLimits: a batch (a JSON array of operations) may hold at most `maxBatchOperations`
 * operations, and together they may not buy more than one operation could: their tokens, aliases
 * and root fields are counted against the single-operation limits (gateway/limits/batchLimits.ts).
 *
 * Refuses with HTTP 400: BATCH_TOO_LARGE, TOO_MANY_TOKENS, TOO_MANY_ALIASES, TOO_MANY_ROOT_FIELDS.
 */
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { HttpError } from "../../platform/http.js";
import { checkBatchAgainstLimits } from "../limits/batchLimits.js";
import type { OperationLimits } from "../limits/limitRules.js";
import type { CallerStep } from "./step.js";

export function useBatchLimits(options: { maxBatchOperations: number; limits: OperationLimits }): CallerStep {
  const { maxBatchOperations, limits } = options;
  return ({ body, operations }) => {
    // With batches off, Apollo Server refuses an array itself.
    if (!Array.isArray(body) || maxBatchOperations <= 0) return;
    if (operations > maxBatchOperations) {
      throw new HttpError(400, ERROR_CODES.BATCH_TOO_LARGE, `A batch may hold at most ${maxBatchOperations} operations`);
    }
    checkBatchAgainstLimits(body, limits);
  };
}
