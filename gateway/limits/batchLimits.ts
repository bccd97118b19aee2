import { Kind, Lexer, parse, Source, TokenKind, visit, type DocumentNode } from "graphql";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import { HttpError } from "../../platform/http.js";
import type { OperationLimits } from "./limitRules.js";

function countTokens(query: string, max: number): number {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  while (lexer.advance().kind !== TokenKind.EOF) if (++tokens > max) break;
  return tokens;
}

/**
 * A batch must not buy more than one request could: its operations' tokens, aliases and root
 * fields are counted together against the single-operation limits (each operation then also
 * passes every limit on its own). Malformed entries are left to Apollo Server, which answers
 * each with its own error.
 */
export function checkBatchAgainstLimits(batch: unknown[], limits: OperationLimits): void {
  let tokens = 0;
  let aliases = 0;
  let rootFields = 0;
  for (const entry of batch) {
    const query = (entry as { query?: unknown } | null)?.query;
    if (typeof query !== "string") continue;
    tokens += countTokens(query, limits.maxTokens);
    if (tokens > limits.maxTokens) throw new HttpError(400, ERROR_CODES.TOO_MANY_TOKENS, `The batch holds more than ${limits.maxTokens} tokens in all`);
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: limits.maxTokens });
    } catch {
      continue;
    }
    visit(document, {
      Field(node) {
        if (node.alias) aliases++;
      },
      OperationDefinition(node) {
        rootFields += node.selectionSet.selections.filter((s) => s.kind === Kind.FIELD).length;
      },
    });
  }
  if (aliases > limits.maxAliases) throw new HttpError(400, ERROR_CODES.TOO_MANY_ALIASES, `The batch holds more than ${limits.maxAliases} aliases in all`);
  if (rootFields > limits.maxRootFields) throw new HttpError(400, ERROR_CODES.TOO_MANY_ROOT_FIELDS, `The batch holds more than ${limits.maxRootFields} root fields in all`);
}
