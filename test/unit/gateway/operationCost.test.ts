import { buildSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { operationCost, UNPAGED_LIST_WEIGHT } from "../../../gateway/limits/operationCost.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../../vocabulary/paging.js";

const schema = buildSchema(`
  type Query {
    things(first: Int, after: String): ThingConnection!
    feed(first: Int): FeedPage!
    list: [Thing!]!
    one: Thing
  }
  type ThingConnection { edges: [ThingEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type ThingEdge { cursor: String! node: Thing! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type FeedPage { events: [Thing!]! endCursor: String }
  type Thing { id: ID! name: String! tags: [String!]! parts: [Part!]! owner: Owner }
  type Part { id: ID! owner: Owner }
  type Owner { id: ID! name: String! }
`);

function cost(document: string, variables: Record<string, unknown> = {}): number {
  const parsed = parse(document);
  const operation = parsed.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = new Map(parsed.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  return operationCost(schema, operation, fragments, variables);
}

describe("operation cost", () => {
  it("counts objects, once per parent object; scalar and enum fields come with their object", () => {
    expect(cost("{ one { id } }")).toBe(1);
    expect(cost("{ one { id name tags owner { id name } } }")).toBe(2);
  });

  it("multiplies a page's lists by its size, and its own fields (totalCount, pageInfo) not at all", () => {
    // the connection, its pageInfo, 50 edges, 50 nodes
    expect(cost("{ things(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }")).toBe(1 + 1 + 50 + 50);
    expect(cost("{ feed(first: 30) { endCursor events { id owner { id } } } }")).toBe(1 + 30 + 30);
  });

  it("reads the page size from variables; the default page when absent, the maximum when unreadable", () => {
    const page = (n: number) => 1 + n + n;
    expect(cost("query($n: Int) { things(first: $n) { edges { node { id } } } }", { n: 7 })).toBe(page(7));
    expect(cost("query($n: Int) { things(first: $n) { edges { node { id } } } }")).toBe(page(DEFAULT_PAGE_SIZE));
    expect(cost("{ things { edges { node { id } } } }")).toBe(page(DEFAULT_PAGE_SIZE));
    expect(cost("{ things(first: 5000) { edges { node { id } } } }")).toBe(page(MAX_PAGE_SIZE));
    expect(cost("{ things(first: -1) { edges { node { id } } } }")).toBe(page(MAX_PAGE_SIZE));
  });

  it("weighs an unpaged list of objects, and multiplies what is nested under each object", () => {
    expect(cost("{ list { id } }")).toBe(UNPAGED_LIST_WEIGHT);
    const parts = 50 * UNPAGED_LIST_WEIGHT;
    expect(cost("{ things(first: 50) { edges { node { parts { owner { id } } } } } }")).toBe(1 + 50 + 50 + parts + parts);
  });

  it("counts through fragments and inline fragments as if written in place", () => {
    const inPlace = cost("{ things(first: 10) { pageInfo { endCursor } edges { node { owner { id } } } } }");
    expect(
      cost("{ things(first: 10) { ...Page } } fragment Page on ThingConnection { pageInfo { endCursor } edges { ...Edge } } fragment Edge on ThingEdge { node { owner { id } } }"),
    ).toBe(inPlace);
    expect(cost("{ things(first: 10) { ... on ThingConnection { pageInfo { endCursor } edges { node { owner { id } } } } } }")).toBe(inPlace);
  });
});
