/**
 * A deep copy of an AST subtree without source locations. The input AST is shared and cached by
 * Apollo Server; the rewritten document owns all of its nodes, so freezing it touches nothing else.
 */
export function copyAst<T>(node: T): T {
  if (Array.isArray(node)) return node.map((item: unknown) => copyAst(item)) as T;
  if (node === null || typeof node !== "object") return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== "loc") copy[key] = copyAst(value);
  }
  return copy as T;
}
