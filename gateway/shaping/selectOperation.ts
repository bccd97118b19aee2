import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";

/** The operation to run (by name, or the only one) and the document's fragments, as graphql-js picks them. */
export function selectOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
): { operation: OperationDefinitionNode; fragments: Map<string, FragmentDefinitionNode> } {
  let operation: OperationDefinitionNode | undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    } else if (definition.kind === Kind.OPERATION_DEFINITION) {
      if (operationName == null) {
        if (operation !== undefined) throw new Error("Must provide operation name if query contains multiple operations.");
        operation = definition;
      } else if (definition.name?.value === operationName) {
        operation = definition;
      }
    }
  }
  if (operation === undefined) {
    throw new Error(operationName == null ? "Must provide an operation." : `Unknown operation named "${operationName}".`);
  }
  return { operation, fragments };
}
