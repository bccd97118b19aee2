import { describe, expect, it } from "vitest";
import { DEV_ISSUER } from "../../../gateway/auth/devIssuerKeyFiles.js";
import { readGatewayConfig } from "../../../gateway/config.js";

describe("configuration of the gateway's own partner-app tokens", () => {
  it("reads issuer, lifetime, key file and token-endpoint budget; audience and skew are the identity provider's", () => {
    expect(
      readGatewayConfig({
        CLIENT_TOKEN_ISSUER: "https://gateway.srn.example",
        CLIENT_TOKEN_TTL_SECONDS: "300",
        CLIENT_TOKEN_PRIVATE_KEY_FILE: "/etc/srn/client-token.private.jwk",
        RATE_LIMIT_TOKEN_PER_MINUTE: "20",
        AUTH_AUDIENCE: "srn-api",
        AUTH_CLOCK_TOLERANCE_S: "10",
      }).clientTokens,
    ).toEqual({
      issuer: "https://gateway.srn.example",
      audience: "srn-api",
      ttlSeconds: 300,
      privateKeyFile: "/etc/srn/client-token.private.jwk",
      clockToleranceSeconds: 10,
      requestsPerMinutePerAddress: 20,
    });
  });

  it.each([
    [{ CLIENT_TOKEN_ISSUER: "https://idp.example/realms/srn", AUTH_ISSUER: "https://idp.example/realms/srn" }, "CLIENT_TOKEN_ISSUER: must differ from AUTH_ISSUER"],
    [{ CLIENT_TOKEN_ISSUER: DEV_ISSUER }, "CLIENT_TOKEN_ISSUER: must not be the development issuer's"],
    [{ CLIENT_TOKEN_TTL_SECONDS: "86400" }, "CLIENT_TOKEN_TTL_SECONDS: Too big: expected number to be <=3600"],
    [{ CLIENT_TOKEN_TTL_SECONDS: "10" }, "CLIENT_TOKEN_TTL_SECONDS: Too small: expected number to be >=60"],
    [{ RATE_LIMIT_TOKEN_PER_MINUTE: "0" }, "RATE_LIMIT_TOKEN_PER_MINUTE: Too small: expected number to be >=1"],
  ])("refuses %o with a message naming the variable", (env, message) => {
    expect(() => readGatewayConfig(env)).toThrow(`Invalid gateway configuration: ${message}`);
  });
});
