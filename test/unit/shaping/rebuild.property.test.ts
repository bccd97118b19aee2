/**
 * For random aliases (gateway-looking ones included), fragment wrappings (inline, typed, named, with
 * @skip/@include), repetitions with different sub-selections and variable values over a fixed set of
 * selections: rebuild(execute(shaped)) must equal the original operation executed directly, with the
 * denied and withheld fields null and explained (the oracle).
 */
import fc from "fast-check";
import { NoUnusedVariablesRule, parse, specifiedRules, validate } from "graphql";
import { describe, expect, it } from "vitest";
import type { SelectionRule } from "../../../gateway/shaping/shapeOperation.js";
import { DENIED_BY_ROLE, deepFreeze, expectSameAsOracle, schema, selectionRule, valueRule } from "./shapingKit.js";
import { propertyRuns } from "../../support/rounds.js";

interface Item {
  readonly field: string;
  readonly args?: string;
  /** The selection must sit in `... on <on>` (a member of the abstract parent). */
  readonly on?: string;
  /** Composite fields: their named type and the selections they may have. */
  readonly type?: string;
  readonly children?: readonly Item[];
}

const ROOM: readonly Item[] = [{ field: "number" }, { field: "building" }];
const RESIDENT: readonly Item[] = [
  { field: "id" },
  { field: "bedNumber" },
  { field: "healthNotes" },
  { field: "survivorId" },
  { field: "caseworkerNote" },
  { field: "room", type: "Room", children: ROOM },
];
const LEGAL: readonly Item[] = [{ field: "id" }, { field: "immigrationStatus" }, { field: "caseNumber" }, { field: "ownerOrganizationId" }];
const PROFILE_UNION: readonly Item[] = [
  { field: "__typename" },
  { on: "ResidentProfile", field: "bedNumber" },
  { on: "ResidentProfile", field: "room", type: "Room", children: ROOM },
  { on: "LegalProfile", field: "immigrationStatus" },
  { on: "Profile", field: "caseworkerNote" },
  { on: "Profile", field: "survivorId" },
  { on: "Profile", field: "openedOn" },
  { on: "Node", field: "id" },
];
const SURVIVOR: readonly Item[] = [
  { field: "id" },
  { field: "pseudonym" },
  { field: "realName" },
  { field: "tags" },
  { field: "__typename" },
  { field: "residentProfile", type: "ResidentProfile", children: RESIDENT },
  { field: "legalProfile", type: "LegalProfile", children: LEGAL },
  { field: "profiles", type: "ProfileUnion", children: PROFILE_UNION },
];
const NODE: readonly Item[] = [
  { field: "id" },
  { field: "__typename" },
  { on: "Survivor", field: "pseudonym" },
  { on: "Survivor", field: "realName" },
  { on: "Organization", field: "secretAddress" },
  { on: "Organization", field: "name" },
  { on: "ResidentProfile", field: "healthNotes" },
  { on: "ResidentProfile", field: "room", type: "Room", children: ROOM },
  { on: "LegalProfile", field: "caseNumber" },
  { on: "Profile", field: "ownerOrganizationId" },
  { on: "Profile", field: "openedOn" },
];
const ORGANIZATION: readonly Item[] = [{ field: "id" }, { field: "name" }, { field: "address" }, { field: "secretAddress" }];
/** With execution errors (`flaky`, `Room.building`), and gateway nulls that stop at nullable fields. */
const WITH_EXECUTION_ERRORS: Item = {
  field: "query",
  type: "Query",
  children: [
    { field: "survivors", type: "Survivor", children: SURVIVOR },
    { field: "survivor", args: '(id: "s2")', type: "Survivor", children: SURVIVOR },
    { field: "organization", args: '(id: "o1")', type: "Organization", children: ORGANIZATION },
    { field: "nodes", args: '(ids: ["s1", "missing", "rp2", "o1", "lp1", "rp1"])', type: "Node", children: NODE },
    { field: "flaky" },
    { field: "__typename" },
  ],
};

/**
 * Without execution errors, and with gateway nulls that propagate through non-null list items and
 * non-null fields up to `data: null`. (Kept apart: once the gateway has nulled a position, execution
 * errors below it are dropped, where graphql-js would keep those it met before the null.)
 */
