import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { shapeOperation, type SelectionRule } from "../../../gateway/shaping/shapeOperation.js";
import { DENIED_BY_ROLE, expectSameAsOracle, extraFields, json, runOracle, runShaped, schema, selectionRule, sortErrors } from "./shapingKit.js";

const denied = (path: (string | number)[]) => ({ message: DENIED_BY_ROLE.message, path, extensions: { code: DENIED_BY_ROLE.code } });

describe("rebuild: client keys", () => {
  it("answers under the client's aliases, whatever they are named", () => {
    const { rebuilt, shaped } = expectSameAsOracle(`{
      survivor(id: "s1") { __typename: pseudonym __t: id _0: tags __x0: __typename secret: realName }
      __t: survivor(id: "s2") { _1: pseudonym }
    }`);
    expect(json(rebuilt)).toEqual({
      data: {
        survivor: { __typename: "Willow", __t: "s1", _0: ["urgent", "es"], __x0: "Survivor", secret: null },
        __t: { _1: "Aspen" },
      },
      errors: [denied(["survivor", "secret"])],
      withheld: [],
      released: [],
    });
    expect(shaped.deniedSelections).toBe(1);
  });

  it("follows type conditions by the gateway's __t, not by a client key named __typename", () => {
    const { rebuilt } = expectSameAsOracle(`{
      search(term: "x") {
        __typename: __typename
        ... on Survivor { __typename: __typename name: pseudonym }
        ... on Organization { name }
        ... on ResidentProfile { __x1: ownerOrganizationId }
      }
    }`);
    expect(json(rebuilt.data)).toEqual({
      search: [
        { __typename: "Survivor", name: "Willow" },
        { __typename: "Organization", name: "Harbor House" },
        { __typename: "ResidentProfile", __x1: "org-2" },
      ],
    });
  });

  it("gives `__proto__` to the client as an ordinary key", () => {
    const { rebuilt } = expectSameAsOracle(`{ survivor(id: "s1") { __proto__: pseudonym } }`);
    const survivor = (rebuilt.data as { survivor: object }).survivor;
    expect(Object.keys(survivor)).toEqual(["__proto__"]);
    expect(JSON.stringify(rebuilt.data)).toBe('{"survivor":{"__proto__":"Willow"}}');
  });

  it("never shows the gateway's extra fields, on objects, interface or union members, unless the client asked", () => {
    const { rebuilt, executed } = expectSameAsOracle(`{
      survivor(id: "s1") {
        residentProfile { id }
        legalProfile { owner: ownerOrganizationId }
        profiles { ... on ResidentProfile { bedNumber } ... on Profile { survivorId } }
      }
      node(id: "lp2") { id }
    }`);
    expect(json(rebuilt.data)).toEqual({
      survivor: {
        residentProfile: { id: "rp1" },
        legalProfile: { owner: "org-2" },
        profiles: [{ bedNumber: 7, survivorId: "s1" }, { survivorId: "s1" }],
      },
      node: { id: "lp2" },
    });
    // The executed data does carry them, under the gateway's keys.
    expect(JSON.stringify(executed.data)).toContain('"__x1":"org-1"');
  });
});

