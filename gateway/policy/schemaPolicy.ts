import { Kind, parse, type ConstDirectiveNode, type DocumentNode } from "graphql";
import { leafTypeNames, namedTypeOf, sdlTypes } from "../../platform/sdlTypes.js";
import { ROLES, type Role } from "../../vocabulary/principal.js";
import { isSensitiveCategory, ORGANIZATION_CATEGORIES, OWNER_FIELD, SUBJECT_FIELD, type SensitiveCategory } from "../../vocabulary/categories.js";

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
  /**
   * The field holding the owner of each sensitive value, keyed `Type.field`, where `@sensitive(owner:)`
   * names one: free text is owned by the organisation that wrote it, not by the record's owner.
   * Absent: the record's `ownerOrganizationId` (see `ownerFieldOf`).
   */
  sensitiveOwners: ReadonlyMap<string, string>;
  /**
   * Sensitive fields whose value is a record (or a list of records) rather than a scalar: their mere
   * presence tells something (`Survivor.liaisonProfiles`). Keyed `Type.field`, valued by the element
   * type. Decided per element, on the element's own subject and owner.
   */
  presenceFields: ReadonlyMap<string, string>;
  /**
   * The types whose objects the consent rule decides on, with the fields the gateway fetches on each
   * to know the record (`id` where there is one, `survivorId`, `ownerOrganizationId`).
   */
  recordFields: ReadonlyMap<string, readonly string[]>;
  /**
   * The survivor records whose very existence the rule decides (policy/existence.ts): every
   * `@survivorRecord` type with an owner. Each names the field that holds its subject (`survivorId`,
   * or `id` for the survivor's own record) and the fields naming the other parties it is addressed to
   * (`@survivorRecord(parties:)`). Their fields are in `recordFields` too.
   */
  existenceRecords: ReadonlyMap<string, ExistenceShape>;
}

export interface ExistenceShape {
  subjectField: string;
  partyFields: readonly string[];
}

/** The fields that name a record for the rule: its id, its subject, its owner. */
const RECORD_KEY_FIELDS = ["id", SUBJECT_FIELD, OWNER_FIELD] as const;

