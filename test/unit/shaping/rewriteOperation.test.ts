import { createHash } from "node:crypto";
import { Kind, NoUnusedVariablesRule, parse, print, specifiedRules, validate, type GraphQLCompositeType } from "graphql";
import { describe, expect, it } from "vitest";
import { GATEWAY_TYPENAME_KEY, shapeOperation, type SelectionRule } from "../../../gateway/shaping/shapeOperation.js";
import { DENIED_BY_ROLE, deepFreeze, extraFields, schema, selectionRule } from "./shapingKit.js";

const shape = (source: string, rule: SelectionRule = selectionRule, operationName?: string) =>
  shapeOperation(schema, parse(source), operationName, { selectionRule: rule, extraFields });

/** The rewritten document must itself be valid (unused variables aside: a denied field may have used one). */
const rulesButUnusedVariables = specifiedRules.filter((rule) => rule !== NoUnusedVariablesRule);

describe("shapeOperation: the rewritten document", () => {
  it("inlines fragments, renames every key, drops denied fields, adds __t and the extra fields", () => {
    const shaped = shape(`
      query Profiles($withRoom: Boolean!, $unused: Int = 3) {
        survivor(id: "s1") {
          __typename: pseudonym
          realName
          profiles {
            ...Resident @include(if: $withRoom)
            ... on LegalProfile { immigrationStatus }
          }
        }
      }
      fragment Resident on ResidentProfile { bedNumber room { number } healthNotes }
    `);
    expect(shaped.source).toBe(
      [
        "query Profiles($withRoom: Boolean!, $unused: Int = 3) {",
        "  __t: __typename",
        '  _0: survivor(id: "s1") {',
        "    __t: __typename",
        "    _1: pseudonym",
        "    _2: profiles {",
        "      __t: __typename",
        "      ... on ResidentProfile @include(if: $withRoom) {",
        "        _3: bedNumber",
        "        _4: room {",
        "          __t: __typename",
        "          _5: number",
        "        }",
        "      }",
        "      ... on LegalProfile {",
        "        _6: immigrationStatus",
        "      }",
        "      ... on ResidentProfile {",
        "        __x0: survivorId",
        "        __x1: ownerOrganizationId",
        "      }",
        "      ... on LegalProfile {",
        "        __x2: survivorId",
        "        __x3: ownerOrganizationId",
        "      }",
        "    }",
        "  }",
        "}",
      ].join("\n"),
    );
    expect(shaped.hash).toBe(createHash("sha256").update(shaped.source).digest("hex"));
    expect(shaped.operationName).toBe("Profiles");
    expect(shaped.operationType).toBe("query");
    expect(shaped.deniedSelections).toBe(2);
    expect(shaped.deniedRootField).toBeNull();
    expect(shaped.nothingToExecute).toBe(false);
    expect(shaped.document.definitions.map((definition) => definition.kind)).toEqual([Kind.OPERATION_DEFINITION]);
    expect(validate(schema, shaped.document, rulesButUnusedVariables)).toEqual([]);
  });

  it("adds extra fields directly on an object type's selection set", () => {
    expect(shape(`{ node(id: "rp1") { ... on ResidentProfile { residentRoom: room { number } } } survivor(id: "s1") { residentProfile { id } } }`).source).toBe(
      [
        "{",
        "  __t: __typename",
        '  _0: node(id: "rp1") {',
        "    __t: __typename",
        "    ... on ResidentProfile {",
        "      _1: room {",
        "        __t: __typename",
        "        _2: number",
        "      }",
        "    }",
        "    ... on ResidentProfile {",
        "      __x0: survivorId",
        "      __x1: ownerOrganizationId",
        "    }",
        "    ... on LegalProfile {",
        "      __x2: survivorId",
        "      __x3: ownerOrganizationId",
        "    }",
        "  }",
        '  _3: survivor(id: "s1") {',
        "    __t: __typename",
        "    _4: residentProfile {",
        "      __t: __typename",
        "      _5: id",
        "      __x0: survivorId",
        "      __x1: ownerOrganizationId",
        "    }",
        "  }",
        "}",
      ].join("\n"),
    );
  });

  it("gives every selection of one response entry the same gateway key, so the executor still merges them", () => {
    const shaped = shape(`
      { survivor(id: "s1") { a: id ... on Survivor { a: id pseudonym } ...F } other: survivor(id: "s1") { a: pseudonym } }
      fragment F on Node { a: id }
    `);
    expect(shaped.source).toBe(
      [
        "{",
        "  __t: __typename",
        '  _0: survivor(id: "s1") {',
        "    __t: __typename",
        "    _1: id",
        "    ... on Survivor {",
        "      _1: id",
        "      _2: pseudonym",
        "    }",
        "    ... on Node {",
        "      _1: id",
        "    }",
        "  }",
        '  _3: survivor(id: "s1") {',
        "    __t: __typename",
        "    _4: pseudonym",
        "  }",
        "}",
      ].join("\n"),
    );
    expect(validate(schema, shaped.document)).toEqual([]);
  });

  it("keeps directives of fields, inline fragments and spreads, and the operation's variable definitions", () => {
    const shaped = shape(`
      query Q($a: Boolean!, $b: Boolean = false) {
        survivor(id: "s1") @include(if: $a) {
          id @skip(if: $b)
          ... @skip(if: $a) { pseudonym }
          ...F @include(if: $b)
        }
      }
      fragment F on Survivor { tags @skip(if: $a) }
    `);
    expect(shaped.source).toBe(
      [
        "query Q($a: Boolean!, $b: Boolean = false) {",
        "  __t: __typename",
        '  _0: survivor(id: "s1") @include(if: $a) {',
        "    __t: __typename",
        "    _1: id @skip(if: $b)",
        "    ... @skip(if: $a) {",
        "      _2: pseudonym",
        "    }",
        "    ... on Survivor @include(if: $b) {",
        "      _3: tags @skip(if: $a)",
        "    }",
        "  }",
        "}",
      ].join("\n"),
    );
  });

  it("drops a fragment whose every field is denied from the document, and counts each inlined use", () => {
    const shaped = shape(`{ survivors { id ...Secret ... on Survivor { ...Secret } } } fragment Secret on Survivor { realName }`);
    expect(shaped.source).toBe(["{", "  __t: __typename", "  _0: survivors {", "    __t: __typename", "    _1: id", "  }", "}"].join("\n"));
    expect(shaped.deniedSelections).toBe(2);
  });

  it("the same operation shaped twice gives the same source and hash; other rule outcomes another hash", () => {
    const source = `{ survivors { id realName } }`;
    expect(shape(source).hash).toBe(shape(source).hash);
    expect(shape(source, () => null).hash).not.toBe(shape(source).hash);
  });

  it("picks the operation by name", () => {
    const source = `query A { survivors { id } } query B { flaky }`;
    expect(shape(source, selectionRule, "B").source).toBe(["query B {", "  __t: __typename", "  _0: flaky", "}"].join("\n"));
    expect(() => shape(source)).toThrow("Must provide operation name if query contains multiple operations.");
    expect(() => shape(source, selectionRule, "C")).toThrow('Unknown operation named "C".');
  });

  it("rejects subscriptions", () => {
    expect(() => shape(`subscription { survivors { id } }`)).toThrow("Subscriptions are not supported through the gateway");
  });

  it("refuses extra fields that do not exist, are not scalars or need arguments", () => {
    const withExtras = (names: string[]) => () =>
      shapeOperation(schema, parse(`{ survivor(id: "s1") { residentProfile { id } } }`), undefined, {
        selectionRule,
        extraFields: (type) => (type.name === "ResidentProfile" ? names : []),
      });
    expect(withExtras(["nope"])).toThrow("Extra field ResidentProfile.nope does not exist");
    expect(withExtras(["room"])).toThrow("Extra field ResidentProfile.room must have a scalar or enum type");
    expect(withExtras(["survivorId", "survivorId"])).not.toThrow();
  });
});

