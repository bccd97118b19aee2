import { Kind, parse, print, type ConstDirectiveNode, type DocumentNode, type FieldDefinitionNode, type SelectionSetNode } from "graphql";
import { namedTypeOf, sdlTypes } from "../platform/sdlTypes.js";
import { isSensitiveCategory, ORGANIZATION_CATEGORIES, OWNER_FIELD, SENSITIVE_CATEGORIES, SUBJECT_FIELD, type SensitiveCategory } from "../vocabulary/categories.js";

/**
 * The schema lint `npm run compose` runs on every subgraph's SDL and on the composed supergraph.
 * It checks what the consent rule needs from the schema (docs/design.md, "What the rule needs from
 * the schema"). Pure functions over SDL strings: no subgraph code is loaded here.
 *
 * Rules, for every field or argument carrying `@sensitive(category:)`:
 * - the category is one of SENSITIVE_CATEGORIES;
 * - the field is nullable (a withheld value must be able to be null);
 * - its parent type carries, in the same subgraph, `survivorId: ID!` (the subject) and
 *   `ownerOrganizationId: ID!` (the owner), public and resolved there (not `@external`, not
 *   `@inaccessible`) — only the owner for CONFIDENTIAL_SITE, which is about an organisation. When
 *   `owner:` names another field (free text, owned by the organisation that wrote it), that field
 *   is the owner and must be such an `ID!` instead. A field
 *   whose mere presence is sensitive (`Survivor.liaisonProfiles`) may instead return a type that
 *   carries them itself;
 * - no argument carries it: filters on sensitive data are a channel around the rule;
 * - no `@key` or `@requires` field set names a sensitive field (of any subgraph);
 * - every subgraph that resolves the field tags it alike;
 * - the composed supergraph carries exactly the subgraphs' tags (the directive is composed).
 */

export interface SubgraphSdl {
  name: string;
  sdl: string;
}

export interface SchemaLintError {
  /** The subgraph the problem is in; null for a problem of the supergraph or across subgraphs. */
  subgraph: string | null;
  /** `Type.field`, `Type.field(argument:)` or `Type` (for a `@key`). */
  coordinate: string;
  message: string;
}

export const SENSITIVE_DIRECTIVE = "sensitive";

const KEY_DIRECTIVES = new Set(["key", "federation__key"]);
const REQUIRES_DIRECTIVES = new Set(["requires", "federation__requires"]);
const EXTERNAL_DIRECTIVES = new Set(["external", "federation__external"]);
const INACCESSIBLE_DIRECTIVES = new Set(["inaccessible", "federation__inaccessible"]);

interface FieldInfo {
  typeName: string;
  node: FieldDefinitionNode;
  /** Resolved elsewhere: `@external` on the field or on its type definition. */
  external: boolean;
}

interface TypeInfo {
  name: string;
  fields: Map<string, FieldInfo>;
  /** Directives on the type's definitions and extensions. */
  directives: ConstDirectiveNode[];
}

/** Object and interface types of one SDL, definitions and extensions merged, with where each field is resolved. */
function typesOf(document: DocumentNode): Map<string, TypeInfo> {
  const types = new Map<string, TypeInfo>();
  for (const sdlType of sdlTypes(document).values()) {
    const type: TypeInfo = { name: sdlType.name, fields: new Map<string, FieldInfo>(), directives: sdlType.directives };
    for (const definition of sdlType.definitions) {
      const typeExternal = definition.directives.some((d) => EXTERNAL_DIRECTIVES.has(d.name.value));
      for (const field of definition.fields) {
        const external = typeExternal || (field.directives ?? []).some((d) => EXTERNAL_DIRECTIVES.has(d.name.value));
        type.fields.set(field.name.value, { typeName: sdlType.name, node: field, external });
      }
    }
    types.set(sdlType.name, type);
  }
  return types;
}

const namedType = namedTypeOf;

function stringArgument(directive: ConstDirectiveNode, name: string): string | null {
  const argument = directive.arguments?.find((a) => a.name.value === name);
  return argument && argument.value.kind === Kind.STRING ? argument.value.value : null;
}

function sensitiveDirective(directives: readonly ConstDirectiveNode[] | undefined): ConstDirectiveNode | undefined {
  return directives?.find((d) => d.name.value === SENSITIVE_DIRECTIVE);
}

