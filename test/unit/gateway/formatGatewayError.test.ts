import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { formatGatewayError } from "../../../gateway/errors/formatGatewayError.js";
import { LIMIT_CODE_EXTENSION } from "../../../gateway/limits/limitRules.js";
import { createLogger } from "../../../platform/logger.js";
import { runInRequestScope } from "../../../platform/requestScope.js";

const format = formatGatewayError(createLogger("test", "silent"));
const run = (formatted: Parameters<typeof format>[0]) => runInRequestScope("req-1", () => format(formatted, new GraphQLError(formatted.message)));

describe("formatGatewayError", () => {
  it.each([
    ['relation "resident_profile" does not exist', "INTERNAL_SERVER_ERROR"],
    ["Invalid `prisma.residentProfile.findMany()` invocation: connection to 10.0.0.5:5432 refused", "INTERNAL_SERVER_ERROR"],
    ["Cannot return null for non-nullable field Query.x.", undefined],
  ])("masks %j, keeping only the request id", (message, code) => {
    expect(run({ message, path: ["x"], extensions: { ...(code ? { code } : {}), serviceName: "shelters", exception: { stacktrace: ["at db.ts:1"] } } })).toEqual({
      message: "Internal server error",
      path: ["x"],
      extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-1" },
    });
  });

  it("reports an unreachable subgraph as SERVICE_UNAVAILABLE, without its address", () => {
    const formatted = run({ message: "request to http://10.0.0.7:4102/graphql failed, reason: connect ECONNREFUSED", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    expect(formatted.extensions).toEqual({ code: "SERVICE_UNAVAILABLE", requestId: "req-1" });
    expect(JSON.stringify(formatted)).not.toContain("10.0.0.7");
  });

  it("lets the project's own codes through with their message, and only the extensions that name the client's mistake", () => {
    expect(
      run({ message: "`first` must be between 1 and 100", path: ["a"], extensions: { code: "BAD_USER_INPUT", argumentName: "first", serviceName: "shelters", internal: "x" } }),
    ).toEqual({
      message: "`first` must be between 1 and 100",
      path: ["a"],
      extensions: { code: "BAD_USER_INPUT", argumentName: "first" },
    });
    expect(run({ message: "Your role does not allow this field", path: ["m"], extensions: { code: "ROLE_FORBIDDEN" } }).extensions).toEqual({ code: "ROLE_FORBIDDEN" });
  });

  it("turns a limit rule's mark into its code", () => {
    expect(
      run({
        message: "Syntax Error: Query depth limit of 12 exceeded, found 13.",
        extensions: { code: "GRAPHQL_VALIDATION_FAILED", [LIMIT_CODE_EXTENSION]: "OPERATION_TOO_DEEP" },
      }),
    ).toEqual({
      message: "Syntax Error: Query depth limit of 12 exceeded, found 13.",
      extensions: { code: "OPERATION_TOO_DEEP" },
    });
  });
});
