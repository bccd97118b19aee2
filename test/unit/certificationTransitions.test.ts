/**
 * The certification request's loop against a hand-written list of every legal move (written from
 * the text, not from the table in the module): each listed move is allowed to its party
 * only, and every other (from, to, party) combination is refused.
 */
import { describe, expect, it } from "vitest";
import { CERTIFICATION_STATUSES, checkCertificationTransition, type CertificationParty } from "../../subgraphs/law-enforcement/certification/transitions.js";

const LEGAL: [string, string, CertificationParty, boolean][] = [
  ["REQUESTED", "UNDER_REVIEW", "LIAISON", false],
  ["UNDER_REVIEW", "CERTIFIED", "LIAISON", false],
  ["UNDER_REVIEW", "DECLINED", "LIAISON", true],
  ["REQUESTED", "WITHDRAWN", "REQUESTER", true],
  ["UNDER_REVIEW", "WITHDRAWN", "REQUESTER", true],
];
const PARTIES: CertificationParty[] = ["REQUESTER", "LIAISON"];

describe("certification request transitions", () => {
  it.each(LEGAL)("%s → %s is the %s's (reason required: %s)", (from, to, party, requiresReason) => {
    expect(checkCertificationTransition(from as never, to as never, party)).toEqual({ ok: true, requiresReason });
    const other = PARTIES.find((p) => p !== party)!;
    expect(checkCertificationTransition(from as never, to as never, other)).toMatchObject({ ok: false, code: "OTHER_PARTY_REQUIRED" });
  });

  it("refuses every other move to either party as INVALID_TRANSITION", () => {
    const legal = new Set(LEGAL.map(([from, to]) => `${from}→${to}`));
    for (const from of CERTIFICATION_STATUSES) {
      for (const to of CERTIFICATION_STATUSES) {
        if (legal.has(`${from}→${to}`)) continue;
        for (const party of PARTIES) {
          expect(checkCertificationTransition(from, to, party), `${from}→${to} by ${party}`).toEqual({
            ok: false,
            code: "INVALID_TRANSITION",
            message: `A certification request that is ${from} cannot become ${to}`,
          });
        }
      }
    }
  });
});
