import { createHash } from "node:crypto";
import { Kind, OperationTypeNode, print, type DocumentNode, type GraphQLSchema } from "graphql";
import { deepFreeze } from "./deepFreeze.js";
import { rebuildResponse } from "./rebuildResponse.js";
import { rewriteOperation } from "./rewriteOperation.js";
import { selectOperation } from "./selectOperation.js";
import type { ShapedOperation, ShapeOptions } from "./types.js";

export { GATEWAY_TYPENAME_KEY } from "./gatewayKeys.js";
export type * from "./types.js";

/**
 * Rewrites the client's operation so that the gateway owns every response key and denied fields are
 * never fetched, and returns how to rebuild the client's response from the result.
 *
 * Why every key is rewritten: a client may alias anything (`{ __typename: pseudonym }`), so a value
 * read by a client key may be a different field than its name says, and a client alias could imitate
 * the gateway's bookkeeping selections (`__t`, extra fields). In the rewritten operation no client
 * key exists at all.
 *
 * The result depends only on the document, the operation name and the selection rule's outcomes, and
 * is immutable: cache it per (document hash, operation name, caller's roles) and share it.
 * `document` must already be validated against `schema`; it is never modified.
 */
export function shapeOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, options: ShapeOptions): ShapedOperation {
  const { operation, fragments } = selectOperation(document, operationName);
  if (operation.operation === OperationTypeNode.SUBSCRIPTION) throw new Error("Subscriptions are not supported through the gateway");
  const operationType = operation.operation === OperationTypeNode.MUTATION ? "mutation" : "query";

  const rewritten = rewriteOperation(schema, operation, fragments, options);
  const shapedDocument: DocumentNode = deepFreeze({ kind: Kind.DOCUMENT, definitions: [rewritten.operation] });
  const source = print(shapedDocument);
  const { plan, nothingToExecute } = rewritten;

  return Object.freeze({
    document: shapedDocument,
    source,
    hash: createHash("sha256").update(source).digest("hex"),
    operationName: operation.name?.value ?? null,
    operationType,
    deniedSelections: rewritten.deniedSelections,
    deniedRootField: operationType === "mutation" ? rewritten.deniedRootField : null,
    nothingToExecute,
    rebuild: (result, variables, valueRule, elementRule) => rebuildResponse(schema, plan, nothingToExecute, result, variables, valueRule, elementRule),
  } satisfies ShapedOperation);
}
