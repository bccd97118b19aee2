import { describe, expect, it } from "vitest";
import { clientAddress } from "../../../gateway/limits/clientAddress.js";

const request = (forwardedFor: string | undefined, peer = "10.0.0.2") =>
  ({ headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }, socket: { remoteAddress: peer } }) as never;

describe("clientAddress", () => {
  it("ignores X-Forwarded-For unless proxies are trusted (a client can write anything there)", () => {
    expect(clientAddress(request("1.2.3.4"), 0)).toBe("10.0.0.2");
  });

  it("takes the entry our outermost trusted proxy saw", () => {
    // The client forged "6.6.6.6"; our one proxy appended the real peer "203.0.113.9".
    expect(clientAddress(request("6.6.6.6, 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientAddress(request("6.6.6.6, 203.0.113.9, 10.0.0.7"), 2)).toBe("203.0.113.9");
  });

  it("falls back to the peer when the header is missing or shorter than the proxy chain", () => {
    expect(clientAddress(request(undefined), 1)).toBe("10.0.0.2");
    expect(clientAddress(request("203.0.113.9"), 2)).toBe("10.0.0.2");
  });
});
