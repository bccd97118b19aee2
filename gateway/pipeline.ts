/**
 * The gateway's request pipeline: every step a request passes, in the order it passes them, read
 * top to bottom. Each step is a small factory in gateway/steps/ whose file says what it does and
 * what it may refuse with which code. A request meets three places where the gateway acts:
 *
 *  1. the HTTP edge, before GraphQL sees anything (`callerSteps`): a refusal is an HTTP error;
 *  2. Apollo Server's parsing and validation (`parseAndValidate`): the structural limits;
 *  3. the executor, once per operation (`operationSteps`, run by PolicyGateway): a refusal is a
 *     GraphQL answer; everything after planning decides what of the answer leaves.
 *
 * Every error then passes Apollo Server's formatError (`formatError`) on its way out.
 * `startGateway` (server.ts) builds the dependencies and wires this; it holds no request logic.
 */
import type { ApolloGateway } from "@apollo/gateway";
import type { GatewayExecutor } from "@apollo/server-gateway-interface";
import type { IncomingMessage } from "node:http";
import type { AssertionSigner } from "../platform/assertion.js";
import type { Logger } from "../platform/logger.js";
import type { TokenVerifier } from "./auth/verifyToken.js";
import type { GatewayConfig } from "./config.js";
import type { GatewayContext } from "./context.js";
import { formatGatewayError } from "./errors/formatGatewayError.js";
import type { MutationGate } from "./gates/mutationGate.js";
import { operationLimitRules } from "./limits/limitRules.js";
import type { RateLimits } from "./limits/rateLimits.js";
import type { ConsentEnforcement } from "./policy/consentEnforcement.js";
import { PolicyGateway } from "./policy/policyGateway.js";
import type { SchemaPolicy } from "./policy/schemaPolicy.js";
import type { PrincipalResolver } from "./principals/principalResolver.js";
import { useAddressRateLimit } from "./steps/addressRateLimit.js";
import { useAfterMutation } from "./steps/afterMutation.js";
import { useAuthenticate } from "./steps/authenticate.js";
import { useBatchLimits } from "./steps/batchLimits.js";
import { useCallerRateLimit } from "./steps/callerRateLimit.js";
import { useCompletionErrors } from "./steps/completionErrors.js";
import { useCostLimit } from "./steps/costLimit.js";
import { useDecide } from "./steps/decide.js";
import { useFacts } from "./steps/facts.js";
import { useGates } from "./steps/gates.js";
import { useLedger } from "./steps/ledger.js";
import { useMembership } from "./steps/membership.js";
import { usePlanAndFetch } from "./steps/planAndFetch.js";
import { usePurpose } from "./steps/purpose.js";
import { usePurposeRequired } from "./steps/purposeRequired.js";
import { useRebuild } from "./steps/rebuild.js";
import { useRespond } from "./steps/respond.js";
import { useRewrite } from "./steps/rewrite.js";
import { useRootDenial } from "./steps/rootDenial.js";
import { runCallerSteps, type CallerStep, type OperationStep } from "./steps/step.js";

export interface PipelineDependencies {
  config: Pick<GatewayConfig, "limits" | "maxBatchOperations" | "trustedProxyHops" | "clientTokens">;
  /** The identity provider's tokens and the gateway's own partner-app tokens. */
  tokenVerifier: TokenVerifier;
  rateLimits: RateLimits;
  /** Live membership, from the network subgraph. */
  principals: PrincipalResolver;
  /** What the supergraph says: roles, sensitive fields, survivor records. */
  policy: SchemaPolicy;
  /** The consent rule; null only in the enforcement-off side of the benchmark. */
  consent: ConsentEnforcement | null;
  /** Checks a mutation must pass before it runs, on facts of other subgraphs. */
  gates: readonly MutationGate[];
  /** Called after a mutation ran (it may have written to an outbox the workers' relay carries on). */
  afterMutation: () => void;
  /** Signs each subgraph fetch's assertion (carried in the request's context). */
  signer: AssertionSigner;
  logger: Logger;
}

/**
 * What of the fetched answer leaves: the consent rule's four steps, in this order (the executor
 * runs them between useCompletionErrors and useRespond; the unit tests run this same list on one
 * response): which records the answer holds and their facts, the rule for this caller, the answer
 * rebuilt with each decision, and the ledger entry of what that rebuilt answer releases.
 */
export function consentSteps(consent: ConsentEnforcement | null): readonly OperationStep[] {
  return [useFacts({ consent }), useDecide({ consent }), useRebuild({ consent }), useLedger({ consent })];
}

export function requestPipeline(deps: PipelineDependencies) {
  const { config, consent } = deps;

  // 1. At the HTTP edge: may this caller ask, who is it, why does it ask, may it ask now.
  const callerSteps: readonly CallerStep[] = [
    useBatchLimits({ maxBatchOperations: config.maxBatchOperations, limits: config.limits }),
    useAddressRateLimit({ rateLimits: deps.rateLimits, trustedProxyHops: config.trustedProxyHops }),
    useAuthenticate({ tokenVerifier: deps.tokenVerifier }),
    usePurpose(),
    useMembership({ principals: deps.principals, clientTokenIssuer: config.clientTokens.issuer }),
    useCallerRateLimit({ rateLimits: deps.rateLimits }),
  ];

  // 2. Apollo Server parses (counting tokens while parsing) and validates, with the structural
  //    limits (gateway/limits/limitRules.ts). Refuses with HTTP 400: TOO_MANY_TOKENS,
  //    OPERATION_TOO_DEEP, TOO_MANY_ALIASES, TOO_MANY_DIRECTIVES, TOO_MANY_ROOT_FIELDS.
  const parseAndValidate = { parseOptions: { maxTokens: config.limits.maxTokens }, validationRules: operationLimitRules(config.limits) };

  // 3. In the executor, per operation: before planning, then planning and fetching, then what leaves.
  const operationSteps = (execute: GatewayExecutor): readonly OperationStep[] => [
    useRewrite({ policy: deps.policy, consent }),
    usePurposeRequired(),
    useCostLimit({ maxCost: config.limits.maxCost }),
    useRootDenial(),
    useGates({ gates: deps.gates }),
    usePlanAndFetch({ execute }),
    useAfterMutation({ afterMutation: deps.afterMutation }),
    useCompletionErrors(),
    ...consentSteps(consent),
    useRespond(),
  ];

  // 4. Every error on its way out: stable codes through, any other text masked (gateway/errors/).
  const formatError = formatGatewayError(deps.logger);

  return {
    /** For the HTTP server: the request's context, or the first caller step's refusal. */
    authenticate: (req: IncomingMessage, body: unknown, _url: URL, requestId: string): Promise<GatewayContext> =>
      runCallerSteps(callerSteps, { req, body, requestId, operations: Array.isArray(body) ? body.length : 1 }, deps.signer),
    /** For Apollo Server's options. */
    apolloOptions: { ...parseAndValidate, formatError },
    /** For Apollo Server: @apollo/gateway, with the operation steps around its executor. */
    gateway: (inner: ApolloGateway) => new PolicyGateway(inner, operationSteps),
  };
}
