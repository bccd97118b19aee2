import type { DocumentNode, GraphQLCompositeType, GraphQLField, GraphQLFormattedError, GraphQLObjectType } from "graphql";

/** Why a field is not shown. The message goes to the client verbatim: it must never contain data values. */
export interface FieldDenial {
  code: string;
  message: string;
}

/**
 * Static decision, before execution: may this caller select `parentType.fieldName` at all?
 * `parentType` is the type the selection is written against (a concrete object type or an interface).
 * A selection through an interface is also decided on each of its implementations: a denial on the
 * interface removes it everywhere; a denial on an implementation, on the objects of that type.
 * Never asked about introspection (`__typename`, `__schema`, `__type`, types named `__*`).
 */
export type SelectionRule = (parentType: GraphQLCompositeType, field: GraphQLField<unknown, unknown>) => FieldDenial | null;

export interface ValueRuleInput {
  /** The concrete type of the record. */
  parentTypeName: string;
  fieldName: string;
  /** The record's extra fields (see `ShapeOptions.extraFields`), by field name. Frozen. */
  extras: Readonly<Record<string, unknown>>;
  /** The client's response path of the field, list indices included. */
  path: readonly (string | number)[];
}

/**
 * Post-execution, per record: called once for every allowed field (meta-fields such as `__typename`
 * excepted) of every object whose type has extra fields; a denial withholds that value.
 */
export type ValueRule = (input: ValueRuleInput) => FieldDenial | null;

export interface ElementRuleInput {
  /** The type and field through which the element was reached (e.g. `Survivor.liaisonProfiles`). */
  viaTypeName: string;
  viaFieldName: string;
  /** The element's concrete type. */
  elementTypeName: string;
  /** The element's extra fields, by field name. Frozen. */
  extras: Readonly<Record<string, unknown>>;
  /** The element's client path (its index counts only the elements kept before it). */
  path: readonly (string | number)[];
}

/**
 * Post-execution, per composite value whose type has extra fields: a denial DROPS the element
 * without an error (from a list it is left out; elsewhere the value is null). For fields whose mere
 * presence tells something: an error per dropped element would itself disclose that it exists.
 */
export type ElementRule = (input: ElementRuleInput) => FieldDenial | null;

export interface ShapeOptions {
  selectionRule: SelectionRule;
  /**
   * Scalar fields the gateway needs on objects of a concrete type (e.g. `["survivorId",
   * "ownerOrganizationId"]` on `ResidentProfile`). They are fetched under gateway keys and shown to the
   * client only when the client selected them itself. Each must be a field of the type with a leaf
   * type and no required argument.
   */
  extraFields?: (type: GraphQLObjectType) => readonly string[];
}

export type ResponsePathArray = (string | number)[];

export interface WithheldField {
  path: ResponsePathArray;
  code: string;
  parentTypeName: string;
  fieldName: string;
  extras: Readonly<Record<string, unknown>>;
  /** Set when an element rule dropped a whole element (of this type) reached through `parentTypeName.fieldName`; `extras` are the element's. */
  elementTypeName?: string;
}

/** A value the value rule released and that is present in the rebuilt data (its value may be null). */
export interface ReleasedField {
  path: ResponsePathArray;
  parentTypeName: string;
  fieldName: string;
  extras: Readonly<Record<string, unknown>>;
  /** Set when an element rule kept a whole element (of this type) reached through `parentTypeName.fieldName`; `extras` are the element's. */
  elementTypeName?: string;
}

export interface ExecutedResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

export interface RebuiltResult {
  data: Record<string, unknown> | null;
  errors: GraphQLFormattedError[];
  withheld: WithheldField[];
  released: ReleasedField[];
}

export interface DeniedRootField {
  responseKey: string;
  denial: FieldDenial;
}

export interface ShapedOperation {
  /** The rewritten operation only (fragments inlined), ready for execution. Deeply frozen. */
  readonly document: DocumentNode;
  /** `print(document)`. */
  readonly source: string;
  /** sha256 (hex) of `source`: the query-plan cache key. */
  readonly hash: string;
  readonly operationName: string | null;
  readonly operationType: "query" | "mutation" | "subscription";
  /**
   * How many field selections were removed, entirely or on some implementations of the interface they
   * were selected through (a fragment spread used twice counts twice).
   */
  readonly deniedSelections: number;
  /**
   * For a mutation: the first denied root field in document order, whatever its @skip/@include say.
   * The gateway rejects the whole mutation before it runs.
   */
  readonly deniedRootField: DeniedRootField | null;
  /** Every root selection was denied: skip execution and call `rebuild({ data: {} }, variables)`. */
  readonly nothingToExecute: boolean;
  /**
   * Builds the client's response from the result of executing `document`. Pure: safe to call
   * concurrently with different variables and results.
   * `variables` are the request's variables as the client sent them (coerced here as the executor does).
   * Errors: the gateway's own (denied, withheld) in response order, then the execution errors in
   * client paths. Throws when the result cannot be read as the answer to `document` (a composite
   * value without a possible `__t`, a list where none belongs): the caller must not answer then.
   */
  rebuild(result: ExecutedResult, variables: Record<string, unknown> | undefined, valueRule?: ValueRule, elementRule?: ElementRule): RebuiltResult;
}