describe("rebuild: fragments and merging", () => {
  it("applies named and inline fragments, nested and repeated, on interface and union members", () => {
    const { rebuilt } = expectSameAsOracle(`
      query {
        survivors {
          ...SurvivorBits
          profiles { ...ProfileBits ... on LegalProfile { ...LegalBits } }
        }
        nodes(ids: ["s2", "missing", "rp1", "o1", "lp1"]) { ...NodeBits ... on Profile { ...ProfileBits } }
      }
      fragment SurvivorBits on Survivor { id ... on Node { id } ...Named }
      fragment Named on Survivor { alias: pseudonym }
      fragment ProfileBits on Profile { id ... on ResidentProfile { bedNumber } ...LegalBits }
      fragment LegalBits on LegalProfile { caseNumber }
      fragment NodeBits on Node { id __typename ... on Organization { name } ...Named }
    `);
    expect(json(rebuilt.data)).toEqual({
      survivors: [
        {
          id: "s1",
          alias: "Willow",
          profiles: [
            { id: "rp1", bedNumber: 7 },
            { id: "lp1", caseNumber: "LA-1" },
          ],
        },
        {
          id: "s2",
          alias: "Aspen",
          profiles: [
            { id: "lp2", caseNumber: "LA-2" },
            { id: "rp2", bedNumber: 9 },
          ],
        },
      ],
      nodes: [
        { id: "s2", __typename: "Survivor", alias: "Aspen" },
        null,
        { id: "rp1", __typename: "ResidentProfile", bedNumber: 7 },
        { id: "o1", __typename: "Organization", name: "Harbor House" },
        { id: "lp1", __typename: "LegalProfile", caseNumber: "LA-1" },
      ],
    });
  });

  it("merges the sub-selections of one key across fragments, deeply and element by element in lists", () => {
    const { rebuilt } = expectSameAsOracle(`{
      survivors {
        profiles { ... on ResidentProfile { room { number } } }
        ... on Survivor { profiles { __typename ... on ResidentProfile { id room { building } } } }
        ...More
      }
    }
    fragment More on Survivor { profiles { ... on Profile { survivorId } } }`);
    expect(json(rebuilt)).toEqual({
      data: {
        survivors: [
          {
            profiles: [
              { room: { number: 101, building: "North" }, __typename: "ResidentProfile", id: "rp1", survivorId: "s1" },
              { __typename: "LegalProfile", survivorId: "s1" },
            ],
          },
          {
            profiles: [
              { __typename: "LegalProfile", survivorId: "s2" },
              { room: { number: 202, building: null }, __typename: "ResidentProfile", id: "rp2", survivorId: "s2" },
            ],
          },
        ],
      },
      errors: [{ message: "building registry down", path: ["survivors", 1, "profiles", 1, "room", "building"] }],
      withheld: [],
      released: [],
    });
  });

  it("resolves a repeated field once, as GraphQL does (a repeated mutation field runs once)", () => {
    const { rebuilt, calls } = expectSameAsOracle(`mutation {
      consent: recordConsent(survivorId: "s1") { id }
      consent: recordConsent(survivorId: "s1") { pseudonym }
    }`);
    expect(calls.recordConsent).toBe(1);
    expect(json(rebuilt.data)).toEqual({ consent: { id: "s1", pseudonym: "Willow" } });
  });

  it("denies a whole entry when any selection merged into it is denied (through an interface or not)", () => {
    // Denied when asked through the interface, allowed on the object: an inconsistent rule fails closed.
    const rule: SelectionRule = (parentType, field) => (parentType.name === "Profile" && field.name === "ownerOrganizationId" ? DENIED_BY_ROLE : null);
    const source = `{ node(id: "rp1") { ... on ResidentProfile { owner: ownerOrganizationId } ... on Profile { owner: ownerOrganizationId } } }`;
    const { rebuilt, shaped } = runShaped(source, { rule });
    expect(shaped.source).toContain("_1: ownerOrganizationId"); // the allowed selection is still fetched...
    expect(json(rebuilt)).toEqual({
      data: { node: { owner: null } }, // ...but not shown
      errors: [denied(["node", "owner"])],
      withheld: [],
      released: [],
    });
  });
});

describe("rebuild: @skip and @include", () => {
  const source = `
    query Q($yes: Boolean!, $no: Boolean = false) {
      survivors {
        id @skip(if: $yes)
        pseudonym @include(if: $yes)
        realName @include(if: $no)
        hidden: realName @skip(if: $yes)
        ... @include(if: $no) { tags realName }
        ...Secret @skip(if: $yes)
        ... on Survivor @include(if: $yes) { alsoHidden: realName }
      }
    }
    fragment Secret on Survivor { secret: realName }
  `;

  it("honours them on fields and fragments; a denied field that is skipped is absent and not reported", () => {
    const { rebuilt } = expectSameAsOracle(source, { variables: { yes: true } });
    expect(json(rebuilt)).toEqual({
      data: {
        survivors: [
          { pseudonym: "Willow", alsoHidden: null },
          { pseudonym: "Aspen", alsoHidden: null },
        ],
      },
      errors: [denied(["survivors", 0, "alsoHidden"]), denied(["survivors", 1, "alsoHidden"])],
      withheld: [],
      released: [],
    });
  });

  it("evaluates them per request: one shaped operation, other variables, other answer", () => {
    const shaped = shapeOperation(schema, parse(source), undefined, { selectionRule, extraFields });
    const yes = runShaped(source, { variables: { yes: true } });
    expect(yes.shaped.source).toBe(shaped.source);
    for (const variables of [{ yes: false }, { yes: false, no: true }, { yes: true, no: true }]) {
      expectSameAsOracle(source, { variables });
    }
    const { rebuilt } = expectSameAsOracle(source, { variables: { yes: false, no: true } });
    expect(json(rebuilt.data)).toEqual({
      survivors: [
        { id: "s1", realName: null, hidden: null, tags: ["urgent", "es"], secret: null },
        { id: "s2", realName: null, hidden: null, tags: [], secret: null },
      ],
    });
    expect(sortErrors(rebuilt.errors).map((error) => error.path)).toEqual([
      ["survivors", 0, "hidden"],
      ["survivors", 0, "realName"],
      ["survivors", 0, "secret"],
      ["survivors", 1, "hidden"],
      ["survivors", 1, "realName"],
      ["survivors", 1, "secret"],
    ]);
  });

  it("refuses variables that the executor would have refused", () => {
    const shaped = shapeOperation(schema, parse(source), undefined, { selectionRule, extraFields });
    expect(() => shaped.rebuild({ data: { __t: "Query", _0: [] } }, { yes: "maybe" })).toThrow("The variables do not coerce against the operation's variable definitions");
  });
});

