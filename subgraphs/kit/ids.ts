import { GraphQLError } from "graphql";
import { z } from "zod";

const uuid = z.uuid();

/** Ids are UUIDs everywhere; anything else is a client error, named after its argument. */
export function parseId(value: string, argumentName = "id"): string {
  const result = uuid.safeParse(value);
  if (!result.success) {
    throw new GraphQLError(`\`${argumentName}\` must be a UUID`, { extensions: { code: "BAD_USER_INPUT", argumentName } });
  }
  return result.data.toLowerCase();
}

/** For `__resolveReference`: a malformed key resolves to nothing rather than to an error. */
export function isId(value: unknown): value is string {
  return typeof value === "string" && uuid.safeParse(value).success;
}