/** The field of `Type` that holds the owner of the sensitive value `Type.field`. */
export function ownerFieldOf(policy: Pick<SchemaPolicy, "sensitiveOwners">, typeName: string, fieldName: string): string {
  return policy.sensitiveOwners.get(`${typeName}.${fieldName}`) ?? OWNER_FIELD;
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

function partiesOf(directive: ConstDirectiveNode, where: string): string[] {
  const argument = directive.arguments?.find((a) => a.name.value === "parties");
  if (argument === undefined) return [];
  if (argument.value.kind !== Kind.LIST) throw new SchemaPolicyError(`@survivorRecord on ${where}: parties must be a list of field names`);
  return argument.value.values.map((value) => {
    if (value.kind !== Kind.STRING) throw new SchemaPolicyError(`@survivorRecord on ${where}: parties must be a list of field names`);
    return value.value;
  });
}

function ownerArgumentOf(directive: ConstDirectiveNode, where: string): string | null {
  const argument = directive.arguments?.find((a) => a.name.value === "owner");
  if (argument === undefined) return null;
  if (argument.value.kind !== Kind.STRING) throw new SchemaPolicyError(`@sensitive on ${where}: owner must name a field`);
  return argument.value.value;
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
  const partiesOfType = new Map<string, string[]>();
  const sensitiveFields = new Map<string, SensitiveCategory>();
  const sensitiveOwners = new Map<string, string>();
  const types = sdlTypes(document);
  const scalarLike = leafTypeNames(document);
  const fieldsOfType = new Map<string, Map<string, string>>();
  const objectInterfaces = new Map<string, string[]>();
  for (const type of types.values()) {
    const typeName = type.name;
    fieldsOfType.set(typeName, new Map([...type.fields].map(([name, field]) => [name, namedTypeOf(field.type)])));
    if (type.kind === "object") objectInterfaces.set(typeName, type.interfaces);
    for (const directive of type.directives) {
      if (directive.name.value === "access") typeAccess.set(typeName, [...(typeAccess.get(typeName) ?? []), ...rolesOf(directive, typeName)]);
      if (directive.name.value === "survivorRecord") {
        survivorRecordTypes.add(typeName);
        partiesOfType.set(typeName, partiesOf(directive, typeName));
      }
    }
    for (const field of type.fields.values()) {
      for (const directive of field.directives ?? []) {
        const key = `${typeName}.${field.name.value}`;
        if (directive.name.value === "access") fieldAccess.set(key, [...(fieldAccess.get(key) ?? []), ...rolesOf(directive, key)]);
        if (directive.name.value !== "sensitive") continue;
        sensitiveFields.set(key, categoryOf(directive, key));
        const owner = ownerArgumentOf(directive, key);
        if (owner !== null) sensitiveOwners.set(key, owner);
      }
    }
  }
  // A tag on an interface's field binds every implementation's field, tagged there or not.
  for (const [objectName, interfaces] of objectInterfaces) {
    for (const interfaceName of interfaces) {
      for (const [key, category] of [...sensitiveFields]) {
        const [owner, fieldName] = key.split(".") as [string, string];
        const implementation = `${objectName}.${fieldName}`;
        if (owner !== interfaceName || sensitiveFields.has(implementation)) continue;
        sensitiveFields.set(implementation, category);
        const ownerField = sensitiveOwners.get(key);
        if (ownerField !== undefined) sensitiveOwners.set(implementation, ownerField);
      }
    }
  }
  const { presenceFields, recordFields } = recordShapes(sensitiveFields, sensitiveOwners, fieldsOfType, scalarLike, objectInterfaces);
  const existenceRecords = existenceShapes(partiesOfType, fieldsOfType, recordFields);
  return { typeAccess, fieldAccess, survivorRecordTypes, sensitiveFields, sensitiveOwners, presenceFields, recordFields, existenceRecords };
}

/**
 * Which types carry records the rule decides on, and what to fetch on them; fails at load when a
 * sensitive field sits where its record's subject or owner cannot be had (the compose lint refuses
 * such a schema too; this is the gateway's own guard, so a hand-edited supergraph cannot pass data
 * the rule cannot decide on).
 */
function recordShapes(
  sensitiveFields: ReadonlyMap<string, SensitiveCategory>,
  sensitiveOwners: ReadonlyMap<string, string>,
  fieldsOfType: ReadonlyMap<string, ReadonlyMap<string, string>>,
  scalarLike: ReadonlySet<string>,
  objectInterfaces: ReadonlyMap<string, readonly string[]>,
): { presenceFields: Map<string, string>; recordFields: Map<string, readonly string[]> } {
  const presenceFields = new Map<string, string>();
  // Per type: the fields its sensitive values are decided on (the subject, and each owner field).
  const needs = new Map<string, Set<string>>();
  const need = (typeName: string, what: string) => needs.set(typeName, (needs.get(typeName) ?? new Set()).add(what));
  for (const [key, category] of sensitiveFields) {
    const [typeName, fieldName] = key.split(".") as [string, string];
    if (!objectInterfaces.has(typeName)) continue; // interfaces: decided on their implementations
    const returnType = fieldsOfType.get(typeName)?.get(fieldName);
    if (returnType === undefined) throw new SchemaPolicyError(`@sensitive on ${key}: no such field`);
    const ownerField = sensitiveOwners.get(key) ?? OWNER_FIELD;
    if (scalarLike.has(returnType)) {
      need(typeName, ownerField);
      if (!ORGANIZATION_CATEGORIES.includes(category)) need(typeName, SUBJECT_FIELD);
      continue;
    }
    if (!objectInterfaces.has(returnType)) throw new SchemaPolicyError(`@sensitive on ${key}: a presence field must return an object type, not ${returnType}`);
    if (ownerField !== OWNER_FIELD) throw new SchemaPolicyError(`@sensitive on ${key}: a presence field is decided on its elements' own owner; owner: does not apply`);
    presenceFields.set(key, returnType);
    need(returnType, OWNER_FIELD);
    need(returnType, SUBJECT_FIELD);
  }
  const recordFields = new Map<string, readonly string[]>();
  for (const [typeName, needed] of needs) {
    const fields = fieldsOfType.get(typeName) ?? new Map<string, string>();
    for (const field of needed) {
      if (fields.has(field)) continue;
      if (field === SUBJECT_FIELD) throw new SchemaPolicyError(`${typeName} holds survivor data but has no survivorId`);
      throw new SchemaPolicyError(`${typeName} holds sensitive data but has no ${field}`);
    }
    const owners = [...needed].filter((field) => field !== SUBJECT_FIELD && field !== OWNER_FIELD);
    recordFields.set(typeName, Object.freeze([...RECORD_KEY_FIELDS.filter((name) => fields.has(name)), ...owners]));
  }
  return { presenceFields, recordFields };
}

/**
 * The survivor records with an owner, and what to fetch on each to decide whether the caller may
 * know it exists; adds those fields to `recordFields`. A survivor record without an owner
 * (a conflict check, a shelter intake) is an organisation's own note reached only through a record
 * that has one (its referral), which decides for it. Fails at load on a party field that is not
 * a field of the type.
 */
function existenceShapes(
  partiesOfType: ReadonlyMap<string, readonly string[]>,
  fieldsOfType: ReadonlyMap<string, ReadonlyMap<string, string>>,
  recordFields: Map<string, readonly string[]>,
): Map<string, ExistenceShape> {
  const shapes = new Map<string, ExistenceShape>();
  for (const [typeName, parties] of partiesOfType) {
    const fields = fieldsOfType.get(typeName) ?? new Map<string, string>();
    for (const party of parties) if (!fields.has(party)) throw new SchemaPolicyError(`@survivorRecord on ${typeName} names ${party} as a party, which is not a field of it`);
    if (!fields.has(OWNER_FIELD)) continue;
    const subjectField = fields.has(SUBJECT_FIELD) ? SUBJECT_FIELD : "id";
    if (!fields.has(subjectField)) throw new SchemaPolicyError(`${typeName} is a survivor record with an owner but names no subject`);
    shapes.set(typeName, Object.freeze({ subjectField, partyFields: Object.freeze([...parties]) }));
    const wanted = new Set([...(recordFields.get(typeName) ?? []), ...RECORD_KEY_FIELDS.filter((name) => fields.has(name)), ...parties]);
    recordFields.set(typeName, Object.freeze([...wanted]));
  }
  return shapes;
}

/** Whether roles pass every `@access` that applies to `Type.field` (none applying: allowed). */
export function rolesAllow(policy: SchemaPolicy, roles: readonly Role[], typeName: string, fieldName: string): boolean {
  const typeRoles = policy.typeAccess.get(typeName);
  const fieldRoles = policy.fieldAccess.get(`${typeName}.${fieldName}`);
  const passes = (allowed: readonly Role[] | undefined) => !allowed || roles.some((role) => allowed.includes(role));
  return passes(typeRoles) && passes(fieldRoles);
}