describe("rebuild: denied fields", () => {
  it("one error per list element, with the element's index", () => {
    const { rebuilt } = expectSameAsOracle(`{ survivors { id realName profiles { ... on Profile { caseworkerNote } } } }`);
    expect(json(rebuilt)).toEqual({
      data: {
        survivors: [
          { id: "s1", realName: null, profiles: [{ caseworkerNote: null }, { caseworkerNote: null }] },
          { id: "s2", realName: null, profiles: [{ caseworkerNote: null }, { caseworkerNote: null }] },
        ],
      },
      errors: [
        denied(["survivors", 0, "realName"]),
        denied(["survivors", 0, "profiles", 0, "caseworkerNote"]),
        denied(["survivors", 0, "profiles", 1, "caseworkerNote"]),
        denied(["survivors", 1, "realName"]),
        denied(["survivors", 1, "profiles", 0, "caseworkerNote"]),
        denied(["survivors", 1, "profiles", 1, "caseworkerNote"]),
      ],
      withheld: [],
      released: [],
    });
  });

  it("a denied non-null field nulls its nearest nullable ancestor", () => {
    const { rebuilt } = expectSameAsOracle(`{ organization(id: "o1") { name secretAddress } survivor(id: "s1") { id } }`);
    expect(json(rebuilt)).toEqual({
      data: { organization: null, survivor: { id: "s1" } },
      errors: [denied(["organization", "secretAddress"])],
      withheld: [],
      released: [],
    });
  });

  it("through non-null list items up to the nearest nullable position, or to `data: null`", () => {
    const inList = expectSameAsOracle(`{ nodes(ids: ["o1", "s1"]) { id ... on Organization { secretAddress } } }`);
    expect(json(inList.rebuilt.data)).toEqual({ nodes: [null, { id: "s1" }] });
    expect(inList.rebuilt.errors).toEqual([denied(["nodes", 0, "secretAddress"])]);

    const toRoot = expectSameAsOracle(`{ survivor(id: "s1") { id } search(term: "x") { ... on Organization { secretAddress } } }`);
    expect(json(toRoot.rebuilt)).toEqual({ data: null, errors: [denied(["search", 1, "secretAddress"])], withheld: [], released: [] });
  });

  it("through an interface: denied on the implementations that deny it, shown on the others", () => {
    const rule: SelectionRule = (parentType, field) => (parentType.name === "ResidentProfile" && field.name === "caseworkerNote" ? DENIED_BY_ROLE : null);
    const { rebuilt } = expectSameAsOracle(
      `{ survivors { profiles { ... on Profile { id caseworkerNote } } } nodes(ids: ["rp1", "lp1"]) { ...Note } }
       fragment Note on Profile { note: caseworkerNote }`,
      { rule },
    );
    expect(json(rebuilt.data)).toEqual({
      survivors: [
        {
          profiles: [
            { id: "rp1", caseworkerNote: null },
            { id: "lp1", caseworkerNote: "note lp1" },
          ],
        },
        {
          profiles: [
            { id: "lp2", caseworkerNote: null },
            { id: "rp2", caseworkerNote: null },
          ],
        },
      ],
      nodes: [{ note: null }, { note: "note lp1" }],
    });
    expect(sortErrors(rebuilt.errors)).toEqual([
      denied(["nodes", 0, "note"]),
      denied(["survivors", 0, "profiles", 0, "caseworkerNote"]),
      denied(["survivors", 1, "profiles", 1, "caseworkerNote"]),
    ]);
  });

  it("propagates by the implementation's own type, where it narrows the interface's to non-null", () => {
    const rule: SelectionRule = (parentType, field) => (parentType.name === "ResidentProfile" && field.name === "openedOn" ? DENIED_BY_ROLE : null);
    const { rebuilt } = expectSameAsOracle(`{ nodes(ids: ["rp1", "lp1"]) { ... on Profile { openedOn } } survivor(id: "s2") { id profiles { ... on Profile { openedOn } } } }`, {
      rule,
    });
    expect(json(rebuilt)).toEqual({
      data: { nodes: [null, { openedOn: "2023-11-30" }], survivor: null },
      errors: [denied(["nodes", 0, "openedOn"]), denied(["survivor", "profiles", 1, "openedOn"])],
      withheld: [],
      released: [],
    });
  });

  it("a denied field under a null parent is not reported (the executor never reached it)", () => {
    expectSameAsOracle(`{ survivor(id: "nobody") { realName } node(id: "nobody") { ... on Survivor { realName } } }`);
  });

  it("keeps introspection working", () => {
    const { rebuilt } = expectSameAsOracle(`{
      __typename
      schema: __schema { queryType { name } mutationType { name } }
      room: __type(name: "Room") { name fields { name type { kind ofType { name } } } }
      survivor(id: "s1") { __typename }
    }`);
    expect(json(rebuilt.data)).toEqual({
      __typename: "Query",
      schema: { queryType: { name: "Query" }, mutationType: { name: "Mutation" } },
      room: {
        name: "Room",
        fields: [
          { name: "number", type: { kind: "NON_NULL", ofType: { name: "Int" } } },
          { name: "building", type: { kind: "SCALAR", ofType: null } },
        ],
      },
      survivor: { __typename: "Survivor" },
    });
  });

  it("a mutation's denied root field is never executed", () => {
    const { shaped, calls } = runShaped(`mutation { purgeSurvivor(id: "s1") }`);
    expect(shaped.deniedRootField).toEqual({ responseKey: "purgeSurvivor", denial: DENIED_BY_ROLE });
    expect(shaped.nothingToExecute).toBe(true);
    expect(calls.purgeSurvivor).toBe(0);
  });
});

