/**
 * usePurposeRequired: an operation that reaches a survivor record (anything typed `@survivorRecord`,
 * or leading to one, such as `survivors { totalCount }`; useRewrite found out) needs a declared
 * purpose of use. The directory needs none.
 *
 * Refuses with HTTP 400 PURPOSE_REQUIRED.
 */
import { GraphQLError } from "graphql";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { required, type OperationStep } from "./step.js";

export function usePurposeRequired(): OperationStep {
  return (state) => {
    if (!required(state.touchesSurvivorRecords, "whether the operation touches survivor records") || state.context.principal.purpose) return undefined;
    return {
      errors: [
        new GraphQLError("This operation reads survivor records: declare its purpose in the X-Purpose-Of-Use header", {
          extensions: { code: ERROR_CODES.PURPOSE_REQUIRED, http: { status: 400 } },
        }),
      ],
    };
  };
}