/** The field a `@sensitive` names as its owner (`owner:`), or the record's owner field; null when `owner:` is not a string. */
function ownerFieldOf(directive: ConstDirectiveNode): string | null {
  const argument = directive.arguments?.find((a) => a.name.value === "owner");
  if (!argument) return OWNER_FIELD;
  return argument.value.kind === Kind.STRING ? argument.value.value : null;
}

/** A `@sensitive` as written, for comparing tags: its category, and its owner field when not the default. */
function tagOf(directive: ConstDirectiveNode): string {
  const owner = ownerFieldOf(directive);
  return owner === OWNER_FIELD ? categoryOf(directive) : `${categoryOf(directive)} (owner: ${owner ?? "unreadable"})`;
}

/** The category a `@sensitive` names, as written (may be unknown); `(none)` when it names none. */
function categoryOf(directive: ConstDirectiveNode): string {
  const argument = directive.arguments?.find((a) => a.name.value === "category");
  if (!argument) return "(none)";
  return argument.value.kind === Kind.STRING ? argument.value.value : print(argument.value);
}

/** `Type.field` → category, for every field of object and interface types tagged `@sensitive`. */
export function readSensitiveFields(sdl: string | DocumentNode): Map<string, string> {
  return readTags(sdl, categoryOf);
}

/** `Type.field` → its tag as written (category, and owner field when not the default). */
function readSensitiveTags(sdl: string | DocumentNode): Map<string, string> {
  return readTags(sdl, tagOf);
}

function readTags(sdl: string | DocumentNode, read: (directive: ConstDirectiveNode) => string): Map<string, string> {
  const document = typeof sdl === "string" ? parse(sdl) : sdl;
  const tagged = new Map<string, string>();
  for (const type of typesOf(document).values()) {
    for (const field of type.fields.values()) {
      const directive = sensitiveDirective(field.node.directives);
      if (directive) tagged.set(`${type.name}.${field.node.name.value}`, read(directive));
    }
  }
  return tagged;
}

/** Whether `Type.<name>: ID!` is public and resolved by this subgraph. */
function carriesId(type: TypeInfo | undefined, name: string): boolean {
  const field = type?.fields.get(name);
  if (!field || field.external) return false;
  if ((field.node.directives ?? []).some((d) => INACCESSIBLE_DIRECTIVES.has(d.name.value))) return false;
  const t = field.node.type;
  return t.kind === Kind.NON_NULL_TYPE && t.type.kind === Kind.NAMED_TYPE && t.type.name.value === "ID";
}

function requiredIds(category: SensitiveCategory, ownerField: string): string[] {
  return ORGANIZATION_CATEGORIES.includes(category) ? [ownerField] : [SUBJECT_FIELD, ownerField];
}

const KNOWN_CATEGORIES = SENSITIVE_CATEGORIES.join(", ");

interface ParsedSubgraph {
  name: string;
  types: Map<string, TypeInfo>;
}

function lintFields(subgraph: ParsedSubgraph, errors: SchemaLintError[]) {
  const at = `(subgraph "${subgraph.name}")`;
  for (const type of subgraph.types.values()) {
    for (const field of type.fields.values()) {
      const coordinate = `${type.name}.${field.node.name.value}`;

      for (const argument of field.node.arguments ?? []) {
        if (!sensitiveDirective(argument.directives)) continue;
        const argumentCoordinate = `${coordinate}(${argument.name.value}:)`;
        errors.push({
          subgraph: subgraph.name,
          coordinate: argumentCoordinate,
          message: `${argumentCoordinate} ${at}: an argument carries @sensitive; filters on sensitive data are a channel around the rule`,
        });
      }

      const directive = sensitiveDirective(field.node.directives);
      if (!directive) continue;
      const category = categoryOf(directive);
      const push = (message: string) => errors.push({ subgraph: subgraph.name, coordinate, message: `${coordinate} ${at}: ${message}` });

      if (!isSensitiveCategory(category)) {
        push(`unknown @sensitive category "${category}" (known: ${KNOWN_CATEGORIES})`);
      }
      if (field.node.type.kind === Kind.NON_NULL_TYPE) {
        push(`@sensitive field is non-null (${print(field.node.type)}); a sensitive field must be nullable, so that a withheld value can be null`);
      }
      if (!isSensitiveCategory(category)) continue;
      const ownerField = ownerFieldOf(directive);
      if (ownerField === null) {
        push(`@sensitive(owner:) must name a field of ${type.name} as a string`);
        continue;
      }

      const required = requiredIds(category, ownerField);
      const missingOnParent = required.filter((id) => !carriesId(type, id));
      if (missingOnParent.length === 0) continue;
      const ownTypeName = namedType(field.node.type);
      const ownType = subgraph.types.get(ownTypeName);
      // A field whose presence is sensitive: decided on its elements' own subject and owner.
      if (ownType && ownerField === OWNER_FIELD && required.every((id) => carriesId(ownType, id))) continue;
      const needs = required.map((id) => `${id}: ID!`).join(" and ");
      const lacks = (name: string, missing: string[]) => `${name} lacks ${missing.join(" and ")}`;
      const ownTypeLacks = ownType
        ? `, ${lacks(
            ownTypeName,
            required.filter((id) => !carriesId(ownType, id)),
          )}`
        : "";
      push(
        `@sensitive(${category}) needs ${needs} (public, resolved in this subgraph) on ${type.name}, or on the field's own type when its presence is what is sensitive; ${lacks(type.name, missingOnParent)}${ownTypeLacks}`,
      );
    }
  }
}

