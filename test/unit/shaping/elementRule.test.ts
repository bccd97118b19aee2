import { describe, expect, it } from "vitest";
import type { ElementRule, ElementRuleInput } from "../../../gateway/shaping/shapeOperation.js";
import { NO_AGREEMENT, json, runShaped } from "./shapingKit.js";

/** Drops every element (a record with extra fields) owned by `owner`, whatever field reached it. */
const dropOwnedBy =
  (owner: string): ElementRule =>
  ({ extras }) =>
    extras.ownerOrganizationId === owner ? NO_AGREEMENT : null;

const profiles = `{ survivors { id profiles { ... on ResidentProfile { id } ... on LegalProfile { id } } } }`;

describe("rebuild with an element rule (presence fields)", () => {
  it("leaves dropped elements out of their list, with no error and no gap in the indices", () => {
    // Data: s1 has rp1 (org-1) then lp1 (org-2); s2 has lp2 (org-1) then rp2 (org-2).
    const { rebuilt } = runShaped(profiles, { elementRule: dropOwnedBy("org-1") });
    expect(rebuilt.data).toEqual({
      survivors: [
        { id: "s1", profiles: [{ id: "lp1" }] },
        { id: "s2", profiles: [{ id: "rp2" }] },
      ],
    });
    expect(rebuilt.errors).toEqual([]);
    // The dropped elements are reported for the ledger only, with the field that reached them.
    expect(json(rebuilt.withheld)).toEqual([
      {
        path: ["survivors", 0, "profiles", 0],
        parentTypeName: "Survivor",
        fieldName: "profiles",
        extras: { survivorId: "s1", ownerOrganizationId: "org-1" },
        elementTypeName: "ResidentProfile",
        code: NO_AGREEMENT.code,
      },
      {
        path: ["survivors", 1, "profiles", 0],
        parentTypeName: "Survivor",
        fieldName: "profiles",
        extras: { survivorId: "s2", ownerOrganizationId: "org-1" },
        elementTypeName: "LegalProfile",
        code: NO_AGREEMENT.code,
      },
    ]);
    // The kept ones are released at their real index.
    expect(json(rebuilt.released)).toEqual([
      {
        path: ["survivors", 0, "profiles", 0],
        parentTypeName: "Survivor",
        fieldName: "profiles",
        extras: { survivorId: "s1", ownerOrganizationId: "org-2" },
        elementTypeName: "LegalProfile",
      },
      {
        path: ["survivors", 1, "profiles", 0],
        parentTypeName: "Survivor",
        fieldName: "profiles",
        extras: { survivorId: "s2", ownerOrganizationId: "org-2" },
        elementTypeName: "ResidentProfile",
      },
    ]);
  });

  it("answers null without an error for a dropped element outside a list", () => {
    const { rebuilt } = runShaped(`{ survivor(id: "s1") { id residentProfile { id } legalProfile { id } } }`, { elementRule: dropOwnedBy("org-1") });
    expect(rebuilt.data).toEqual({ survivor: { id: "s1", residentProfile: null, legalProfile: { id: "lp1" } } });
    expect(rebuilt.errors).toEqual([]);
  });

  it("is asked with the field that reached the element, the element's own type, frozen extras and path", () => {
    const calls: ElementRuleInput[] = [];
    runShaped(`{ survivor(id: "s2") { profiles { ... on LegalProfile { id } } } }`, {
      elementRule: (input) => {
        calls.push(input);
        return null;
      },
    });
    expect(calls.map(({ viaTypeName, viaFieldName, elementTypeName, path }) => ({ viaTypeName, viaFieldName, elementTypeName, path }))).toEqual([
      { viaTypeName: "Survivor", viaFieldName: "profiles", elementTypeName: "LegalProfile", path: ["survivor", "profiles", 0] },
      { viaTypeName: "Survivor", viaFieldName: "profiles", elementTypeName: "ResidentProfile", path: ["survivor", "profiles", 1] },
    ]);
    for (const call of calls) {
      expect(Object.isFrozen(call.extras)).toBe(true);
      expect(Object.isFrozen(call.path)).toBe(true);
    }
  });

  it("keeps everything and changes nothing when it drops nothing", () => {
    const plain = runShaped(profiles);
    const ruled = runShaped(profiles, { elementRule: () => null });
    expect(ruled.rebuilt.data).toEqual(plain.rebuilt.data);
    expect(ruled.rebuilt.errors).toEqual(plain.rebuilt.errors);
  });
});
