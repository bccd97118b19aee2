import { getArgumentValues, GraphQLError, Kind, type FieldNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionNode } from "graphql";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import type { Principal } from "../../vocabulary/principal.js";
import { DECISION_CODES } from "../../policy/decisionCodes.js";
import type { WriteDisclosure } from "../policy/disclosureLedger.js";

/**
 * A step that needs facts from other subgraphs before it may run, checked by the gateway (the only
 * caller every subgraph trusts) before the mutation executes: a legal-aid organisation accepts a
 * referral only after recording a conflict-of-interest check that clears it (issue 7); a write that
 * names a survivor or a referral runs only for a caller who may know it, and one that discloses a
 * survivor to another organisation only when the rule would release them to it (issues 12, 20).
 * Fails closed: when a fact cannot be had, the mutation does not run.
 *
 * Answers null (nothing to check, or nothing against it), a refusal (the whole operation is
 * refused, nothing runs), or an approval naming what the write discloses, for the ledger.
 */
export type MutationGate = (input: GateInput) => Promise<GraphQLError | GateApproval | null>;

export interface GateInput {
  schema: GraphQLSchema;
  /** The shaped operation (fragments inlined), as it will execute. */
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  principal: Principal;
  /** The written justification sent with purpose EMERGENCY; null when none. */
  emergencyJustification: string | null;
  requestId: string;
}

export interface GateApproval {
  readonly disclosures: readonly WriteDisclosure[];
}

/** Root fields of that name, also inside inline fragments on the root (named ones are inlined by then). */
export function rootFields(selections: readonly SelectionNode[], name: string): FieldNode[] {
  return selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === name ? [selection] : [];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet.selections, name);
    return [];
  });
}

/** The arguments of each mutation root field of that name; null for one whose arguments do not coerce (the executor reports it, nothing runs). */
export function rootFieldArguments(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  name: string,
): (Record<string, unknown> | null)[] {
  const field = schema.getMutationType()?.getFields()[name];
  if (!field) return [];
  return rootFields(operation.selectionSet.selections, name).map((node) => {
    try {
      return getArgumentValues(field, node, variables);
    } catch {
      return null;
    }
  });
}

/** The gate could not have its facts: nothing ran. */
export function policyUnavailable(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: DECISION_CODES.POLICY_UNAVAILABLE, http: { status: 503 } } });
}

/**
 * The one answer for a record the caller may not know and for one that does not exist: a fixed
 * message naming the argument, never an id, so the two cannot be told apart.
 */
export function notFound(message: string, argumentName: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ERROR_CODES.NOT_FOUND, argumentName } });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A well-formed id, lower-cased as the subgraphs store it; null for anything else (the subgraph refuses it as input). */
export function uuidOrNull(value: unknown): string | null {
  return typeof value === "string" && UUID.test(value) ? value.toLowerCase() : null;
}