/** The sensitive `Type.field`s a field set reads, walked against one subgraph's types. */
function sensitiveFieldsRead(fieldSet: string, typeName: string, subgraph: ParsedSubgraph, sensitiveAnywhere: ReadonlyMap<string, string>): string[] {
  let selectionSet: SelectionSetNode;
  try {
    const document = parse(`{${fieldSet}}`, { noLocation: true });
    const operation = document.definitions[0];
    if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
    selectionSet = operation.selectionSet;
  } catch {
    return []; // composition reports an unreadable field set
  }
  const found: string[] = [];
  const walk = (selections: SelectionSetNode, parent: string) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        const coordinate = `${parent}.${selection.name.value}`;
        if (sensitiveAnywhere.has(coordinate)) found.push(coordinate);
        const field = subgraph.types.get(parent)?.fields.get(selection.name.value);
        if (selection.selectionSet && field) walk(selection.selectionSet, namedType(field.node.type));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, selection.typeCondition?.name.value ?? parent);
      }
    }
  };
  walk(selectionSet, typeName);
  return found;
}

function lintFieldSets(subgraph: ParsedSubgraph, sensitiveAnywhere: ReadonlyMap<string, string>, errors: SchemaLintError[]) {
  const at = `(subgraph "${subgraph.name}")`;
  const check = (directive: ConstDirectiveNode, label: "@key" | "@requires", typeName: string, coordinate: string) => {
    const fieldSet = stringArgument(directive, "fields");
    if (fieldSet === null) return;
    for (const read of sensitiveFieldsRead(fieldSet, typeName, subgraph, sensitiveAnywhere)) {
      errors.push({
        subgraph: subgraph.name,
        coordinate,
        message: `${coordinate} ${at}: ${label}(fields: "${fieldSet}") reads sensitive field ${read}; keys and requires on sensitive data are a channel around the rule`,
      });
    }
  };
  for (const type of subgraph.types.values()) {
    for (const directive of type.directives) {
      if (KEY_DIRECTIVES.has(directive.name.value)) check(directive, "@key", type.name, type.name);
    }
    for (const field of type.fields.values()) {
      for (const directive of field.node.directives ?? []) {
        if (REQUIRES_DIRECTIVES.has(directive.name.value)) check(directive, "@requires", type.name, `${type.name}.${field.node.name.value}`);
      }
    }
  }
}

/** Every subgraph that resolves a field (not `@external`) must tag it alike. */
function lintConsistency(subgraphs: readonly ParsedSubgraph[], errors: SchemaLintError[]) {
  const tagsByCoordinate = new Map<string, Map<string, string>>();
  for (const subgraph of subgraphs) {
    for (const type of subgraph.types.values()) {
      for (const field of type.fields.values()) {
        if (field.external) continue;
        const coordinate = `${type.name}.${field.node.name.value}`;
        const directive = sensitiveDirective(field.node.directives);
        const tags = tagsByCoordinate.get(coordinate) ?? new Map<string, string>();
        tagsByCoordinate.set(coordinate, tags);
        tags.set(subgraph.name, directive ? tagOf(directive) : "untagged");
      }
    }
  }
  for (const [coordinate, tags] of tagsByCoordinate) {
    const values = new Set(tags.values());
    if (values.size <= 1) continue;
    const listed = [...tags].map(([subgraph, tag]) => `${subgraph}: ${tag}`).join(", ");
    errors.push({
      subgraph: null,
      coordinate,
      message: `${coordinate}: tagged differently by the subgraphs that resolve it (${listed}); each must tag it @sensitive alike`,
    });
  }
}