describe("rebuild: reuse", () => {
  it("one shaped operation serves interleaved requests without carrying anything between them", () => {
    const source = `query Q($id: ID!, $full: Boolean!) { survivor(id: $id) { id ... @include(if: $full) { pseudonym realName } } }`;
    const first = runShaped(source, { variables: { id: "s1", full: true } });
    const second = runShaped(source, { variables: { id: "s2", full: false } });
    expect(second.shaped.hash).toBe(first.shaped.hash);
    const shaped = first.shaped;
    const a1 = shaped.rebuild(first.executed, { id: "s1", full: true });
    const b = shaped.rebuild(second.executed, { id: "s2", full: false });
    const a2 = shaped.rebuild(first.executed, { id: "s1", full: true });
    expect(json(a1)).toEqual({
      data: { survivor: { id: "s1", pseudonym: "Willow", realName: null } },
      errors: [denied(["survivor", "realName"])],
      withheld: [],
      released: [],
    });
    expect(json(b)).toEqual({ data: { survivor: { id: "s2" } }, errors: [], withheld: [], released: [] });
    expect(a2).toEqual(a1);
    expect(json(runOracle(source, { variables: { id: "s2", full: false } }).data)).toEqual(json(b.data));
  });
});

describe("rebuild: a result it cannot read", () => {
  const shaped = shapeOperation(schema, parse(`{ node(id: "rp1") { __typename ... on ResidentProfile { id } } }`), undefined, { selectionRule, extraFields });

  it("fails rather than guess a type (a client-chosen key is never read as one)", () => {
    // `_1` is the client's own `__typename`: it must not stand in for the gateway's `__t`.
    expect(() => shaped.rebuild({ data: { __t: "Query", _0: { _1: "ResidentProfile", _2: "rp1" } } }, undefined)).toThrow(
      "The result holds an object without a possible type of Node",
    );
    expect(() => shaped.rebuild({ data: { __t: "Query", _0: { __t: "Room" } } }, undefined)).toThrow("The result holds an object without a possible type of Node");
  });

  it("fails on a value of the wrong kind", () => {
    expect(() => shaped.rebuild({ data: { __t: "Query", _0: "rp1" } }, undefined)).toThrow("The result holds a non-object value for type Node");
    const list = shapeOperation(schema, parse(`{ survivors { id } }`), undefined, { selectionRule, extraFields });
    expect(() => list.rebuild({ data: { __t: "Query", _0: { __t: "Survivor" } } }, undefined)).toThrow("The result holds a non-list value for a list of Survivor!");
  });

  it("answers null for a key missing from the result", () => {
    expect(json(shaped.rebuild({ data: { __t: "Query" } }, undefined).data)).toEqual({ node: null });
  });
});