const WITH_NULL_PROPAGATION: Item = {
  field: "query",
  type: "Query",
  children: [
    {
      field: "survivors",
      type: "Survivor",
      children: [
        ...SURVIVOR.filter((item) => item.field !== "profiles" && item.field !== "residentProfile"),
        {
          field: "profiles",
          type: "ProfileUnion",
          children: [...PROFILE_UNION.filter((item) => item.field !== "room"), { on: "LegalProfile", field: "caseNumber" }],
        },
      ],
    },
    {
      field: "search",
      args: '(term: "x")',
      type: "SearchResult",
      children: [
        { field: "__typename" },
        { on: "Survivor", field: "pseudonym" },
        { on: "Survivor", field: "realName" },
        { on: "Organization", field: "secretAddress" },
        { on: "Organization", field: "name" },
        { on: "ResidentProfile", field: "bedNumber" },
        { on: "Node", field: "id" },
      ],
    },
    { field: "headquarters", type: "Organization", children: ORGANIZATION },
    { field: "organization", args: '(id: "o1")', type: "Organization", children: ORGANIZATION },
    { field: "nodes", args: '(ids: ["s1", "missing", "rp2", "o1", "lp1", "rp1"])', type: "Node", children: NODE.filter((item) => item.field !== "room") },
    { field: "__typename" },
  ],
};

/**
 * Denials on some implementations of an interface only (never on the interface itself), so that a
 * selection through the interface is fetched for some records and denied for others.
 */
const denyOnImplementations = (denied: readonly string[]): SelectionRule => {
  const set = new Set(denied);
  return (parentType, field) => (set.has(`${parentType.name}.${field.name}`) ? DENIED_BY_ROLE : null);
};
const RULES_WITH_EXECUTION_ERRORS = [selectionRule, denyOnImplementations(["ResidentProfile.caseworkerNote", "LegalProfile.openedOn", "Survivor.realName"])];
/** `ResidentProfile.openedOn` narrows `Profile.openedOn` to non-null: its denial propagates. */
const RULES_WITH_NULL_PROPAGATION = [selectionRule, denyOnImplementations(["ResidentProfile.openedOn", "LegalProfile.caseworkerNote", "Organization.name"])];

/** Client aliases, among them the gateway's own key shapes. */
const ALIASES = ["__t", "_0", "_1", "__x0", "__x1", "__typename", "id", "secret", "__proto__"] as const;
const WRAPPERS = ["inline", "inlineTyped", "named", "namedIncluded", "inlineSkipped", "inlineNotIncluded"] as const;
const FIELD_DIRECTIVES = ["none", "none", "include", "skip", "skipped", "notIncluded"] as const;

interface CopyDecision {
  wrappers: (typeof WRAPPERS)[number][];
  directive: (typeof FIELD_DIRECTIVES)[number];
  childMask: boolean[];
}
interface ItemDecision {
  alias: string | undefined;
  /** One or two copies of the selection, each with its own wrapping and subset of sub-selections. */
  copies: CopyDecision[];
  children: ItemDecision[];
}

