import {
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type DirectiveNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type NameNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import { copyAst } from "./copyAst.js";
import { deepFreeze } from "./deepFreeze.js";
import { ExtraFieldRegistry } from "./ExtraFieldRegistry.js";
import { GATEWAY_TYPENAME_KEY, GatewayKeyAllocator } from "./gatewayKeys.js";
import { ResponseKeyScope } from "./ResponseKeyScope.js";
import type { ExtraFieldKey, OperationPlan, SelectionConditions, SelectionPlan } from "./selectionPlan.js";
import type { DeniedRootField, FieldDenial, SelectionRule, ShapeOptions } from "./types.js";

export interface RewrittenOperation {
  /** Owned by the caller (shares no node with the input), not yet frozen. */
  operation: OperationDefinitionNode;
  plan: OperationPlan;
  deniedSelections: number;
  /** The first denied field at the root, fragments included, in document order. */
  deniedRootField: DeniedRootField | null;
  nothingToExecute: boolean;
}

interface RewrittenSelections {
  nodes: SelectionNode[];
  plans: SelectionPlan[];
  /** Field selections kept (not denied), fragments included, sub-selections excluded. */
  keptFields: number;
}

/**
 * Rewrites one operation of a validated document: fragments inlined, every response key replaced by
 * a gateway key, denied fields removed, `__t` and extra fields added; and records the client's
 * selections (the plan) so that `rebuild` can give the client the response it asked for.
 */
export function rewriteOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  options: ShapeOptions,
): RewrittenOperation {
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) throw new Error(`The schema has no ${operation.operation} type`);
  const rewriter = new OperationRewriter(schema, fragments, options);
  const root = rewriter.rewriteSelectionSet(operation.selectionSet, rootType, new ResponseKeyScope(rewriter.keys), true);
  const variableDefinitions = copyAst(operation.variableDefinitions) ?? [];
  return {
    operation: {
      kind: Kind.OPERATION_DEFINITION,
      operation: operation.operation,
      name: copyAst(operation.name),
      variableDefinitions,
      directives: copyAst(operation.directives),
      // No extra fields at the root: they would be fields of Query or Mutation, never a record's.
      selectionSet: selectionSetNode([typenameSelection(), ...root.nodes]),
    },
    plan: Object.freeze({
      rootType,
      selections: Object.freeze(root.plans),
      variableDefinitions,
      hasConditions: rewriter.hasConditions,
      extraKeys: rewriter.extras.used(),
      clientKeyOf: rewriter.keys.clientKeyOf,
    }),
    deniedSelections: rewriter.deniedSelections,
    deniedRootField: rewriter.deniedRootField,
    nothingToExecute: root.keptFields === 0,
  };
}

