import {
  getVariableValues,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLCompositeType,
  type GraphQLFormattedError,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from "graphql";
import { GATEWAY_TYPENAME_KEY } from "./gatewayKeys.js";
import { PathSet } from "./PathSet.js";
import { addPath, pathToArray, type ResponsePath } from "./ResponsePath.js";
import type { FieldPlan, OperationPlan, SelectionPlan } from "./selectionPlan.js";
import { shouldIncludeSelection } from "./shouldIncludeSelection.js";
import { translateExecutionErrors } from "./translateExecutionErrors.js";
import type { ElementRule, ExecutedResult, FieldDenial, RebuiltResult, ReleasedField, ValueRule, WithheldField } from "./types.js";

/** A null that must go on to the nearest nullable ancestor, as a non-null violation does in GraphQL. */
const PROPAGATE: unique symbol = Symbol("null propagates to the parent");
type Propagate = typeof PROPAGATE;
/**
 * An element the element rule dropped: left out of its list, or null (without an error) at the
 * nearest nullable field. Through non-null fields it goes up as a whole, as a null would, but without
 * a trace: the object that held a dropped non-null record is dropped in turn, so that nothing of it
 * (an error, a sibling field, a gap) says that something was there.
 */
const DROP: unique symbol = Symbol("element dropped");
type Drop = typeof DROP;

/** The field a value was reached through, for the element rule. */
interface Via {
  typeName: string;
  fieldName: string;
}

/**
 * Turns the result of the rewritten operation into the response the client's own operation would
 * have had from a GraphQL server: the client's keys and merging, its fragments and @skip/@include,
 * with denied and withheld fields null and explained. Reads only keys the gateway chose.
 */
export function rebuildResponse(
  schema: GraphQLSchema,
  plan: OperationPlan,
  nothingToExecute: boolean,
  result: ExecutedResult,
  variables: Record<string, unknown> | undefined,
  valueRule: ValueRule | undefined,
  elementRule?: ElementRule,
): RebuiltResult {
  const executionErrors = result.errors ?? [];
  const root = result.data ?? (nothingToExecute ? {} : null);
  if (root === null) {
    return { data: null, errors: translateExecutionErrors(executionErrors, plan.clientKeyOf, new PathSet()), withheld: [], released: [] };
  }
  const rebuilder = new ResponseRebuilder(schema, plan, coerceVariables(schema, plan, variables), valueRule, elementRule);
  const data = rebuilder.rebuildRoot(root);
  const nulled = new PathSet();
  for (const path of rebuilder.nulledPaths) nulled.add(path);
  // Execution errors under a list that lost elements are dropped too: their indices count the
  // elements the subgraphs answered, and one of those may be a record the caller may not know of.
  const silenced = new PathSet();
  for (const path of [...rebuilder.nulledPaths, ...rebuilder.droppedListPaths]) silenced.add(path);
  return {
    data,
    errors: [...rebuilder.errors, ...translateExecutionErrors(executionErrors, plan.clientKeyOf, silenced, data)],
    withheld: rebuilder.withheld,
    // A value released by the rule but then nulled with its parent (a non-null sibling was denied) never left.
    released: rebuilder.released.filter((field) => !nulled.covers(field.path)),
  };
}

/**
 * The field's type as the object's own type declares it, which is what the executor completes with:
 * an implementation may narrow an interface's field (`String` to `String!`), and then a null there
 * propagates.
 */
function fieldTypeOn(type: GraphQLObjectType, plan: FieldPlan): GraphQLOutputType {
  if (plan.fieldName.startsWith("__")) return plan.returnType;
  return type.getFields()[plan.fieldName]?.type ?? plan.returnType;
}

function coerceVariables(schema: GraphQLSchema, plan: OperationPlan, variables: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!plan.hasConditions) return {};
  const coerced = getVariableValues(schema, plan.variableDefinitions, variables ?? {});
  // The executor refused these variables, so there can be no data to rebuild: a caller mixed up requests.
  if (coerced.errors !== undefined) throw new Error("The variables do not coerce against the operation's variable definitions");
  return coerced.coerced;
}

