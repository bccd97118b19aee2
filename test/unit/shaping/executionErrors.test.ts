import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { shapeOperation } from "../../../gateway/shaping/shapeOperation.js";
import { DENIED_BY_ROLE, NO_AGREEMENT, OWNER_UNKNOWN, expectSameAsOracle, extraFields, json, runShaped, schema, selectionRule, valueRule } from "./shapingKit.js";

const source = `{ flaky survivors { residentProfile { room { number building } } } }`;

describe("rebuild: execution errors", () => {
  it("are given the client's paths (and no locations into the rewritten document)", () => {
    const { rebuilt, executed } = expectSameAsOracle(source);
    expect(executed.errors.map((error) => error.path)).toEqual([["_0"], ["_1", 1, "_2", "_3", "_5"]]);
    expect(rebuilt.errors).toEqual([
      { message: "flaky failed", path: ["flaky"] },
      { message: "building registry down", path: ["survivors", 1, "residentProfile", "room", "building"] },
    ]);
  });

  it("are dropped at or under a withheld value", () => {
    const { rebuilt } = expectSameAsOracle(source, { valueRule });
    expect(json(rebuilt.data)).toEqual({
      flaky: null,
      survivors: [{ residentProfile: { room: { number: 101, building: "North" } } }, { residentProfile: { room: null } }],
    });
    expect(rebuilt.errors).toEqual([
      { message: NO_AGREEMENT.message, path: ["survivors", 1, "residentProfile", "room"], extensions: { code: NO_AGREEMENT.code } },
      { message: "flaky failed", path: ["flaky"] },
    ]);
  });

  it("lose their path when it runs through a key only the gateway asked for (an extra field)", () => {
    const query = `{ survivor(id: "s3") { legalProfile { status: immigrationStatus } } }`;
    const plain = runShaped(query);
    expect(json(plain.rebuilt)).toEqual({
      data: { survivor: { legalProfile: { status: "asylum" } } },
      errors: [{ message: "owner lookup failed" }],
      withheld: [],
      released: [],
    });
    // The owner is unknown, so the value rule fails closed.
    const ruled = runShaped(query, { valueRule });
    const withheld = {
      path: ["survivor", "legalProfile", "status"],
      code: OWNER_UNKNOWN.code,
      parentTypeName: "LegalProfile",
      fieldName: "immigrationStatus",
      extras: { survivorId: "s3", ownerOrganizationId: null },
    };
    expect(json(ruled.rebuilt)).toEqual({
      data: { survivor: { legalProfile: { status: null } } },
      errors: [{ message: OWNER_UNKNOWN.message, path: ["survivor", "legalProfile", "status"], extensions: { code: OWNER_UNKNOWN.code } }, { message: "owner lookup failed" }],
      withheld: [withheld],
      released: [],
    });
    // Withholding the non-null `id` nulls the profile: the extra field's error lay under it and is dropped.
    const nulled = runShaped(`{ survivor(id: "s3") { legalProfile { id } } }`, { valueRule });
    expect(json(nulled.rebuilt)).toEqual({
      data: { survivor: { legalProfile: null } },
      errors: [{ message: OWNER_UNKNOWN.message, path: ["survivor", "legalProfile", "id"], extensions: { code: OWNER_UNKNOWN.code } }],
      withheld: [{ ...withheld, path: ["survivor", "legalProfile", "id"], fieldName: "id" }],
      released: [],
    });
  });

  it("are dropped under a position nulled by a denial's propagation, even where GraphQL would have kept them", () => {
    // graphql-js would report `flaky` (resolved before `headquarters` failed); the gateway reports only
    // the denial: once the gateway has nulled a position, nothing from below it reaches the client.
    const { rebuilt } = runShaped(`{ flaky headquarters { secretAddress } }`);
    expect(json(rebuilt)).toEqual({
      data: null,
      errors: [{ message: DENIED_BY_ROLE.message, path: ["headquarters", "secretAddress"], extensions: { code: DENIED_BY_ROLE.code } }],
      withheld: [],
      released: [],
    });
  });

  it("keep their message and extensions, lose locations, and keep no path they had not", () => {
    const shaped = shapeOperation(schema, parse(`{ survivor(id: "s1") { id } }`), undefined, { selectionRule, extraFields });
    const rebuilt = shaped.rebuild(
      {
        data: null,
        errors: [
          { message: "Subgraph unavailable", extensions: { code: "SUBGRAPH_DOWN", serviceName: "network" } },
          { message: "Boom", path: ["_0", "_1"], locations: [{ line: 3, column: 5 }] },
          { message: "Odd", path: ["_0", "_99"] },
        ],
      },
      undefined,
    );
    expect(rebuilt).toEqual({
      data: null,
      errors: [
        { message: "Subgraph unavailable", extensions: { code: "SUBGRAPH_DOWN", serviceName: "network" } },
        { message: "Boom", path: ["survivor", "id"] },
        { message: "Odd" },
      ],
      withheld: [],
      released: [],
    });
  });
});
