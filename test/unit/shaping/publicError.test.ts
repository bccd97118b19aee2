import { describe, expect, it } from "vitest";
import { mentionsGatewayKey } from "../../../gateway/shaping/gatewayKeys.js";
import { INVALID_ANSWER_MESSAGE, publicError } from "../../../gateway/shaping/translateExecutionErrors.js";

describe("errors as they leave the gateway", () => {
  it.each([
    ["Cannot return null for non-nullable field ResidentProfile._0.", true],
    ["Cannot return null for non-nullable field ResidentProfile.__x2.", true],
    ["__t is missing", true],
    ["_12", true],
    ["Cannot return null for non-nullable field ResidentProfile.survivorId.", false],
    ["input.categories.0: must be one of IDENTITY", false],
    ["snake_case_1 stays", false],
    ["__typename", false],
  ])("%s names a gateway key: %s", (message, expected) => {
    expect(mentionsGatewayKey(message)).toBe(expected);
  });

  it("replaces a message naming a gateway key by a fixed one with a code, keeping the path", () => {
    expect(
      publicError({ message: "Cannot return null for non-nullable field LegalProfile.__x1.", path: ["legalProfiles", 0], extensions: { code: "X", valueCompletion: 1 } }),
    ).toEqual({
      message: INVALID_ANSWER_MESSAGE,
      path: ["legalProfiles", 0],
      extensions: { code: "SUBGRAPH_ANSWER_INVALID" },
    });
  });

  it("gives an error without a code INTERNAL_SERVER_ERROR and keeps one with a code as it is", () => {
    expect(publicError({ message: "Boom", extensions: { serviceName: "shelters" } })).toEqual({
      message: "Boom",
      extensions: { serviceName: "shelters", code: "INTERNAL_SERVER_ERROR" },
    });
    const coded = { message: "Withheld", path: ["a"], extensions: { code: "CONSENT_REQUIRED" } };
    expect(publicError(coded)).toBe(coded);
  });
});
