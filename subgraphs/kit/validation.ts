import { GraphQLError } from "graphql";
import type { z } from "zod";

/**
 * Validates an input at the edge. A failure is a BAD_USER_INPUT error whose message names
 * each offending field by its path (`filter.languages.0: must be …`); the rejected value is
 * never echoed back, since it may carry survivor data.
 */
export function validateInput<S extends z.ZodType>(schema: S, value: unknown, argumentName: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    path: [argumentName, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  throw new GraphQLError(`Invalid ${argumentName}: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`, {
    extensions: { code: "BAD_USER_INPUT", argumentName, problems },
  });
}
