/**
 * The referral's closed loop (docs/design.md, "Referrals"), as data: which party may move a referral
 * from which status to which, and what the move must carry. Pure: no I/O.
 *
 *   SENT ─► ACKNOWLEDGED ─► ACCEPTED ─► IN_SERVICE ─► COMPLETED | CLOSED      (receiver)
 *   SENT | ACKNOWLEDGED ─► DECLINED (reason from the list, plus free text)     (receiver)
 *   SENT | ACKNOWLEDGED ─► ACCEPTED                                           (receiver)
 *   ACKNOWLEDGED | ACCEPTED | IN_SERVICE ─► HANDED_BACK (reason)               (receiver)
 *   any open status ─► WITHDRAWN (reason)                                     (sender)
 *
 * Open: SENT, ACKNOWLEDGED, ACCEPTED, IN_SERVICE. Every other status is an end.
 */
export const REFERRAL_STATUSES = ["SENT", "ACKNOWLEDGED", "ACCEPTED", "DECLINED", "IN_SERVICE", "COMPLETED", "CLOSED", "WITHDRAWN", "HANDED_BACK"] as const;
export type ReferralStatusValue = (typeof REFERRAL_STATUSES)[number];

export const OPEN_STATUSES: readonly ReferralStatusValue[] = ["SENT", "ACKNOWLEDGED", "ACCEPTED", "IN_SERVICE"];

export type ReferralParty = "SENDER" | "RECEIVER";

/** What a move must carry besides the actor. */
export type Requirement = "none" | "reason" | "declineReason" | "outcome";

interface Move {
  from: readonly ReferralStatusValue[];
  by: ReferralParty;
  requires: Requirement;
}

/** Every allowed move, by target status. */
export const MOVES: Readonly<Partial<Record<ReferralStatusValue, Move>>> = Object.freeze({
  ACKNOWLEDGED: { from: ["SENT"], by: "RECEIVER", requires: "none" },
  ACCEPTED: { from: ["SENT", "ACKNOWLEDGED"], by: "RECEIVER", requires: "none" },
  DECLINED: { from: ["SENT", "ACKNOWLEDGED"], by: "RECEIVER", requires: "declineReason" },
  IN_SERVICE: { from: ["ACCEPTED"], by: "RECEIVER", requires: "none" },
  COMPLETED: { from: ["IN_SERVICE"], by: "RECEIVER", requires: "outcome" },
  CLOSED: { from: ["IN_SERVICE"], by: "RECEIVER", requires: "outcome" },
  HANDED_BACK: { from: ["ACKNOWLEDGED", "ACCEPTED", "IN_SERVICE"], by: "RECEIVER", requires: "reason" },
  WITHDRAWN: { from: ["SENT", "ACKNOWLEDGED", "ACCEPTED", "IN_SERVICE"], by: "SENDER", requires: "reason" },
});

export type TransitionVerdict = { ok: true; requires: Requirement } | { ok: false; code: "OTHER_PARTY_REQUIRED" | "INVALID_TRANSITION"; message: string };

/** May `party` move a referral in `from` to `to`? (Version and payload are checked by the caller.) */
export function checkTransition(from: ReferralStatusValue, to: ReferralStatusValue, party: ReferralParty): TransitionVerdict {
  const move = MOVES[to];
  if (move === undefined || !move.from.includes(from)) {
    return { ok: false, code: "INVALID_TRANSITION", message: `A referral that is ${from} cannot become ${to}` };
  }
  if (move.by !== party) {
    return { ok: false, code: "OTHER_PARTY_REQUIRED", message: `Only the ${move.by === "SENDER" ? "sending" : "receiving"} organisation may make a referral ${to}` };
  }
  return { ok: true, requires: move.requires };
}
