/** Which relay failures and webhook answers are permanent (parked) and which transient (retried). */
import { describe, expect, it } from "vitest";
import { SystemCallError } from "../../../gateway/network/systemClient.js";
import { classifyDeliveryFailure, MAX_REASON_LENGTH, PermanentDeliveryError } from "../../../gateway/relay/deliveryFailure.js";
import { isPermanentWebhookRefusal } from "../../../subgraphs/network/webhooks/deliveryWorker.js";

const refused = (code: string | null, status = 200, detail: string | null = "what the subgraph said") =>
  new SystemCallError(`shelters answered with errors${code ? ` (${code})` : ""}`, { status, code, detail });

describe("classifying a delivery failure", () => {
  it.each([
    ["BAD_USER_INPUT", 200],
    ["BAD_USER_INPUT", 400], // variables that do not fit the schema: the message's content
    ["NOT_FOUND", 200],
    ["INVALID_TRANSITION", 200],
  ])("a refusal with %s (HTTP %i) is permanent", (code, status) => {
    expect(classifyDeliveryFailure(refused(code, status))).toEqual({ permanent: true, code, reason: `shelters answered with errors (${code}): what the subgraph said` });
  });

  it.each([
    ["CONFLICT", 200, "CONFLICT"], // a race: the next try reads again
    ["POLICY_UNAVAILABLE", 200, "POLICY_UNAVAILABLE"],
    ["SERVICE_UNAVAILABLE", 503, "SERVICE_UNAVAILABLE"],
    ["REQUEST_TIMEOUT", 503, "REQUEST_TIMEOUT"],
    ["INTERNAL_SERVER_ERROR", 500, "INTERNAL_SERVER_ERROR"],
    ["BAD_USER_INPUT", 500, "BAD_USER_INPUT"], // a 5xx is the subgraph failing, whatever it names
    ["ROLE_FORBIDDEN", 200, "ROLE_FORBIDDEN"], // keys or principal misconfigured: every message alike
    ["UNAUTHENTICATED", 401, "UNAUTHENTICATED"],
    ["GRAPHQL_VALIDATION_FAILED", 400, "GRAPHQL_VALIDATION_FAILED"], // gateway and subgraph on two schema versions
    ["SOMETHING_NEW", 200, "SOMETHING_NEW"], // not recognised: when in doubt, wait
    [null, 502, "HTTP_502"],
    [null, 200, "ERROR"],
  ])("a failure with %s (HTTP %i) is transient", (code, status, named) => {
    const failure = classifyDeliveryFailure(refused(code, status));
    expect(failure).toMatchObject({ permanent: false, code: named });
  });

  it("treats no answer as transient: timeouts, refused connections, anything unknown", () => {
    const timeout = Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" });
    expect(classifyDeliveryFailure(timeout)).toMatchObject({ permanent: false, code: "TIMEOUT" });
    expect(classifyDeliveryFailure(new TypeError("fetch failed"))).toMatchObject({ permanent: false, code: "UNREACHABLE" });
    expect(classifyDeliveryFailure(new Error("boom"))).toMatchObject({ permanent: false, code: "ERROR", reason: "Error: boom" });
    expect(classifyDeliveryFailure("a string")).toMatchObject({ permanent: false });
  });

  it("keeps a channel's own verdict on a message it cannot carry, and clips long reasons", () => {
    expect(classifyDeliveryFailure(new PermanentDeliveryError("UNKNOWN_KIND", "no way to deliver it"))).toEqual({ permanent: true, code: "UNKNOWN_KIND", reason: "no way to deliver it" });
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