class OperationRewriter {
  readonly keys = new GatewayKeyAllocator();
  readonly extras: ExtraFieldRegistry;
  deniedSelections = 0;
  deniedRootField: DeniedRootField | null = null;
  hasConditions = false;
  private readonly selectionRule: SelectionRule;
  /** One decision per (type, field) and operation, so that every occurrence is treated alike. */
  private readonly decisions = new Map<GraphQLCompositeType, Map<string, FieldDenial | null>>();
  private readonly fragmentPath: string[] = [];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    options: ShapeOptions,
  ) {
    this.selectionRule = options.selectionRule;
    this.extras = new ExtraFieldRegistry(options.extraFields, this.keys);
  }

  rewriteSelectionSet(selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, scope: ResponseKeyScope, atRoot: boolean): RewrittenSelections {
    const out: RewrittenSelections = { nodes: [], plans: [], keptFields: 0 };
    for (const selection of selectionSet.selections) {
      switch (selection.kind) {
        case Kind.FIELD:
          this.rewriteField(selection, parentType, scope, atRoot, out);
          break;
        case Kind.INLINE_FRAGMENT:
          this.rewriteFragment(selection.typeCondition?.name.value, selection.directives, selection.selectionSet, parentType, scope, atRoot, out);
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = this.fragments.get(name);
          if (fragment === undefined) throw new Error(`Unknown fragment "${name}": validate the document first`);
          if (this.fragmentPath.includes(name)) throw new Error(`Fragment "${name}" spreads itself: validate the document first`);
          this.fragmentPath.push(name);
          // The spread's own directives decide whether it applies; the definition's type condition whether it matches.
          this.rewriteFragment(fragment.typeCondition.name.value, selection.directives, fragment.selectionSet, parentType, scope, atRoot, out);
          this.fragmentPath.pop();
          break;
        }
      }
    }
    return out;
  }

  private rewriteField(node: FieldNode, parentType: GraphQLCompositeType, scope: ResponseKeyScope, atRoot: boolean, out: RewrittenSelections): void {
    const fieldName = node.name.value;
    const responseKey = node.alias?.value ?? fieldName;
    const field = this.fieldDefinition(parentType, fieldName);
    const conditions = this.conditions(node.directives);
    const { denial, deniedFor, allowedTypes } = this.decideField(parentType, field);
    if (denial !== null || deniedFor !== null) this.deniedSelections++;
    if (denial !== null || allowedTypes?.length === 0) {
      // Removed before execution: the value is never fetched. `rebuild` answers null and the denial
      // at every position where the executor would have resolved this selection.
      const rootDenial = denial ?? deniedFor?.values().next().value;
      if (atRoot && this.deniedRootField === null && rootDenial !== undefined) this.deniedRootField = Object.freeze({ responseKey, denial: rootDenial });
      out.plans.push(
        Object.freeze({ kind: "field", responseKey, fieldName, returnType: field.type, conditions, gatewayKey: null, denial, deniedFor, selections: Object.freeze([]) }),
      );
      return;
    }

    const { gatewayKey, scope: childScope } = scope.enter(responseKey);
    const namedType = getNamedType(field.type);
    let selections: readonly SelectionPlan[] = Object.freeze([]);
    let selectionSet: SelectionSetNode | undefined;
    if (isCompositeType(namedType)) {
      if (node.selectionSet === undefined) throw new Error(`Field "${fieldName}" needs a selection set: validate the document first`);
      const inner = this.rewriteSelectionSet(node.selectionSet, namedType, childScope, false);
      selectionSet = selectionSetNode([typenameSelection(), ...inner.nodes, ...this.extraSelections(namedType)]);
      selections = Object.freeze(inner.plans);
    }
    const fieldNode: FieldNode = {
      kind: Kind.FIELD,
      alias: nameNode(gatewayKey),
      name: nameNode(fieldName),
      arguments: copyAst(node.arguments),
      directives: copyAst(node.directives),
      selectionSet,
    };
    if (allowedTypes === null) {
      out.nodes.push(fieldNode);
    } else {
      // Fetched only on the implementations that may show it.
      for (const type of allowedTypes) out.nodes.push(inlineFragment(type.name, [fieldNode]));
    }
    out.plans.push(Object.freeze({ kind: "field", responseKey, fieldName, returnType: field.type, conditions, gatewayKey, denial: null, deniedFor, selections }));
    out.keptFields++;
  }

  private rewriteFragment(
    typeConditionName: string | undefined,
    directives: readonly DirectiveNode[] | undefined,
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
    scope: ResponseKeyScope,
    atRoot: boolean,
    out: RewrittenSelections,
  ): void {
    const typeCondition = typeConditionName === undefined ? null : this.compositeType(typeConditionName);
    // Same scope: a fragment's fields land in the enclosing response object.
    const inner = this.rewriteSelectionSet(selectionSet, typeCondition ?? parentType, scope, atRoot);
    out.plans.push(Object.freeze({ kind: "fragment", typeCondition, conditions: this.conditions(directives), selections: Object.freeze(inner.plans) }));
    out.keptFields += inner.keptFields;
    // A fragment whose every field was denied would be empty, which GraphQL does not allow.
    if (inner.nodes.length === 0) return;
    const fragment: InlineFragmentNode = {
      kind: Kind.INLINE_FRAGMENT,
      typeCondition: typeConditionName === undefined ? undefined : { kind: Kind.NAMED_TYPE, name: nameNode(typeConditionName) },
      directives: copyAst(directives),
      selectionSet: selectionSetNode(inner.nodes),
    };
    out.nodes.push(fragment);
  }

  /**
   * A field selected through an interface is also decided on each implementation: a rule that looks
   * only at the interface would otherwise release, on a `ResidentProfile`, a field the rule denies on
   * `ResidentProfile` itself. Denied on the interface: denied everywhere (fail closed). Denied on some
   * implementations: fetched only on the others (`allowedTypes`), null and explained on those.
   */
  private decideField(
    parentType: GraphQLCompositeType,
    field: GraphQLField<unknown, unknown>,
  ): { denial: FieldDenial | null; deniedFor: ReadonlyMap<string, FieldDenial> | null; allowedTypes: readonly GraphQLObjectType[] | null } {
    const denial = this.decide(parentType, field);
    if (denial !== null) return { denial, deniedFor: null, allowedTypes: [] };
    if (!isInterfaceType(parentType) || field.name.startsWith("__")) return { denial: null, deniedFor: null, allowedTypes: null };
    const deniedFor = new Map<string, FieldDenial>();
    const allowedTypes: GraphQLObjectType[] = [];
    for (const type of this.schema.getPossibleTypes(parentType)) {
      const implementation = type.getFields()[field.name];
      if (implementation === undefined) throw new Error(`${type.name} does not implement ${parentType.name}.${field.name}`);
      const typeDenial = this.decide(type, implementation);
      if (typeDenial === null) allowedTypes.push(type);
      else deniedFor.set(type.name, typeDenial);
    }
    if (deniedFor.size === 0) return { denial: null, deniedFor: null, allowedTypes: null };
    return { denial: null, deniedFor, allowedTypes };
  }

  /**
   * Introspection (`__typename`, `__schema`, `__type` and everything below them) is not data about
   * anyone and is not subject to the selection rule.
   */
  private decide(parentType: GraphQLCompositeType, field: GraphQLField<unknown, unknown>): FieldDenial | null {
    if (field.name.startsWith("__") || parentType.name.startsWith("__")) return null;
    let byField = this.decisions.get(parentType);
    if (byField === undefined) {
      byField = new Map();
      this.decisions.set(parentType, byField);
    }
    let decision = byField.get(field.name);
    if (decision === undefined) {
      const denial = this.selectionRule(parentType, field);
      // Keep only the code and the message: nothing else the rule returned reaches the client.
      decision = denial === null ? null : Object.freeze({ code: String(denial.code), message: String(denial.message) });
      byField.set(field.name, decision);
    }
    return decision;
  }

  private conditions(directives: readonly DirectiveNode[] | undefined): SelectionConditions | null {
    if (!directives?.some((directive) => directive.name.value === "skip" || directive.name.value === "include")) return null;
    this.hasConditions = true;
    return Object.freeze({ directives: deepFreeze(copyAst(directives)) });
  }

  private extraSelections(type: GraphQLCompositeType): SelectionNode[] {
    if (isObjectType(type)) return this.extras.keysFor(type).map(extraFieldSelection);
    return this.schema.getPossibleTypes(type).flatMap((possibleType: GraphQLObjectType): SelectionNode[] => {
      const keys = this.extras.keysFor(possibleType);
      if (keys.length === 0) return [];
      return [inlineFragment(possibleType.name, keys.map(extraFieldSelection))];
    });
  }

  private fieldDefinition(parentType: GraphQLCompositeType, fieldName: string): GraphQLField<unknown, unknown> {
    if (fieldName === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
    if (parentType === this.schema.getQueryType()) {
      if (fieldName === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
      if (fieldName === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    }
    const field = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[fieldName] : undefined;
    if (field === undefined) throw new Error(`Cannot query field "${fieldName}" on type "${parentType.name}": validate the document first`);
    return field;
  }

  private compositeType(name: string): GraphQLCompositeType {
    const type = this.schema.getType(name);
    if (!isCompositeType(type)) throw new Error(`Unknown composite type "${name}": validate the document first`);
    return type;
  }
}

function nameNode(value: string): NameNode {
  return { kind: Kind.NAME, value };
}

function selectionSetNode(selections: readonly SelectionNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections };
}

function inlineFragment(typeName: string, selections: readonly SelectionNode[]): InlineFragmentNode {
  return { kind: Kind.INLINE_FRAGMENT, typeCondition: { kind: Kind.NAMED_TYPE, name: nameNode(typeName) }, selectionSet: selectionSetNode(selections) };
}

function typenameSelection(): FieldNode {
  return { kind: Kind.FIELD, alias: nameNode(GATEWAY_TYPENAME_KEY), name: nameNode(TypeNameMetaFieldDef.name) };
}

function extraFieldSelection(extra: ExtraFieldKey): FieldNode {
  return { kind: Kind.FIELD, alias: nameNode(extra.gatewayKey), name: nameNode(extra.fieldName) };
}