describe("shapeOperation: denied selections at the root", () => {
  const denyRoot: SelectionRule = (parentType, field) =>
    (parentType.name === "Query" && (field.name === "survivor" || field.name === "organization")) || field.name === "purgeSurvivor" ? DENIED_BY_ROLE : null;

  it("nothing to execute when every root selection is denied", () => {
    const shaped = shape(`{ survivor(id: "s1") { id } ... on Query { org: organization(id: "o1") { name } } }`, denyRoot);
    expect(shaped.nothingToExecute).toBe(true);
    expect(shaped.deniedSelections).toBe(2);
    expect(shaped.deniedRootField).toBeNull(); // a query is answered with nulls, not rejected
    expect(shaped.source).toBe(["{", "  __t: __typename", "}"].join("\n"));
    const rebuilt = shaped.rebuild({ data: {} }, undefined);
    const expected = {
      data: { survivor: null, org: null },
      errors: [
        { message: DENIED_BY_ROLE.message, path: ["survivor"], extensions: { code: DENIED_BY_ROLE.code } },
        { message: DENIED_BY_ROLE.message, path: ["org"], extensions: { code: DENIED_BY_ROLE.code } },
      ],
      withheld: [],
      released: [],
    };
    expect(rebuilt).toEqual(expected);
    // The gateway may skip execution and hand over no data at all.
    expect(shaped.rebuild({}, undefined)).toEqual(expected);
  });

  it("a root __typename is something to execute", () => {
    expect(shape(`{ __typename survivor(id: "s1") { id } }`, denyRoot).nothingToExecute).toBe(false);
  });

  it("a mutation names its first denied root field, by the client's key, even inside a fragment", () => {
    const shaped = shape(`mutation { recordConsent(survivorId: "s1") { id } ... on Mutation { gone: purgeSurvivor(id: "s1") } again: purgeSurvivor(id: "s2") }`, denyRoot);
    expect(shaped.operationType).toBe("mutation");
    expect(shaped.deniedRootField).toEqual({ responseKey: "gone", denial: DENIED_BY_ROLE });
    expect(shaped.nothingToExecute).toBe(false);
    expect(shaped.deniedSelections).toBe(2);
  });

  it("a mutation with no denied field has no denied root field", () => {
    expect(shape(`mutation { recordConsent(survivorId: "s1") { id realName } }`).deniedRootField).toBeNull();
  });
});

