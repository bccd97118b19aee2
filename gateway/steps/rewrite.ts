/**
 * useRewrite: the operation as the gateway will run it, before planning (gateway/shaping/): every
 * response key replaced by the gateway's own (no client alias can imitate or hide a field), every
 * field the caller's roles do not allow removed (never fetched), and so is every sensitive field of
 * a category none of the caller's roles may ever see; the fields the consent rule needs on records
 * are added. The rewritten operation carries its own hash, so the query-plan cache can never serve
 * one caller's plan to another. Also notes whether the operation reaches a survivor record.
 * Cached per operation and role set: nothing else changes the result.
 *
 * Refuses nothing itself: the steps after it read what it found (usePurposeRequired, useRootDenial).
 */
import type { GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import { isInterfaceType, type GraphQLSchema } from "graphql";
import { LRUCache } from "lru-cache";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import type { Principal } from "../../vocabulary/principal.js";
import type { ConsentEnforcement } from "../policy/consentEnforcement.js";
import { operationTouches } from "../policy/operationTouches.js";
import { rolesAllow, type SchemaPolicy } from "../policy/schemaPolicy.js";
import { shapeOperation, type ShapedOperation } from "../shaping/shapeOperation.js";
import type { OperationStep } from "./step.js";

interface PreparedOperation {
  shaped: ShapedOperation;
  touchesSurvivorRecords: boolean;
}

const ROLE_DENIAL = { code: ERROR_CODES.ROLE_FORBIDDEN, message: "Your role does not allow this field" };

export function useRewrite(options: { policy: SchemaPolicy; consent: ConsentEnforcement | null }): OperationStep {
  const prepared = new LRUCache<string, PreparedOperation>({ max: 2_000 });
  return (state) => {
    const { request, context } = state;
    const key = `${request.queryHash}\u0000${request.operationName ?? ""}\u0000${[...context.principal.roles].sort().join(",")}`;
    let operation = prepared.get(key);
    if (operation === undefined) prepared.set(key, (operation = prepare(request, context.principal, options)));
    state.shaped = operation.shaped;
    state.touchesSurvivorRecords = operation.touchesSurvivorRecords;
    return undefined;
  };
}

function prepare(
  request: GatewayGraphQLRequestContext,
  principal: Principal,
  { policy, consent }: { policy: SchemaPolicy; consent: ConsentEnforcement | null },
): PreparedOperation {
  const schema = request.schema;
  const shaped = shapeOperation(schema, request.document, request.operationName, {
    selectionRule: (parentType, field) => {
      if (!allows(policy, schema, principal, parentType.name, field.name)) return ROLE_DENIAL;
      return consent?.staticDenial(principal.roles, parentType.name, field.name) ?? null;
    },
    ...(consent ? { extraFields: consent.extraFields } : {}),
  });
  return { shaped, touchesSurvivorRecords: operationTouches(schema, request.document, policy.survivorRecordTypes) };
}

function allows(policy: SchemaPolicy, schema: GraphQLSchema, principal: Principal, typeName: string, fieldName: string): boolean {
  if (!rolesAllow(policy, principal.roles, typeName, fieldName)) return false;
  // Through an interface, a field must be allowed on every type that could answer it.
  const type = schema.getType(typeName);
  if (isInterfaceType(type)) {
    return schema.getPossibleTypes(type).every((impl) => rolesAllow(policy, principal.roles, impl.name, fieldName));
  }
  return true;
}
