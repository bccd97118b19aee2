import type { IncomingMessage } from "node:http";
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import type { Principal, Purpose } from "../../vocabulary/principal.js";
import type { AssertionSigner } from "../../platform/assertion.js";
import type { Decider } from "../policy/consentEnforcement.js";
import type { WriteDisclosure } from "../policy/disclosureLedger.js";
import type { VerifiedToken } from "../auth/verifyToken.js";
import type { GatewayContext } from "../context.js";
import type { ExecutedResult, RebuiltResult, ShapedOperation } from "../shaping/shapeOperation.js";
import type { DecisionFacts, RecordRef } from "../../policy/facts.js";

/**
 * The two kinds of step of the request pipeline (gateway/pipeline.ts lists them in order) and what
 * they pass on. No framework: a step is a function of the request's state, and a list of them runs
 * in order until one ends the request.
 */

/** What the HTTP edge knows of a request, before GraphQL sees it; each caller step adds to it. */
export interface CallerState {
  readonly req: IncomingMessage;
  readonly body: unknown;
  readonly requestId: string;
  /** A batch counts as many requests as it holds operations. */
  readonly operations: number;
  token?: VerifiedToken;
  purpose?: Purpose | null;
  emergencyJustification?: string | null;
  principal?: Principal;
}

/** A step at the HTTP edge. It refuses by throwing an error with an HTTP status and a code (see platform/http.ts). */
export type CallerStep = (state: CallerState) => void | Promise<void>;

/** Runs the caller steps in order and gives the request's context, or throws the first refusal. */
export async function runCallerSteps(steps: readonly CallerStep[], state: CallerState, signer: AssertionSigner): Promise<GatewayContext> {
  for (const step of steps) await step(state);
  const principal = required(state.principal, "principal");
  return { principal, emergencyJustification: state.emergencyJustification ?? null, requestId: state.requestId, signer };
}

/** What the executor knows of one operation; each operation step reads what the steps before it left. */
export interface OperationState {
  readonly request: GatewayGraphQLRequestContext;
  readonly context: GatewayContext;
  readonly variables: Record<string, unknown>;
  /** The rewritten operation (useRewrite). */
  shaped?: ShapedOperation;
  /** Whether the operation reaches a survivor record (useRewrite). */
  touchesSurvivorRecords?: boolean;
  /** What the gates let a mutation disclose to other organisations (useGates), for the ledger. */
  writes: WriteDisclosure[];
  /** The executor's answer, as @apollo/gateway gave it (usePlanAndFetch). */
  result?: GatewayExecutionResult;
  /** The executed data and errors, in the gateway's keys (useCompletionErrors). */
  executed?: ExecutedResult;
  /** The executor's extensions that are passed on to the client. */
  extensions?: Record<string, unknown>;
  /** The response rebuilt recording, without deciding, which records it holds (useFacts). */
  recorded?: RebuiltResult;
  /** The survivor records, sensitive fields and presence elements of the response (useFacts). */
  records?: RecordRef[];
  facts?: DecisionFacts;
  /** The rule for this caller, these facts and this instant (useDecide). */
  decider?: Decider;
  /** The response in the client's shape (useRebuild), as the ledger left it (useLedger). */
  rebuilt?: RebuiltResult;
}

/**
 * A step in the executor. It answers the operation itself (a refusal, or an answer passed on as it
 * is) by returning a result, which ends the operation; it returns nothing to let the next step run.
 */
export type OperationStep = (state: OperationState) => GatewayExecutionResult | undefined | Promise<GatewayExecutionResult | undefined>;

/** Runs the operation steps in order until one answers. */
export async function runOperationSteps(steps: readonly OperationStep[], state: OperationState): Promise<GatewayExecutionResult> {
  for (const step of steps) {
    const answer = await step(state);
    if (answer !== undefined) return answer;
  }
  throw new Error("No step of the pipeline answered the operation");
}

/** What an earlier step must have left; its absence means the pipeline's list is out of order. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The pipeline reached a step that needs ${what} before a step had set it`);
  return value;
}