function parseSubgraphs(subgraphs: readonly SubgraphSdl[]): ParsedSubgraph[] {
  return subgraphs.map(({ name, sdl }) => ({ name, types: typesOf(parse(sdl)) }));
}

/** Lints the subgraphs' SDLs together (a `@requires` in one may name a field tagged in another). */
export function lintSubgraphSchemas(subgraphs: readonly SubgraphSdl[]): SchemaLintError[] {
  const parsed = parseSubgraphs(subgraphs);
  const errors: SchemaLintError[] = [];
  const sensitiveAnywhere = new Map<string, string>();
  for (const subgraph of parsed) {
    for (const type of subgraph.types.values()) {
      for (const field of type.fields.values()) {
        const directive = sensitiveDirective(field.node.directives);
        if (directive) sensitiveAnywhere.set(`${type.name}.${field.node.name.value}`, categoryOf(directive));
      }
    }
  }
  for (const subgraph of parsed) {
    lintFields(subgraph, errors);
    lintFieldSets(subgraph, sensitiveAnywhere, errors);
    lintWithholdableRoots(subgraph, errors);
  }
  lintConsistency(parsed, errors);
  return errors;
}

/**
 * A query root field that some roles may not select (`@access`) must be nullable: the gateway
 * withholds it as null with ROLE_FORBIDDEN, and a non-null one would take the whole `data` with it,
 * so a caller asking for one forbidden thing beside permitted ones would lose the permitted ones.
 * (Mutations are different: one a role may not call refuses the whole operation, nothing runs.)
 */
function lintWithholdableRoots(subgraph: ParsedSubgraph, errors: SchemaLintError[]) {
  const query = subgraph.types.get("Query");
  if (!query) return;
  for (const field of query.fields.values()) {
    if (field.node.type.kind !== Kind.NON_NULL_TYPE || !(field.node.directives ?? []).some((d) => d.name.value === "access")) continue;
    const coordinate = `Query.${field.node.name.value}`;
    errors.push({
      subgraph: subgraph.name,
      coordinate,
      message: `${coordinate} (subgraph "${subgraph.name}"): a root field with @access is non-null (${print(field.node.type)}); it must be nullable, so that withholding it does not null the rest of the answer`,
    });
  }
}

/**
 * Checks the composed supergraph carries exactly the subgraphs' `@sensitive` tags: a subgraph
 * that does not compose the directive, or composition dropping it, would leave the gateway
 * releasing a field it should decide on.
 */
export function lintSupergraphSchema(supergraphSdl: string, subgraphs: readonly SubgraphSdl[]): SchemaLintError[] {
  const document = parse(supergraphSdl);
  const errors: SchemaLintError[] = [];
  const definition = document.definitions.find((d) => d.kind === Kind.DIRECTIVE_DEFINITION && d.name.value === SENSITIVE_DIRECTIVE);
  if (!definition) {
    errors.push({
      subgraph: null,
      coordinate: `@${SENSITIVE_DIRECTIVE}`,
      message: `supergraph: @${SENSITIVE_DIRECTIVE} is not defined; every subgraph must import it and @composeDirective(name: "@${SENSITIVE_DIRECTIVE}")`,
    });
    return errors;
  }
  const expected = new Map<string, string>();
  for (const subgraph of parseSubgraphs(subgraphs)) {
    for (const type of subgraph.types.values()) {
      for (const field of type.fields.values()) {
        const directive = sensitiveDirective(field.node.directives);
        if (directive) expected.set(`${type.name}.${field.node.name.value}`, tagOf(directive));
      }
    }
  }
  const actual = readSensitiveTags(document);
  for (const coordinate of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(coordinate) ?? "untagged";
    const got = actual.get(coordinate) ?? "untagged";
    if (want === got) continue;
    errors.push({
      subgraph: null,
      coordinate,
      message: `${coordinate}: the subgraphs tag it ${want} but the composed supergraph carries ${got}`,
    });
  }
  return errors;
}

export function formatSchemaLintErrors(errors: readonly SchemaLintError[]): string {
  return `Schema lint failed (${errors.length} problem${errors.length === 1 ? "" : "s"}):\n${errors.map((e) => `  - ${e.message}`).join("\n")}`;
}
