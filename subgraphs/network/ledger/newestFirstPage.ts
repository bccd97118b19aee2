import { GraphQLError } from "graphql";
import { z } from "zod";
import { pageArgs, type Connection } from "../../kit/pagination.js";

/** Where a page of ledger-ordered rows stopped: an entry's seq, and a row id when one entry has several rows. */
export interface LedgerCursor {
  seq: bigint;
  id?: string;
}

const cursorSchema = z.object({ s: z.string().regex(/^[1-9][0-9]{0,18}$/), id: z.uuid().optional() }).strict();

export function encodeLedgerCursor(cursor: LedgerCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.seq.toString(), ...(cursor.id ? { id: cursor.id } : {}) })).toString("base64url");
}

export function decodeLedgerCursor(cursor: string): LedgerCursor {
  try {
    const { s, id } = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { seq: BigInt(s), ...(id ? { id } : {}) };
  } catch {
    throw new GraphQLError("The `after` cursor is not one this API issued", { extensions: { code: "BAD_USER_INPUT", argumentName: "after" } });
  }
}

/**
 * Keyset pagination, newest ledger entry first (by seq descending, then row id ascending when one
 * entry has several rows). `findPage` gets where the previous page stopped and how many rows to
 * read (one more than the page, to know whether another follows).
 */
export async function newestFirstPage<Row>(
  first: number | null | undefined,
  after: string | null | undefined,
  keyOf: (row: Row) => LedgerCursor,
  findPage: (query: { after: LedgerCursor | undefined; take: number }) => Promise<Row[]>,
  count: () => Promise<number>,
): Promise<Connection<Row>> {
  const size = pageArgs(first, null).first;
  const from = after ? decodeLedgerCursor(after) : undefined;
  const [rows, totalCount] = await Promise.all([findPage({ after: from, take: size + 1 }), count()]);
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return {
    edges: page.map((node) => ({ cursor: encodeLedgerCursor(keyOf(node)), node })),
    pageInfo: { hasNextPage: rows.length > size, endCursor: last ? encodeLedgerCursor(keyOf(last)) : null },
    totalCount,
  };
}