function decisionArbitrary(item: Item): fc.Arbitrary<ItemDecision> {
  const children = item.children ?? [];
  return fc.record({
    alias: fc.option(fc.constantFrom(...ALIASES), { nil: undefined }),
    copies: fc.array(
      fc.record({
        wrappers: fc.array(fc.constantFrom(...WRAPPERS), { maxLength: 2 }),
        directive: fc.constantFrom(...FIELD_DIRECTIVES),
        childMask: fc.array(fc.boolean(), { minLength: children.length, maxLength: children.length }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    children: fc.tuple<ItemDecision[]>(...children.map(decisionArbitrary)),
  });
}

class OperationWriter {
  private readonly fragments: string[] = [];
  private readonly variables = new Set<string>();

  constructor(private readonly root: Item) {}

  write(decision: ItemDecision): string {
    const [copy] = decision.copies;
    const body = this.selections(this.root, decision, copy?.childMask ?? []);
    const definitions = [...this.variables].sort().map((name) => (name === "yes" ? "$yes: Boolean!" : "$no: Boolean = false"));
    const header = definitions.length > 0 ? `query Q(${definitions.join(", ")})` : "query Q";
    return [`${header} { ${body} }`, ...this.fragments].join("\n");
  }

  private selections(parent: Item, decision: ItemDecision, mask: readonly boolean[]): string {
    const items = parent.children ?? [];
    const keys = responseKeys(items, decision.children);
    const included = mask.some(Boolean) ? mask : mask.map((_, index) => index === 0);
    const parts: string[] = [];
    items.forEach((item, index) => {
      const child = decision.children[index];
      const key = keys[index];
      if (!included[index] || child === undefined || key === undefined) return;
      for (const copy of child.copies) parts.push(this.field(item, child, key, copy, parent.type ?? "Query"));
    });
    return parts.join(" ");
  }

  private field(item: Item, decision: ItemDecision, key: string, copy: CopyDecision, scopeType: string): string {
    const alias = key === item.field ? "" : `${key}: `;
    const selections = item.children === undefined ? "" : ` { ${this.selections(item, decision, copy.childMask)} }`;
    let text = `${alias}${item.field}${item.args ?? ""}${this.fieldDirective(copy.directive)}${selections}`;
    if (item.on !== undefined) text = `... on ${item.on} { ${text} }`;
    for (const wrapper of copy.wrappers) text = this.wrap(wrapper, text, scopeType);
    return text;
  }

  private fieldDirective(directive: CopyDecision["directive"]): string {
    switch (directive) {
      case "none":
        return "";
      case "include":
        return ` @include(if: ${this.use("yes")})`;
      case "skip":
        return ` @skip(if: ${this.use("no")})`;
      case "skipped":
        return ` @skip(if: ${this.use("yes")})`;
      case "notIncluded":
        return ` @include(if: ${this.use("no")})`;
    }
  }

  private wrap(wrapper: CopyDecision["wrappers"][number], text: string, scopeType: string): string {
    switch (wrapper) {
      case "inline":
        return `... { ${text} }`;
      case "inlineTyped":
        return `... on ${scopeType} { ${text} }`;
      case "named":
        return `...${this.fragment(scopeType, text)}`;
      case "namedIncluded":
        return `...${this.fragment(scopeType, text)} @include(if: ${this.use("yes")})`;
      case "inlineSkipped":
        return `... @skip(if: ${this.use("yes")}) { ${text} }`;
      case "inlineNotIncluded":
        return `... @include(if: ${this.use("no")}) { ${text} }`;
    }
  }

  private fragment(typeName: string, text: string): string {
    const name = `F${this.fragments.length}`;
    this.fragments.push(`fragment ${name} on ${typeName} { ${text} }`);
    return name;
  }

  private use(variable: "yes" | "no"): string {
    this.variables.add(variable);
    return `$${variable}`;
  }
}

/** One response key per sibling selection (the same in every copy of the parent), never shared by two. */
function responseKeys(items: readonly Item[], decisions: readonly ItemDecision[]): string[] {
  const used = new Set<string>();
  return items.map((item, index) => {
    const wanted = decisions[index]?.alias ?? item.field;
    const key = used.has(wanted) ? `${item.field}_${index}` : wanted;
    used.add(key);
    return key;
  });
}

const rulesButUnusedVariables = specifiedRules.filter((rule) => rule !== NoUnusedVariablesRule);

describe("rebuild (property)", () => {
  it.each([
    ["with execution errors", WITH_EXECUTION_ERRORS, RULES_WITH_EXECUTION_ERRORS],
    ["with null propagation", WITH_NULL_PROPAGATION, RULES_WITH_NULL_PROPAGATION],
  ] as const)("rebuild(execute(shaped)) equals the original executed with denials and withholdings applied, %s", (_name, root, rules) => {
    fc.assert(
      fc.property(
        decisionArbitrary(root),
        fc.boolean(),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.boolean(),
        fc.nat({ max: rules.length - 1 }),
        (decision, yes, no, withValueRule, ruleIndex) => {
          const source = new OperationWriter(root).write(decision);
          const variables = no === undefined ? { yes } : { yes, no };
          try {
            const document = deepFreeze(parse(source));
            expect(validate(schema, document)).toEqual([]);
            const run = expectSameAsOracle(document, { variables, valueRule: withValueRule ? valueRule : undefined, rule: rules[ruleIndex] });
            expect(validate(schema, run.shaped.document, rulesButUnusedVariables)).toEqual([]);
          } catch (error) {
            throw new Error(`${source}\nvariables: ${JSON.stringify(variables)}, value rule: ${withValueRule}, rule: ${ruleIndex}\n${String(error)}`, { cause: error });
          }
        },
      ),
      { numRuns: propertyRuns({ normal: 100, long: 400 }) },
    );
  });
});
