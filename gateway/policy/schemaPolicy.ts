import { Kind, parse, type ConstDirectiveNode, type DocumentNode } from "graphql";
import { ROLES, type Role } from "../../subgraphs/kit/principal.js";
import { isSensitiveCategory, type SensitiveCategory } from "../../subgraphs/kit/sensitive.js";

/**
 * The policy the schema states, read from the supergraph the gateway serves: the project's
 * `@access` and `@survivorRecord` directives (composed with @composeDirective). There is no
 * second list to keep in sync. The API schema used for planning has these stripped, hence
 * reading the supergraph SDL itself.
 */
export interface SchemaPolicy {
  /** Roles allowed on a whole type (`@access` on the type). */
  typeAccess: ReadonlyMap<string, readonly Role[]>;
  /** Roles allowed on one field, keyed `Type.field`. */
  fieldAccess: ReadonlyMap<string, readonly Role[]>;
  /** Types whose objects are survivor records. */
  survivorRecordTypes: ReadonlySet<string>;
  /** Data category of each sensitive field (`@sensitive`), keyed `Type.field`: what the consent rule guards. */
  sensitiveFields: ReadonlyMap<string, SensitiveCategory>;
}

export class SchemaPolicyError extends Error {
  override name = "SchemaPolicyError";
}

function rolesOf(directive: ConstDirectiveNode, where: string): Role[] {
  const argument = directive.arguments?.find((a) => a.name.value === "roles");
  if (!argument || argument.value.kind !== Kind.LIST) throw new SchemaPolicyError(`@access on ${where} has no roles list`);
  return argument.value.values.map((value) => {
    if (value.kind !== Kind.STRING || !(ROLES as readonly string[]).includes(value.value)) {
      // Fail closed at load: a typo in a role name must not silently deny everyone or anyone.
      throw new SchemaPolicyError(`@access on ${where} names an unknown role`);
    }
    return value.value as Role;
  });
}

function categoryOf(directive: ConstDirectiveNode, where: string): SensitiveCategory {
  const argument = directive.arguments?.find((a) => a.name.value === "category");
  if (!argument || argument.value.kind !== Kind.STRING || !isSensitiveCategory(argument.value.value)) {
    // Fail closed at load, as for roles: an unreadable tag must stop the gateway, not pass data.
    throw new SchemaPolicyError(`@sensitive on ${where} names no known category`);
  }
  return argument.value.value;
}

export function readSchemaPolicy(supergraph: string | DocumentNode): SchemaPolicy {
  const document = typeof supergraph === "string" ? parse(supergraph) : supergraph;
  const typeAccess = new Map<string, Role[]>();
  const fieldAccess = new Map<string, Role[]>();
  const survivorRecordTypes = new Set<string>();
  const sensitiveFields = new Map<string, SensitiveCategory>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    const typeName = definition.name.value;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value === "access") typeAccess.set(typeName, [...(typeAccess.get(typeName) ?? []), ...rolesOf(directive, typeName)]);
      if (directive.name.value === "survivorRecord") survivorRecordTypes.add(typeName);
    }
    for (const field of definition.fields ?? []) {
      for (const directive of field.directives ?? []) {
        const key = `${typeName}.${field.name.value}`;
        if (directive.name.value === "access") fieldAccess.set(key, [...(fieldAccess.get(key) ?? []), ...rolesOf(directive, key)]);
        if (directive.name.value === "sensitive") sensitiveFields.set(key, categoryOf(directive, key));
      }
    }
  }
  return { typeAccess, fieldAccess, survivorRecordTypes, sensitiveFields };
}

/** Whether roles pass every `@access` that applies to `Type.field` (none applying: allowed). */
export function rolesAllow(policy: SchemaPolicy, roles: readonly Role[], typeName: string, fieldName: string): boolean {
  const typeRoles = policy.typeAccess.get(typeName);
  const fieldRoles = policy.fieldAccess.get(`${typeName}.${fieldName}`);
  const passes = (allowed: readonly Role[] | undefined) => !allowed || roles.some((role) => allowed.includes(role));
  return passes(typeRoles) && passes(fieldRoles);
}
