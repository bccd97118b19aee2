import { describe, expect, it } from "vitest";
import { AgreementDirection, directionSeenBy, partiesOf } from "../../../subgraphs/network/agreements/agreementInput.js";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";

describe("agreement directions", () => {
  it("store who shares with whom, seen from the proposer", () => {
    expect(partiesOf("PROPOSER_SHARES", A, B)).toEqual({ fromOrganizationId: A, toOrganizationId: B, bothWays: false });
    expect(partiesOf("COUNTERPART_SHARES", A, B)).toEqual({ fromOrganizationId: B, toOrganizationId: A, bothWays: false });
    expect(partiesOf("BOTH_WAYS", A, B)).toEqual({ fromOrganizationId: A, toOrganizationId: B, bothWays: true });
  });

  it("read back the same from the proposer's side, and mirrored from the counterpart's", () => {
    const mirror = { PROPOSER_SHARES: "COUNTERPART_SHARES", COUNTERPART_SHARES: "PROPOSER_SHARES", BOTH_WAYS: "BOTH_WAYS" } as const;
    for (const direction of Object.values(AgreementDirection)) {
      expect(directionSeenBy(partiesOf(direction, A, B), A)).toBe(direction);
      expect(directionSeenBy(partiesOf(direction, A, B), B)).toBe(mirror[direction]);
    }
  });
});
