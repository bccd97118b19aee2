import { Kind, type ConstDirectiveNode, type DocumentNode, type FieldDefinitionNode, type TypeNode } from "graphql";

/**
 * The object and interface types of one SDL document (a subgraph's or the supergraph's), their
 * definitions and extensions merged: the one reader of our schema directives (`@access`,
 * `@survivorRecord`, `@sensitive`) that the compose lint and the gateway's policy both use.
 */
export interface SdlType {
  name: string;
  kind: "object" | "interface";
  /** Fields by name, with the directives of the definition or extension that declared them. */
  fields: Map<string, FieldDefinitionNode>;
  /** Directives on the type's definitions and extensions. */
  directives: ConstDirectiveNode[];
  /** Interfaces an object type implements. */
  interfaces: string[];
  /** The definitions and extensions of the type, in document order. */
  definitions: { directives: readonly ConstDirectiveNode[]; fields: readonly FieldDefinitionNode[] }[];
}

export function sdlTypes(document: DocumentNode): Map<string, SdlType> {
  const types = new Map<string, SdlType>();
  for (const definition of document.definitions) {
    const isObject = definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION;
    const isInterface = definition.kind === Kind.INTERFACE_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_EXTENSION;
    if (!isObject && !isInterface) continue;
    const name = definition.name.value;
    const type: SdlType = types.get(name) ?? { name, kind: isObject ? "object" : "interface", fields: new Map(), directives: [], interfaces: [], definitions: [] };
    types.set(name, type);
    type.directives.push(...(definition.directives ?? []));
    type.interfaces.push(...(definition.interfaces ?? []).map((i) => i.name.value));
    for (const field of definition.fields ?? []) type.fields.set(field.name.value, field);
    type.definitions.push({ directives: definition.directives ?? [], fields: definition.fields ?? [] });
  }
  return types;
}

/** The named type under list and non-null wrappers. */
export function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}

/** Scalar and enum type names of a document, the built-in scalars included. */
export function leafTypeNames(document: DocumentNode): Set<string> {
  const names = new Set(["ID", "String", "Int", "Float", "Boolean"]);
  for (const definition of document.definitions) {
    if (definition.kind === Kind.SCALAR_TYPE_DEFINITION || definition.kind === Kind.ENUM_TYPE_DEFINITION) names.add(definition.name.value);
  }
  return names;
}
