import type { ApolloGateway } from "@apollo/gateway";
import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewaySchemaLoadOrUpdateCallback,
  GatewayUnsubscriber,
} from "@apollo/server-gateway-interface";
import { GraphQLError, isInterfaceType, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { LRUCache } from "lru-cache";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import type { Principal } from "../../vocabulary/principal.js";
import type { GatewayContext } from "../context.js";
import { shapeOperation, type ShapedOperation } from "../shaping/shapeOperation.js";
import { invalidAnswerError, publicError } from "../shaping/translateExecutionErrors.js";
import { operationCost } from "../limits/operationCost.js";
import type { OperationLimits } from "../limits/limitRules.js";
import { operationTouches } from "./operationTouches.js";
import { rolesAllow, type SchemaPolicy } from "./schemaPolicy.js";
import type { ConsentEnforcement } from "./consentEnforcement.js";
import type { MutationGate } from "../gates/mutationGate.js";
import type { WriteDisclosure } from "./disclosureLedger.js";

interface PreparedOperation {
  shaped: ShapedOperation;
  touchesSurvivorRecords: boolean;
}

const ROLE_DENIAL = { code: ERROR_CODES.ROLE_FORBIDDEN, message: "Your role does not allow this field" };

/**
 * The policy enforcement point around @apollo/gateway. Apollo Server hands the whole
 * execution to the executor that `load()` returns, so this is the one place that sees every
 * operation before planning and every response before any plugin does.
 *
 * Before planning: the operation is rewritten so that fields the caller's roles do not allow
 * are not in it at all (never fetched), and every response key is the gateway's own (a
 * client alias cannot imitate or hide anything). The rewritten operation carries its own hash,
 * so the query-plan cache can never serve one caller's rewritten plan to another. A mutation
 * with a forbidden root field is refused before it runs. An operation that touches survivor
 * records without a declared purpose is refused.
 *
 * After execution: the response is rebuilt in the client's shape, with forbidden fields
 * null and an error at each one's exact path, and the consent rule decides every sensitive field
 * of every record (see consentEnforcement.ts) before anything else sees the response.
 */
export class PolicyGateway implements GatewayInterface {
  private readonly prepared = new LRUCache<string, PreparedOperation>({ max: 2_000 });

  constructor(
    private readonly inner: ApolloGateway,
    private readonly policy: SchemaPolicy,
    private readonly limits: Pick<OperationLimits, "maxCost">,
    /** The consent rule; null only in the enforcement-off side of the benchmark. */
    private readonly consent: ConsentEnforcement | null,
    /** Called after a mutation ran (it may have written to an outbox the relay carries on). */
    private readonly afterMutation: () => void = () => undefined,
    /** Checks a mutation must pass before it runs, on facts of other subgraphs (e.g. a conflict check). */
    private readonly gates: readonly MutationGate[] = [],
  ) {}

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): GatewayUnsubscriber {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  async stop(): Promise<void> {
    await this.inner.stop();
  }

  async load(options: Parameters<GatewayInterface["load"]>[0]) {
    const { executor } = await this.inner.load(options);
    if (!executor) throw new Error("@apollo/gateway returned no executor");
    return { executor: this.enforcing(executor) };
  }

  private prepare(requestContext: GatewayGraphQLRequestContext, principal: Principal): PreparedOperation {
    // Cached per operation and role set: shaping depends on nothing else.
    const key = `${requestContext.queryHash}\u0000${requestContext.operationName ?? ""}\u0000${[...principal.roles].sort().join(",")}`;
    const cached = this.prepared.get(key);
    if (cached) return cached;
    const schema = requestContext.schema;
    const consent = this.consent;
    const shaped = shapeOperation(schema, requestContext.document, requestContext.operationName, {
      selectionRule: (parentType, field) => {
        if (!this.allows(schema, principal, parentType.name, field.name)) return ROLE_DENIAL;
        return consent?.staticDenial(principal.roles, parentType.name, field.name) ?? null;
      },
      ...(consent ? { extraFields: consent.extraFields } : {}),
    });
    const prepared = { shaped, touchesSurvivorRecords: operationTouches(schema, requestContext.document, this.policy.survivorRecordTypes) };
    this.prepared.set(key, prepared);
    return prepared;
  }

  private allows(schema: GraphQLSchema, principal: Principal, typeName: string, fieldName: string): boolean {
    if (!rolesAllow(this.policy, principal.roles, typeName, fieldName)) return false;
    // Through an interface, a field must be allowed on every type that could answer it.
    const type = schema.getType(typeName);
    if (isInterfaceType(type)) {
      return schema.getPossibleTypes(type).every((impl) => rolesAllow(this.policy, principal.roles, impl.name, fieldName));
    }
    return true;
  }

  private enforcing(execute: GatewayExecutor): GatewayExecutor {
    return async (requestContext) => {
      const context = requestContext.context as GatewayContext;
      const { shaped, touchesSurvivorRecords } = this.prepare(requestContext, context.principal);

      if (touchesSurvivorRecords && !context.principal.purpose) {
        return {
          errors: [
            new GraphQLError("This operation reads survivor records: declare its purpose in the X-Purpose-Of-Use header", {
              extensions: { code: ERROR_CODES.PURPOSE_REQUIRED, http: { status: 400 } },
            }),
          ],
        };
      }
      // Cost needs the variables (page sizes), so it is checked here rather than in validation;
      // still before planning, and on what the client asked, not on what is left of it.
      const variables = requestContext.request.variables ?? {};
      const cost = operationCost(requestContext.schema, requestContext.operation, fragmentsOf(requestContext.document), variables);
      if (cost > this.limits.maxCost) {
        return {
          errors: [
            new GraphQLError(`Operation cost ${cost} exceeds the limit of ${this.limits.maxCost}; ask for smaller pages`, {
              extensions: { code: ERROR_CODES.OPERATION_TOO_COSTLY, http: { status: 400 } },
            }),
          ],
        };
      }
      if (shaped.deniedRootField) {
        return {
          errors: [
            new GraphQLError(shaped.deniedRootField.denial.message, {
              path: [shaped.deniedRootField.responseKey],
              // Apollo Server turns extensions.http into the response status and strips it.
              extensions: { code: shaped.deniedRootField.denial.code, http: { status: 403 } },
            }),
          ],
        };
      }

      // What the gates let the mutation disclose to other organisations, for the ledger entry of its response.
      const writes: WriteDisclosure[] = [];
      if (shaped.operationType === "mutation" && !shaped.nothingToExecute) {
        for (const gate of this.gates) {
          const verdict = await gate({
            schema: requestContext.schema,
            operation: shaped.document.definitions[0] as OperationDefinitionNode,
            variables,
            principal: context.principal,
            emergencyJustification: context.emergencyJustification,
            requestId: context.requestId,
          });
          if (verdict instanceof GraphQLError) return { errors: [verdict] };
          if (verdict) writes.push(...verdict.disclosures);
        }
      }
      const result = shaped.nothingToExecute
        ? { data: {} }
        : await execute({
            ...requestContext,
            document: shaped.document,
            source: shaped.source,
            queryHash: shaped.hash,
            operation: shaped.document.definitions[0] as GatewayGraphQLRequestContext["operation"],
            // The executor reads `operationName` to pick the operation; the shaped document holds exactly one.
          } as GatewayGraphQLRequestContext);
      if (shaped.operationType === "mutation" && !shaped.nothingToExecute) this.afterMutation();
      // No data at all: the request failed before execution (e.g. variables that do not
      // coerce). Nothing was fetched; pass it on as is so that Apollo Server answers 400.
      if (result.data === undefined) return result;
      // Apollo reports values it had to null after the subgraphs answered (a record without its key,
      // a null where none may be) as `extensions.valueCompletion`, not as errors: they become errors
      // at their paths, with a code, and the extension (whose paths name gateway keys) is not passed on.
      const { valueCompletion, ...extensions } = result.extensions ?? {};
      const completionErrors = Array.isArray(valueCompletion) ? (valueCompletion as { path?: readonly (string | number)[] }[]) : [];
      const executed = {
        data: result.data ?? null,
        errors: [
          ...(result.errors ?? []).map((e) => ("toJSON" in e ? e.toJSON() : e)),
          ...completionErrors.map((e) => invalidAnswerError(e.path)),
        ],
      };
      const caller = {
        principal: context.principal,
        emergencyJustification: context.emergencyJustification,
        requestId: context.requestId,
        operationName: shaped.operationName,
      };
      const rebuilt = this.consent ? await this.consent.enforce(shaped, executed, variables, caller, writes) : shaped.rebuild(executed, variables);
      return {
        data: rebuilt.data,
        ...(rebuilt.errors.length ? { errors: rebuilt.errors.map((error) => toGraphQLError(publicError(error))) } : {}),
        ...(Object.keys(extensions).length ? { extensions } : {}),
      };
    };
  }
}

function toGraphQLError(error: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }): GraphQLError {
  return new GraphQLError(error.message, { path: error.path, extensions: error.extensions });
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
}
