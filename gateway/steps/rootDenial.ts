/**
 * useRootDenial: a mutation with a root field the caller may not run (useRewrite removed it) is
 * refused whole, before anything runs; a query goes on with the field null and explained.
 *
 * Refuses with HTTP 403 and the denial's code (ROLE_FORBIDDEN), at the field's path.
 */
import { GraphQLError } from "graphql";
import { required, type OperationStep } from "./step.js";

export function useRootDenial(): OperationStep {
  return (state) => {
    const denied = required(state.shaped, "the rewritten operation").deniedRootField;
    if (!denied) return undefined;
    return {
      errors: [
        new GraphQLError(denied.denial.message, {
          path: [denied.responseKey],
          // Apollo Server turns extensions.http into the response status and strips it.
          extensions: { code: denied.denial.code, http: { status: 403 } },
        }),
      ],
    };
  };
}