describe("shapeOperation: the selection rule", () => {
  it("is asked with the type the selection is written against, once per type and field, never about introspection", () => {
    const calls: string[] = [];
    const recording: SelectionRule = (parentType: GraphQLCompositeType, field) => {
      calls.push(`${parentType.name}.${field.name}`);
      return null;
    };
    shape(
      `{
        __typename
        __schema { queryType { name } }
        __type(name: "Survivor") { name fields { name type { name } } }
        node(id: "rp1") { __typename id ... on Profile { caseworkerNote } ... on ResidentProfile { caseworkerNote id } }
        again: node(id: "rp2") { id }
      }`,
      recording,
    );
    expect(calls).toEqual([
      "Query.node",
      // Through an interface: the interface's field, then each implementation's.
      "Node.id",
      "Survivor.id",
      "ResidentProfile.id",
      "LegalProfile.id",
      "Organization.id",
      "Profile.caseworkerNote",
      "ResidentProfile.caseworkerNote",
      "LegalProfile.caseworkerNote",
    ]);
  });

  it("passes no other property of a denial than its code and message to the client", () => {
    const leaky: SelectionRule = (_type, field) => (field.name === "realName" ? ({ code: "FIELD_DENIED_ROLE", message: "No.", detail: "secret" } as never) : null);
    const shaped = shape(`{ survivor(id: "s1") { realName } }`, leaky);
    expect(shaped.rebuild({ data: { [GATEWAY_TYPENAME_KEY]: "Query", _0: { [GATEWAY_TYPENAME_KEY]: "Survivor" } } }, undefined)).toEqual({
      data: { survivor: { realName: null } },
      errors: [{ message: "No.", path: ["survivor", "realName"], extensions: { code: "FIELD_DENIED_ROLE" } }],
      withheld: [],
      released: [],
    });
  });
});

