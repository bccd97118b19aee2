import { describe, expect, it } from "vitest";
import type { ValueRule, ValueRuleInput } from "../../../gateway/shaping/shapeOperation.js";
import { DENIED_BY_ROLE, NO_AGREEMENT, expectSameAsOracle, json, runShaped, valueRule } from "./shapingKit.js";

const withheldError = (path: (string | number)[]) => ({ message: NO_AGREEMENT.message, path, extensions: { code: NO_AGREEMENT.code } });
const org = (survivorId: string, ownerOrganizationId: string) => ({ survivorId, ownerOrganizationId });

describe("rebuild with a value rule", () => {
  it("withholds per record, from that record's extra fields; released values are unchanged", () => {
    const { rebuilt } = expectSameAsOracle(`{ survivors { id profiles { ... on ResidentProfile { id bedNumber } ... on LegalProfile { id immigrationStatus } } } }`, { valueRule });
    expect(json(rebuilt)).toEqual({
      data: {
        survivors: [
          {
            id: "s1",
            profiles: [
              { id: "rp1", bedNumber: 7 },
              { id: "lp1", immigrationStatus: null },
            ],
          },
          {
            id: "s2",
            profiles: [
              { id: "lp2", immigrationStatus: "U-visa granted" },
              { id: "rp2", bedNumber: null },
            ],
          },
        ],
      },
      errors: [withheldError(["survivors", 0, "profiles", 1, "immigrationStatus"]), withheldError(["survivors", 1, "profiles", 1, "bedNumber"])],
      withheld: [
        {
          path: ["survivors", 0, "profiles", 1, "immigrationStatus"],
          code: NO_AGREEMENT.code,
          parentTypeName: "LegalProfile",
          fieldName: "immigrationStatus",
          extras: org("s1", "org-2"),
        },
        { path: ["survivors", 1, "profiles", 1, "bedNumber"], code: NO_AGREEMENT.code, parentTypeName: "ResidentProfile", fieldName: "bedNumber", extras: org("s2", "org-2") },
      ],
      released: [
        { path: ["survivors", 0, "profiles", 0, "id"], parentTypeName: "ResidentProfile", fieldName: "id", extras: org("s1", "org-1") },
        { path: ["survivors", 0, "profiles", 0, "bedNumber"], parentTypeName: "ResidentProfile", fieldName: "bedNumber", extras: org("s1", "org-1") },
        { path: ["survivors", 0, "profiles", 1, "id"], parentTypeName: "LegalProfile", fieldName: "id", extras: org("s1", "org-2") },
        { path: ["survivors", 1, "profiles", 0, "id"], parentTypeName: "LegalProfile", fieldName: "id", extras: org("s2", "org-1") },
        { path: ["survivors", 1, "profiles", 0, "immigrationStatus"], parentTypeName: "LegalProfile", fieldName: "immigrationStatus", extras: org("s2", "org-1") },
        { path: ["survivors", 1, "profiles", 1, "id"], parentTypeName: "ResidentProfile", fieldName: "id", extras: org("s2", "org-2") },
      ],
    });
  });

  it("is asked once per response entry, with frozen extras and path, never for meta-fields or denied fields", () => {
    const calls: ValueRuleInput[] = [];
    const recording: ValueRule = (input) => {
      calls.push(input);
      return null;
    };
    const { rebuilt } = runShaped(`{ survivor(id: "s1") { residentProfile { __typename id healthNotes ... on Node { id } mine: survivorId } } }`, {
      valueRule: recording,
    });
    expect(calls).toEqual([
      { parentTypeName: "ResidentProfile", fieldName: "id", extras: org("s1", "org-1"), path: ["survivor", "residentProfile", "id"] },
      { parentTypeName: "ResidentProfile", fieldName: "survivorId", extras: org("s1", "org-1"), path: ["survivor", "residentProfile", "mine"] },
    ]);
    for (const call of calls) {
      expect(Object.isFrozen(call.extras)).toBe(true);
      expect(Object.isFrozen(call.path)).toBe(true);
    }
    expect(json(rebuilt.data)).toEqual({ survivor: { residentProfile: { __typename: "ResidentProfile", id: "rp1", healthNotes: null, mine: "s1" } } });
    expect(rebuilt.errors).toEqual([{ message: DENIED_BY_ROLE.message, path: ["survivor", "residentProfile", "healthNotes"], extensions: { code: DENIED_BY_ROLE.code } }]);
  });

  it("a withheld composite value is null and nothing below it is looked at", () => {
    const { rebuilt } = expectSameAsOracle(`{ survivor(id: "s2") { residentProfile { id room { number } } } }`, { valueRule });
    expect(json(rebuilt.data)).toEqual({ survivor: { residentProfile: { id: "rp2", room: null } } });
    expect(rebuilt.withheld.map((field) => field.path)).toEqual([["survivor", "residentProfile", "room"]]);
  });

  it("a withheld non-null value nulls its nearest nullable ancestor; what was released there did not leave", () => {
    const { rebuilt } = expectSameAsOracle(`{ survivor(id: "s1") { id legalProfile { id caseNumber } } }`, { valueRule });
    expect(json(rebuilt)).toEqual({
      data: { survivor: { id: "s1", legalProfile: null } },
      errors: [withheldError(["survivor", "legalProfile", "caseNumber"])],
      withheld: [
        { path: ["survivor", "legalProfile", "caseNumber"], code: NO_AGREEMENT.code, parentTypeName: "LegalProfile", fieldName: "caseNumber", extras: org("s1", "org-2") },
      ],
      released: [],
    });
  });

  it("is not asked about types without extra fields", () => {
    const calls: string[] = [];
    runShaped(`{ survivors { id pseudonym } organization(id: "o1") { name } }`, {
      valueRule: ({ fieldName }) => {
        calls.push(fieldName);
        return null;
      },
    });
    expect(calls).toEqual([]);
  });
});
