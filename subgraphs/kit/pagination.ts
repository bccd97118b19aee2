import { GraphQLError } from "graphql";
import { ClassType, Field, Int, ObjectType, Directive } from "type-graphql";
import { z } from "zod";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../vocabulary/paging.js";

@ObjectType({ description: "Relay-style page information." })
@Directive("@shareable")
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` to fetch the next page." })
  endCursor!: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Makes `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function connectionOf<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements Connection<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "Number of items matching the filter, across all pages." })
    totalCount!: number;
  }
  return ConnectionType;
}

const cursorSchema = z.object({ k: z.string().max(400), id: z.uuid() });
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify({ k: sortKey, id })).toString("base64url");
}

/** The answer to an `after` that no page of this list handed out. */
export function foreignCursor(): GraphQLError {
  return new GraphQLError("The `after` cursor is not one this API issued", {
    extensions: { code: "BAD_USER_INPUT", argumentName: "after" },
  });
}

export function decodeCursor(cursor: string): Cursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw foreignCursor();
  }
}

export interface PageArgs {
  first: number;
  after?: Cursor;
}

export function pageArgs(first: number | null | undefined, after: string | null | undefined): PageArgs {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new GraphQLError(`\`first\` must be between 1 and ${MAX_PAGE_SIZE}`, {
      extensions: { code: "BAD_USER_INPUT", argumentName: "first" },
    });
  }
  return after ? { first: size, after: decodeCursor(after) } : { first: size };
}

/**
 * Keyset pagination over rows ordered by (sortField, id): stable under inserts, no OFFSET
 * scans. `findPage` receives the extra condition for "after the cursor", the order, and the
 * number of rows to read (one more than the page, to know whether another page follows).
 */
export async function keysetPage<F extends string, Row extends { id: string } & Record<F, string>>(
  args: PageArgs,
  sortField: F,
  findPage: (query: { after: object | undefined; orderBy: object[]; take: number }) => Promise<Row[]>,
  count: () => Promise<number>,
): Promise<Connection<Row>> {
  const after = args.after ? { OR: [{ [sortField]: { gt: args.after.k } }, { [sortField]: args.after.k, id: { gt: args.after.id } }] } : undefined;
  const orderBy = [{ [sortField]: "asc" }, { id: "asc" }];
  const [rows, totalCount] = await Promise.all([findPage({ after, orderBy, take: args.first + 1 }), count()]);
  const page = rows.slice(0, args.first);
  const last = page.at(-1);
  return {
    edges: page.map((node) => ({ cursor: encodeCursor(node[sortField], node.id), node })),
    pageInfo: { hasNextPage: rows.length > args.first, endCursor: last ? encodeCursor(last[sortField], last.id) : null },
    totalCount,
  };
}

/**
 * The page from rows read with `take: args.first + 1` (the extra row says whether another page
 * follows), each edge's cursor made by `cursorOf`.
 */
export function pageOfRows<Row>(args: PageArgs, rows: readonly Row[], cursorOf: (row: Row) => string, totalCount: number): Connection<Row> {
  const edges = rows.slice(0, args.first).map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > args.first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}

export function emptyConnection<T>(): Connection<T> {
  return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
}