describe("shapeOperation: a field selected through an interface", () => {
  const denyOnResident: SelectionRule = (parentType, field) => (parentType.name === "ResidentProfile" && field.name === "caseworkerNote" ? DENIED_BY_ROLE : null);

  it("is fetched only on the implementations the rule allows it on", () => {
    const shaped = shape(`{ node(id: "rp1") { ... on Profile { caseworkerNote } } }`, denyOnResident);
    expect(shaped.source).toBe(
      [
        "{",
        "  __t: __typename",
        '  _0: node(id: "rp1") {',
        "    __t: __typename",
        "    ... on Profile {",
        "      ... on LegalProfile {",
        "        _1: caseworkerNote",
        "      }",
        "    }",
        "    ... on ResidentProfile {",
        "      __x0: survivorId",
        "      __x1: ownerOrganizationId",
        "    }",
        "    ... on LegalProfile {",
        "      __x2: survivorId",
        "      __x3: ownerOrganizationId",
        "    }",
        "  }",
        "}",
      ].join("\n"),
    );
    expect(shaped.deniedSelections).toBe(1);
    expect(validate(schema, shaped.document)).toEqual([]);
  });

  it("is removed when every implementation denies it, or the interface does", () => {
    const denyEverywhere: SelectionRule = (parentType, field) =>
      (parentType.name === "ResidentProfile" || parentType.name === "LegalProfile") && field.name === "caseworkerNote" ? DENIED_BY_ROLE : null;
    const expected = ["{", "  __t: __typename", '  _0: node(id: "rp1") {', "    __t: __typename"].join("\n");
    expect(shape(`{ node(id: "rp1") { ... on Profile { caseworkerNote } } }`, denyEverywhere).source).toContain(`${expected}\n    ... on ResidentProfile {`);
    expect(shape(`{ node(id: "rp1") { ... on Profile { caseworkerNote } } }`).source).toContain(`${expected}\n    ... on ResidentProfile {`);
  });
});

describe("shapeOperation: immutability", () => {
  const source = `
    query Q($yes: Boolean!) { survivors { ...S @include(if: $yes) profiles { ... on LegalProfile { caseNumber } } } }
    fragment S on Survivor { id realName tags }
  `;

  it("never modifies the input document (deeply frozen here, so a write would throw)", () => {
    const document = parse(source);
    const before = print(document);
    const snapshot = JSON.stringify(document);
    deepFreeze(document);
    const shaped = shapeOperation(schema, document, undefined, { selectionRule, extraFields });
    expect(shaped.deniedSelections).toBe(1);
    expect(print(document)).toBe(before);
    expect(JSON.stringify(document)).toBe(snapshot);
  });

  it("returns a frozen result whose document shares no node with the input", () => {
    const document = parse(source);
    const shaped = shapeOperation(schema, document, undefined, { selectionRule, extraFields });
    expect(Object.isFrozen(shaped)).toBe(true);
    const inputNodes = new Set<unknown>();
    const collect = (value: unknown, into: (node: unknown) => void) => {
      if (value === null || typeof value !== "object") return;
      into(value);
      for (const [key, child] of Object.entries(value)) if (key !== "loc") collect(child, into);
    };
    collect(document, (node) => inputNodes.add(node));
    collect(shaped.document, (node) => {
      expect(Object.isFrozen(node)).toBe(true);
      expect(inputNodes.has(node)).toBe(false);
    });
  });
});
