/**
 * A certification request's loop, as data: which party may move it from which status to which,
 * and what the move must carry. Pure: no I/O.
 *
 *   REQUESTED ─► UNDER_REVIEW ─► CERTIFIED | DECLINED (reason)      (liaison organisation)
 *   REQUESTED | UNDER_REVIEW ─► WITHDRAWN (reason)                   (requesting organisation)
 *
 * Open: REQUESTED, UNDER_REVIEW. Every other status is an end. A decision needs a review first, so
 * that the requester sees the unit has taken the request up before it is decided.
 */
export const CERTIFICATION_STATUSES = ["REQUESTED", "UNDER_REVIEW", "CERTIFIED", "DECLINED", "WITHDRAWN"] as const;
export type CertificationStatusValue = (typeof CERTIFICATION_STATUSES)[number];

export const OPEN_CERTIFICATION_STATUSES: readonly CertificationStatusValue[] = ["REQUESTED", "UNDER_REVIEW"];

export type CertificationParty = "REQUESTER" | "LIAISON";

interface Move {
  from: readonly CertificationStatusValue[];
  by: CertificationParty;
  /** Whether the move must carry a reason (it becomes the request's statusReason). */
  requiresReason: boolean;
}

/** Every allowed move, by target status. */
export const CERTIFICATION_MOVES: Readonly<Partial<Record<CertificationStatusValue, Move>>> = Object.freeze({
  UNDER_REVIEW: { from: ["REQUESTED"], by: "LIAISON", requiresReason: false },
  CERTIFIED: { from: ["UNDER_REVIEW"], by: "LIAISON", requiresReason: false },
  DECLINED: { from: ["UNDER_REVIEW"], by: "LIAISON", requiresReason: true },
  WITHDRAWN: { from: ["REQUESTED", "UNDER_REVIEW"], by: "REQUESTER", requiresReason: true },
});

export type CertificationVerdict = { ok: true; requiresReason: boolean } | { ok: false; code: "OTHER_PARTY_REQUIRED" | "INVALID_TRANSITION"; message: string };

/** May `party` move a request in `from` to `to`? (Version and reason are checked by the caller.) */
export function checkCertificationTransition(from: CertificationStatusValue, to: CertificationStatusValue, party: CertificationParty): CertificationVerdict {
  const move = CERTIFICATION_MOVES[to];
  if (move === undefined || !move.from.includes(from)) {
    return { ok: false, code: "INVALID_TRANSITION", message: `A certification request that is ${from} cannot become ${to}` };
  }
  if (move.by !== party) {
    return {
      ok: false,
      code: "OTHER_PARTY_REQUIRED",
      message: `Only the ${move.by === "LIAISON" ? "liaison organisation" : "requesting organisation"} may make a certification request ${to}`,
    };
  }
  return { ok: true, requiresReason: move.requiresReason };
}
