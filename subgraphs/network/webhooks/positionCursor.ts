import { foreignCursor, type Cursor } from "../../kit/pagination.js";

const MAX_POSITION = 2n ** 63n - 1n;

/** The event position where a page of webhook deliveries stopped (a cursor's key); any other key is not one of ours. */
export function cursorPosition(cursor: Cursor): bigint {
  if (!/^[0-9]{1,19}$/.test(cursor.k) || BigInt(cursor.k) > MAX_POSITION) throw foreignCursor();
  return BigInt(cursor.k);
}
