/** Which relay failures are refused for good (parked), unavailable (the channel waits) or failed (retried, parked only when repeated while others go through); which webhook answers are permanent. */
import { describe, expect, it } from "vitest";
import { SystemCallError } from "../../../platform/systemClient.js";
import { classifyDeliveryFailure, MAX_REASON_LENGTH, PermanentDeliveryError, UnrecordedDeliveryError } from "../../../workers/relay/deliveryFailure.js";
import { isPermanentWebhookRefusal } from "../../../workers/webhooks/deliveryWorker.js";

const refused = (code: string | null, status = 200, detail: string | null = "what the subgraph said") =>
  new SystemCallError(`shelters answered with errors${code ? ` (${code})` : ""}`, { status, code, detail });

describe("classifying a delivery failure", () => {
  it.each([
    ["BAD_USER_INPUT", 200],
    ["BAD_USER_INPUT", 400], // variables that do not fit the schema: the message's content
    ["NOT_FOUND", 200],
    ["INVALID_TRANSITION", 200],
  ])("a refusal with %s (HTTP %i) is refused for good", (code, status) => {
    expect(classifyDeliveryFailure(refused(code, status))).toEqual({ kind: "REFUSED", code, reason: `shelters answered with errors (${code}): what the subgraph said` });
  });

  it.each([
    ["POLICY_UNAVAILABLE", 200, "POLICY_UNAVAILABLE"],
    ["SERVICE_UNAVAILABLE", 503, "SERVICE_UNAVAILABLE"],
    ["REQUEST_TIMEOUT", 503, "REQUEST_TIMEOUT"],
    ["RATE_LIMITED", 429, "RATE_LIMITED"],
    ["ROLE_FORBIDDEN", 200, "ROLE_FORBIDDEN"], // keys or principal misconfigured: every message alike
    ["UNAUTHENTICATED", 401, "UNAUTHENTICATED"],
    ["ASSERTION_INVALID", 401, "ASSERTION_INVALID"],
    ["GRAPHQL_VALIDATION_FAILED", 400, "GRAPHQL_VALIDATION_FAILED"], // gateway and subgraph on two schema versions
    ["BAD_USER_INPUT", 503, "BAD_USER_INPUT"], // a 503 is the subgraph not answering, whatever it names
    [null, 502, "HTTP_502"],
    [null, 504, "HTTP_504"],
  ])("a failure with %s (HTTP %i) is the destination unavailable", (code, status, named) => {
    expect(classifyDeliveryFailure(refused(code, status))).toMatchObject({ kind: "UNAVAILABLE", code: named });
  });

  it.each([
    ["CONFLICT", 200, "CONFLICT"], // a race about one record: the next try reads again
    ["INTERNAL_SERVER_ERROR", 200, "INTERNAL_SERVER_ERROR"], // a resolver's bug, masked
    ["INTERNAL_SERVER_ERROR", 500, "INTERNAL_SERVER_ERROR"],
    ["BAD_USER_INPUT", 500, "BAD_USER_INPUT"], // a 500 is the subgraph failing, whatever it names
    ["SOMETHING_NEW", 200, "SOMETHING_NEW"], // not recognised: retried, never parked at once
    [null, 500, "HTTP_500"],
    [null, 200, "ERROR"],
  ])("a failure with %s (HTTP %i) is a failure that may be the message's own", (code, status, named) => {
    expect(classifyDeliveryFailure(refused(code, status))).toMatchObject({ kind: "FAILED", code: named });
  });

  it("treats no answer as unavailable (timeouts, refused connections) and anything else unknown as failed", () => {
    const timeout = Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" });
    expect(classifyDeliveryFailure(timeout)).toMatchObject({ kind: "UNAVAILABLE", code: "TIMEOUT" });
    expect(classifyDeliveryFailure(new TypeError("fetch failed"))).toMatchObject({ kind: "UNAVAILABLE", code: "UNREACHABLE" });
    expect(classifyDeliveryFailure(new Error("boom"))).toMatchObject({ kind: "FAILED", code: "ERROR", reason: "Error: boom" });
    expect(classifyDeliveryFailure("a string")).toMatchObject({ kind: "FAILED" });
  });

  it("keeps a channel's own verdict on an answer the source failed to record", () => {
    const failure = { kind: "UNRECORDED", code: "INTERNAL_SERVER_ERROR", reason: "recording it failed" } as const;
    expect(classifyDeliveryFailure(new UnrecordedDeliveryError(failure))).toEqual(failure);
  });

  it("keeps a channel's own verdict on a message it cannot carry, and clips long reasons", () => {
    expect(classifyDeliveryFailure(new PermanentDeliveryError("UNKNOWN_KIND", "no way to deliver it"))).toEqual({
      kind: "REFUSED",
      code: "UNKNOWN_KIND",
      reason: "no way to deliver it",
    });
    const long = classifyDeliveryFailure(refused("NOT_FOUND", 200, "x".repeat(2000)));
    expect(long.reason).toHaveLength(MAX_REASON_LENGTH);
    expect(long.reason.endsWith("…")).toBe(true);
  });
});

describe("classifying a webhook receiver's answer", () => {
  it.each([400, 401, 403, 404, 410, 413, 422])("HTTP %i refuses it for good: parked", (status) => {
    expect(isPermanentWebhookRefusal(status)).toBe(true);
  });

  it.each([408, 425, 429, 500, 502, 503, 301, 307, null])("%s is retried (come back later, failing now, a redirect, or no answer)", (status) => {
    expect(isPermanentWebhookRefusal(status)).toBe(false);
  });
});
