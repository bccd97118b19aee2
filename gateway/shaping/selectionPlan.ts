import type { DirectiveNode, GraphQLCompositeType, GraphQLObjectType, GraphQLOutputType, VariableDefinitionNode } from "graphql";
import type { FieldDenial } from "./types.js";

/** The directives of a selection that carries @skip or @include (shape accepted by `getDirectiveValues`). */
export interface SelectionConditions {
  readonly directives: readonly DirectiveNode[];
}

/** One field selection of the client's operation, as the client wrote it. */
export interface FieldPlan {
  readonly kind: "field";
  readonly responseKey: string;
  readonly fieldName: string;
  /** The field's type on the type the selection is written against (an implementation may narrow it). */
  readonly returnType: GraphQLOutputType;
  /** Null when the selection has neither @skip nor @include. */
  readonly conditions: SelectionConditions | null;
  /** Where the executed result holds the value; null when no object may show it (never fetched). */
  readonly gatewayKey: string | null;
  /** Denied on every object. */
  readonly denial: FieldDenial | null;
  /** Selected through an interface and denied on these implementations (by type name) only. */
  readonly deniedFor: ReadonlyMap<string, FieldDenial> | null;
  /** The client's sub-selections; empty for a leaf or a denied field. */
  readonly selections: readonly SelectionPlan[];
}

/** An inline fragment or a fragment spread (inlined) of the client's operation. */
export interface FragmentPlan {
  readonly kind: "fragment";
  /** Null for an inline fragment without a type condition. */
  readonly typeCondition: GraphQLCompositeType | null;
  readonly conditions: SelectionConditions | null;
  readonly selections: readonly SelectionPlan[];
}

export type SelectionPlan = FieldPlan | FragmentPlan;

export interface ExtraFieldKey {
  readonly fieldName: string;
  readonly gatewayKey: string;
}

/** Everything `rebuild` needs to turn the executed result back into the client's response. */
export interface OperationPlan {
  readonly rootType: GraphQLObjectType;
  readonly selections: readonly SelectionPlan[];
  readonly variableDefinitions: readonly VariableDefinitionNode[];
  /** Whether any selection carries @skip/@include (else variables need no coercion). */
  readonly hasConditions: boolean;
  /** By concrete type name: the extra fields fetched on every object of that type below the root. */
  readonly extraKeys: ReadonlyMap<string, readonly ExtraFieldKey[]>;
  /** Gateway field key → client response key, to translate execution error paths. */
  readonly clientKeyOf: ReadonlyMap<string, string>;
}
