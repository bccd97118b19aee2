import { describe, expect, it } from "vitest";
import { effectiveStatus } from "../../../subgraphs/network/agreements/effectiveStatus.js";
import type { AgreementStatus } from "../../../prisma/network/generated/enums.js";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const agreement = (status: AgreementStatus, validFrom: Date, validUntil: Date | null) => ({ status, validFrom, validUntil });

describe("an agreement's effective status", () => {
  it("reads a signed agreement against its half-open period: SCHEDULED before, ACTIVE from validFrom, EXPIRED at validUntil", () => {
    const signed = agreement("ACTIVE", NOW, at(1_000));
    expect(effectiveStatus(signed, at(-1))).toBe("SCHEDULED");
    expect(effectiveStatus(signed, NOW)).toBe("ACTIVE");
    expect(effectiveStatus(signed, at(999))).toBe("ACTIVE");
    expect(effectiveStatus(signed, at(1_000))).toBe("EXPIRED");
    expect(effectiveStatus(agreement("ACTIVE", at(-1_000), null), at(10 ** 12))).toBe("ACTIVE");
  });

  it("lets a proposal or a suspension expire too, without anyone acting", () => {
    expect(effectiveStatus(agreement("PROPOSED", NOW, at(1_000)), at(999))).toBe("PROPOSED");
    expect(effectiveStatus(agreement("PROPOSED", NOW, at(1_000)), at(1_000))).toBe("EXPIRED");
    expect(effectiveStatus(agreement("SUSPENDED", NOW, at(1_000)), at(500))).toBe("SUSPENDED");
    expect(effectiveStatus(agreement("SUSPENDED", NOW, at(1_000)), at(1_000))).toBe("EXPIRED");
  });

  it("keeps the final statuses whatever the clock says", () => {
    for (const status of ["REVOKED", "SUPERSEDED", "DECLINED"] as const) {
      for (const instant of [at(-1), NOW, at(2_000)]) expect(effectiveStatus(agreement(status, NOW, at(1_000)), instant)).toBe(status);
    }
  });
});