class ResponseRebuilder {
  readonly errors: GraphQLFormattedError[] = [];
  readonly withheld: WithheldField[] = [];
  readonly released: ReleasedField[] = [];
  /** Every position the gateway made null: denied, withheld, or reached by their null propagating. */
  readonly nulledPaths: (string | number)[][] = [];
  /** Every list (client path) from which an element was dropped. */
  readonly droppedListPaths: (string | number)[][] = [];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly plan: OperationPlan,
    private readonly variables: Record<string, unknown>,
    private readonly valueRule: ValueRule | undefined,
    private readonly elementRule: ElementRule | undefined,
  ) {}

  rebuildRoot(root: Record<string, unknown>): Record<string, unknown> | null {
    const data = this.completeObject(this.plan.rootType, root, [this.plan.selections], undefined, false);
    if (data !== PROPAGATE && data !== DROP) return data;
    this.nulledPaths.push([]);
    return null;
  }

  private completeObject(
    type: GraphQLObjectType,
    source: Record<string, unknown>,
    selectionSets: readonly (readonly SelectionPlan[])[],
    path: ResponsePath | undefined,
    isRecord: boolean,
  ): Record<string, unknown> | Propagate | Drop {
    const fields = new Map<string, FieldPlan[]>();
    for (const selections of selectionSets) this.collectFields(selections, type, fields);
    const extras = isRecord ? this.extrasOf(type, source) : null;
    // No prototype, as in graphql-js: a client key such as `__proto__` is just a key.
    const object = Object.create(null) as Record<string, unknown>;
    for (const [responseKey, plans] of fields) {
      const value = this.completeField(type, source, plans, addPath(path, responseKey), extras);
      if (value === PROPAGATE || value === DROP) return value;
      object[responseKey] = value;
    }
    return object;
  }

  /** graphql-js `collectFields`, over the client's selections, for an object of concrete `type`. */
  private collectFields(selections: readonly SelectionPlan[], type: GraphQLObjectType, fields: Map<string, FieldPlan[]>): void {
    for (const selection of selections) {
      if (!shouldIncludeSelection(selection.conditions, this.variables)) continue;
      if (selection.kind === "field") {
        const group = fields.get(selection.responseKey);
        if (group === undefined) fields.set(selection.responseKey, [selection]);
        else group.push(selection);
      } else if (this.fragmentApplies(selection.typeCondition, type)) {
        this.collectFields(selection.selections, type, fields);
      }
    }
  }

  private fragmentApplies(typeCondition: GraphQLCompositeType | null, type: GraphQLObjectType): boolean {
    if (typeCondition === null || typeCondition === type) return true;
    return isAbstractType(typeCondition) && this.schema.isSubType(typeCondition, type);
  }

  /** One response entry: every selection of one client key that applies to this object. */
  private completeField(
    parentType: GraphQLObjectType,
    source: Record<string, unknown>,
    plans: readonly FieldPlan[],
    path: ResponsePath,
    extras: Readonly<Record<string, unknown>> | null,
  ): unknown {
    const first = plans[0];
    if (first === undefined) throw new Error("A response entry without selections");
    const returnType = fieldTypeOn(parentType, first);
    // Fail closed: if any selection merged into this entry is denied for this object, the entry is
    // denied, even when another selection of the same field (through another type condition) was allowed.
    for (const plan of plans) {
      const denial = plan.denial ?? plan.deniedFor?.get(parentType.name) ?? null;
      if (denial !== null) return this.nullify(path, denial, returnType);
    }

    if (extras !== null && this.valueRule !== undefined && !first.fieldName.startsWith("__")) {
      const input = { parentTypeName: parentType.name, fieldName: first.fieldName, extras };
      const denial = this.valueRule({ ...input, path: Object.freeze(pathToArray(path)) });
      if (denial !== null) {
        const copy = { code: String(denial.code), message: String(denial.message) };
        this.withheld.push({ ...input, path: pathToArray(path), code: copy.code });
        return this.nullify(path, copy, returnType);
      }
      this.released.push({ ...input, path: pathToArray(path) });
    }

    if (first.gatewayKey === null) throw new Error("An allowed selection without a gateway key");
    const via = { typeName: parentType.name, fieldName: first.fieldName };
    const value = this.completeValue(returnType, source[first.gatewayKey], plans, path, via);
    if (value !== PROPAGATE && value !== DROP) return value;
    if (isNonNullType(returnType)) return value;
    this.nulledPaths.push(pathToArray(path));
    return null;
  }

  private nullify(path: ResponsePath, denial: FieldDenial, type: GraphQLOutputType): null | Propagate {
    const pathArray = pathToArray(path);
    this.errors.push({ message: denial.message, path: pathArray, extensions: { code: denial.code } });
    this.nulledPaths.push(pathArray);
    return isNonNullType(type) ? PROPAGATE : null;
  }

  private completeValue(type: GraphQLOutputType, value: unknown, plans: readonly FieldPlan[], path: ResponsePath, via: Via): unknown {
    if (isNonNullType(type)) {
      const completed = this.completeValue(type.ofType, value, plans, path, via);
      return completed === null ? PROPAGATE : completed; // DROP goes up as it is
    }
    // The executor has already answered null here (or, for a missing key, nothing): null.
    if (value === null || value === undefined) return null;
    if (isListType(type)) {
      if (!Array.isArray(value)) throw new Error(`The result holds a non-list value for a list of ${type.ofType.toString()}`);
      const items: unknown[] = [];
      for (const element of value) {
        // Indices count the elements kept: a dropped element leaves no gap.
        const itemPath = addPath(path, items.length);
        const item = this.completeValue(type.ofType, element, plans, itemPath, via);
        if (item === DROP) {
          this.droppedListPaths.push(pathToArray(path));
          continue;
        }
        if (item !== PROPAGATE) {
          items.push(item);
        } else if (isNonNullType(type.ofType)) {
          return PROPAGATE;
        } else {
          this.nulledPaths.push(pathToArray(itemPath));
          items.push(null);
        }
      }
      return items;
    }
    if (isLeafType(type)) return value;
    if (typeof value !== "object" || Array.isArray(value)) throw new Error(`The result holds a non-object value for type ${type.name}`);
    const record = value as Record<string, unknown>;
    const runtimeType = this.runtimeType(type, record);
    // What an element leaves in the answer, to take back if a record inside it is dropped and takes
    // it along (its refusals stay: the ledger records what was refused, shown or not).
    const marks = { released: this.released.length, errors: this.errors.length, nulled: this.nulledPaths.length, lists: this.droppedListPaths.length };
    if (this.elementRule !== undefined && this.elementDropped(runtimeType, record, path, via)) return DROP;
    const completed = this.completeObject(
      runtimeType,
      record,
      plans.map((plan) => plan.selections),
      path,
      true,
    );
    if (completed === DROP) {
      this.released.length = marks.released;
      this.errors.length = marks.errors;
      this.nulledPaths.length = marks.nulled;
      this.droppedListPaths.length = marks.lists;
    }
    return completed;
  }

  /** Asks the element rule about a record (a value whose type has extra fields); records its answer. */
  private elementDropped(type: GraphQLObjectType, record: Record<string, unknown>, path: ResponsePath, via: Via): boolean {
    const extras = this.extrasOf(type, record);
    if (extras === null || this.elementRule === undefined) return false;
    const input = { viaTypeName: via.typeName, viaFieldName: via.fieldName, elementTypeName: type.name, extras };
    const denial = this.elementRule({ ...input, path: Object.freeze(pathToArray(path)) });
    const entry = { path: pathToArray(path), parentTypeName: via.typeName, fieldName: via.fieldName, extras, elementTypeName: type.name };
    if (denial === null) {
      this.released.push(entry);
      return false;
    }
    this.withheld.push({ ...entry, code: String(denial.code) });
    return true;
  }

  /** The concrete type, from the `__typename` the gateway asked for itself (never a client key). */
  private runtimeType(type: GraphQLCompositeType, record: Record<string, unknown>): GraphQLObjectType {
    const typename = record[GATEWAY_TYPENAME_KEY];
    if (isObjectType(type)) {
      if (typename !== undefined && typename !== type.name) throw new Error(`The result holds an object of another type where ${type.name} is expected`);
      return type;
    }
    const runtimeType = typeof typename === "string" ? this.schema.getType(typename) : undefined;
    if (!isObjectType(runtimeType) || !this.schema.isSubType(type, runtimeType)) {
      throw new Error(`The result holds an object without a possible type of ${type.name}`);
    }
    return runtimeType;
  }

  private extrasOf(type: GraphQLObjectType, source: Record<string, unknown>): Readonly<Record<string, unknown>> | null {
    if (this.valueRule === undefined && this.elementRule === undefined) return null;
    const keys = this.plan.extraKeys.get(type.name);
    if (keys === undefined) return null;
    const extras: Record<string, unknown> = {};
    for (const { fieldName, gatewayKey } of keys) extras[fieldName] = source[gatewayKey] ?? null;
    return Object.freeze(extras);
  }
}
