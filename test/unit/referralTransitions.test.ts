/**
 * The referral state machine against a hand-written list of every legal move (written from the
 * issue's text, not from the table in the module): each listed move is allowed to its party only,
 * and every other (from, to, party) combination is refused.
 */
import { describe, expect, it } from "vitest";
import { checkTransition, REFERRAL_STATUSES, type ReferralParty } from "../../subgraphs/network/referrals/transitions.js";

const LEGAL: [string, string, ReferralParty, string][] = [
  ["SENT", "ACKNOWLEDGED", "RECEIVER", "none"],
  ["SENT", "ACCEPTED", "RECEIVER", "none"],
  ["ACKNOWLEDGED", "ACCEPTED", "RECEIVER", "none"],
  ["SENT", "DECLINED", "RECEIVER", "declineReason"],
  ["ACKNOWLEDGED", "DECLINED", "RECEIVER", "declineReason"],
  ["ACCEPTED", "IN_SERVICE", "RECEIVER", "none"],
  ["IN_SERVICE", "COMPLETED", "RECEIVER", "outcome"],
  ["IN_SERVICE", "CLOSED", "RECEIVER", "outcome"],
  ["ACKNOWLEDGED", "HANDED_BACK", "RECEIVER", "reason"],
  ["ACCEPTED", "HANDED_BACK", "RECEIVER", "reason"],
  ["IN_SERVICE", "HANDED_BACK", "RECEIVER", "reason"],
  ["SENT", "WITHDRAWN", "SENDER", "reason"],
  ["ACKNOWLEDGED", "WITHDRAWN", "SENDER", "reason"],
  ["ACCEPTED", "WITHDRAWN", "SENDER", "reason"],
  ["IN_SERVICE", "WITHDRAWN", "SENDER", "reason"],
];

describe("referral transitions", () => {
  it.each(LEGAL)("%s → %s is the %s's, requiring %s", (from, to, party, requires) => {
    expect(checkTransition(from as never, to as never, party)).toEqual({ ok: true, requires });
    const other: ReferralParty = party === "SENDER" ? "RECEIVER" : "SENDER";
    expect(checkTransition(from as never, to as never, other)).toMatchObject({ ok: false, code: "OTHER_PARTY_REQUIRED" });
  });

  it("refuses every other move, for both parties", () => {
    const legal = new Set(LEGAL.map(([from, to]) => `${from}>${to}`));
    let refused = 0;
    for (const from of REFERRAL_STATUSES) {
      for (const to of REFERRAL_STATUSES) {
        if (legal.has(`${from}>${to}`)) continue;
        for (const party of ["SENDER", "RECEIVER"] as const) {
          expect(checkTransition(from, to, party)).toMatchObject({ ok: false, code: "INVALID_TRANSITION" });
          refused++;
        }
      }
    }
    expect(refused).toBe((81 - LEGAL.length) * 2);
  });

  it("has no way out of an ended referral", () => {
    for (const ended of ["DECLINED", "COMPLETED", "CLOSED", "WITHDRAWN", "HANDED_BACK"] as const) {
      for (const to of REFERRAL_STATUSES) {
        for (const party of ["SENDER", "RECEIVER"] as const) expect(checkTransition(ended, to, party).ok).toBe(false);
      }
    }
  });
});
