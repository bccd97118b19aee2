/**
 * useRespond: the operation's answer to Apollo Server: the rebuilt data; its errors as they may
 * leave the gateway (a message that names one of the gateway's own keys replaced, every error with
 * a code: publicError in gateway/shaping/translateExecutionErrors.ts; Apollo Server's formatError
 * then masks whatever text is not the project's own, gateway/errors/); the executor's extensions.
 *
 * Always answers: it is the last step.
 */
import { GraphQLError } from "graphql";
import { publicError } from "../shaping/translateExecutionErrors.js";
import { required, type OperationStep } from "./step.js";

export function useRespond(): OperationStep {
  return (state) => {
    const rebuilt = required(state.rebuilt, "the rebuilt response");
    const extensions = state.extensions ?? {};
    return {
      data: rebuilt.data,
      ...(rebuilt.errors.length ? { errors: rebuilt.errors.map((error) => toGraphQLError(publicError(error))) } : {}),
      ...(Object.keys(extensions).length ? { extensions } : {}),
    };
  };
}

function toGraphQLError(error: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }): GraphQLError {
  return new GraphQLError(error.message, { path: error.path, extensions: error.extensions });
}
