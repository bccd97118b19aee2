/**
 * Where an execution error lands for the client (gateway/shaping/translateExecutionErrors.ts): at its
 * client path; when that runs through a key the client never asked for, at the deepest position
 * along the client part that is null in the rebuilt answer; under a position the gateway nulled, not at all.
 */
import { describe, expect, it } from "vitest";
import { PathSet } from "../../../gateway/shaping/PathSet.js";
import { translateExecutionErrors } from "../../../gateway/shaping/translateExecutionErrors.js";

// Gateway keys → client keys: `_0` is the client's `survivor`, `_1` its `residentProfiles`; `__x0` is an extra field (the owner) the client did not select.
const KEYS = new Map([
  ["_0", "survivor"],
  ["_1", "residentProfiles"],
]);
const error = (path: (string | number)[]) => ({ message: "m", path, extensions: { code: "SUBGRAPH_ANSWER_INVALID" } });

describe("execution errors, placed for the client", () => {
  it("keeps a path that maps whole", () => {
    expect(translateExecutionErrors([error(["_0", "_1", 0])], KEYS, new PathSet(), { survivor: { residentProfiles: [null] } })).toEqual([
      error(["survivor", "residentProfiles", 0]),
    ]);
  });

  it("places an error under an extra key at the null it caused, as deep as the client sees it", () => {
    const data = { survivor: { id: "x", residentProfiles: null } };
    expect(translateExecutionErrors([error(["_0", "_1", 0, "__x0"])], KEYS, new PathSet(), data)).toEqual([error(["survivor", "residentProfiles"])]);
    // The null went all the way up: the error is at the root field.
    expect(translateExecutionErrors([error(["_0", "_1", 0, "__x0"])], KEYS, new PathSet(), { survivor: null })).toEqual([error(["survivor"])]);
  });

  it("keeps no path when nothing along it is null (it points at nothing the client misses)", () => {
    const data = { survivor: { residentProfiles: [{ legalName: "Invented (demo)" }] } };
    expect(translateExecutionErrors([error(["_0", "_1", 0, "__x0"])], KEYS, new PathSet(), data)).toEqual([{ message: "m", extensions: { code: "SUBGRAPH_ANSWER_INVALID" } }]);
  });

  it("drops an error at or under a position the gateway nulled", () => {
    const nulled = new PathSet();
    nulled.add(["survivor", "residentProfiles"]);
    expect(translateExecutionErrors([error(["_0", "_1", 0, "__x0"])], KEYS, nulled, { survivor: { residentProfiles: null } })).toEqual([]);
  });
});
