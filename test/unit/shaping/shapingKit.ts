/**
 * A small schema with an interface, unions, lists and non-null fields, its data, the rules the
 * tests use, and two ways to answer an operation:
 * - `runShaped`: shape it, execute the SHAPED document with graphql-js (so the data really carries
 *   the gateway's keys), then `rebuild`;
 * - `runOracle`: execute the ORIGINAL document directly, with resolvers that throw the denial for a
 *   denied field and the value rule's denial for a withheld one. graphql-js itself then produces the
 *   nulls, their propagation and the error paths the rebuilt response must equal.
 */
import {
  GraphQLError,
  buildSchema,
  defaultFieldResolver,
  execute,
  parse,
  responsePathAsArray,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLObjectType,
} from "graphql";
import { expect } from "vitest";
import {
  shapeOperation,
  type ElementRule,
  type FieldDenial,
  type RebuiltResult,
  type SelectionRule,
  type ShapedOperation,
  type ValueRule,
  type WithheldField,
} from "../../../gateway/shaping/shapeOperation.js";

export const schema = buildSchema(/* GraphQL */ `
  interface Node {
    id: ID!
  }

  interface Profile {
    id: ID!
    survivorId: ID!
    ownerOrganizationId: ID
    caseworkerNote: String
    openedOn: String
  }

  type Survivor implements Node {
    id: ID!
    pseudonym: String!
    realName: String
    tags: [String!]!
    residentProfile: ResidentProfile
    legalProfile: LegalProfile
    profiles: [ProfileUnion!]!
  }

  type ResidentProfile implements Node & Profile {
    id: ID!
    survivorId: ID!
    ownerOrganizationId: ID
    caseworkerNote: String
    "Narrower than Profile.openedOn: a null here propagates."
    openedOn: String!
    bedNumber: Int
    healthNotes: String
    room: Room
  }

  type LegalProfile implements Node & Profile {
    id: ID!
    survivorId: ID!
    ownerOrganizationId: ID
    caseworkerNote: String
    openedOn: String
    immigrationStatus: String
    caseNumber: String!
  }

  type Room {
    number: Int!
    building: String
  }

  type Organization implements Node {
    id: ID!
    name: String!
    address: String
    secretAddress: String!
  }

  union ProfileUnion = ResidentProfile | LegalProfile
  union SearchResult = Survivor | Organization | ResidentProfile

  type Query {
    survivor(id: ID!): Survivor
    survivors: [Survivor!]!
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
    search(term: String!): [SearchResult!]!
    organization(id: ID!): Organization
    headquarters: Organization!
    flaky: String
  }

  type Mutation {
    recordConsent(survivorId: ID!): Survivor
    purgeSurvivor(id: ID!): Boolean!
  }
`);

// ---- data -------------------------------------------------------------------------------------

const fail = (message: string) => () => {
  throw new Error(message);
};

const room1 = { number: 101, building: "North" };
const room2 = { number: 202, building: fail("building registry down") };
const room3 = { number: 303, building: fail("building registry down") };

const rp1 = {
  __typename: "ResidentProfile",
  id: "rp1",
  survivorId: "s1",
  ownerOrganizationId: "org-1",
  caseworkerNote: "note rp1",
  openedOn: "2024-01-05",
  bedNumber: 7,
  healthNotes: "asthma",
  room: room1,
};
const rp2 = {
  __typename: "ResidentProfile",
  id: "rp2",
  survivorId: "s2",
  ownerOrganizationId: "org-2",
  caseworkerNote: "note rp2",
  openedOn: "2024-02-11",
  bedNumber: 9,
  healthNotes: "diabetes",
  room: room2,
};
const rp3 = {
  __typename: "ResidentProfile",
  id: "rp3",
  survivorId: "s3",
  ownerOrganizationId: "org-1",
  caseworkerNote: null,
  openedOn: "2024-03-02",
  bedNumber: 3,
  healthNotes: null,
  room: room3,
};
const lp1 = {
  __typename: "LegalProfile",
  id: "lp1",
  survivorId: "s1",
  ownerOrganizationId: "org-2",
  caseworkerNote: "note lp1",
  openedOn: "2023-11-30",
  immigrationStatus: "T-visa pending",
  caseNumber: "LA-1",
};
const lp2 = {
  __typename: "LegalProfile",
  id: "lp2",
  survivorId: "s2",
  ownerOrganizationId: "org-1",
  caseworkerNote: null,
  openedOn: null,
  immigrationStatus: "U-visa granted",
  caseNumber: "LA-2",
};
/** Its owner cannot be resolved: an error in a field only the gateway asked for. */
const lp3 = {
  __typename: "LegalProfile",
  id: "lp3",
  survivorId: "s3",
  ownerOrganizationId: fail("owner lookup failed"),
  caseworkerNote: null,
  openedOn: null,
  immigrationStatus: "asylum",
  caseNumber: "LA-3",
};

const s1 = { __typename: "Survivor", id: "s1", pseudonym: "Willow", realName: "Maria Real", tags: ["urgent", "es"], residentProfile: rp1, legalProfile: lp1, profiles: [rp1, lp1] };
const s2 = { __typename: "Survivor", id: "s2", pseudonym: "Aspen", realName: "Ana Real", tags: [], residentProfile: rp2, legalProfile: lp2, profiles: [lp2, rp2] };
const s3 = { __typename: "Survivor", id: "s3", pseudonym: "Cedar", realName: "Eva Real", tags: ["fr"], residentProfile: rp3, legalProfile: lp3, profiles: [rp3, lp3] };
const o1 = { __typename: "Organization", id: "o1", name: "Harbor House", address: "PO Box 1", secretAddress: "12 Hidden Lane" };

const byId = new Map<string, object>([s1, s2, s3, rp1, rp2, rp3, lp1, lp2, lp3, o1].map((record) => [record.id, record]));

export interface Calls {
  recordConsent: number;
  purgeSurvivor: number;
}

function rootValue(calls: Calls = { recordConsent: 0, purgeSurvivor: 0 }): Record<string, unknown> {
  return {
    survivor: ({ id }: { id: string }) => byId.get(id) ?? null,
    survivors: () => [s1, s2],
    node: ({ id }: { id: string }) => byId.get(id) ?? null,
    nodes: ({ ids }: { ids: string[] }) => ids.map((id) => byId.get(id) ?? null),
    search: () => [s1, o1, rp2],
    organization: ({ id }: { id: string }) => byId.get(id) ?? null,
    headquarters: () => o1,
    flaky: fail("flaky failed"),
    recordConsent: ({ survivorId }: { survivorId: string }) => {
      calls.recordConsent++;
      return byId.get(survivorId) ?? null;
    },
    purgeSurvivor: () => {
      calls.purgeSurvivor++;
      return true;
    },
  };
}

// ---- rules ------------------------------------------------------------------------------------

export const DENIED_BY_ROLE: FieldDenial = { code: "FIELD_DENIED_ROLE", message: "Your role may not see this field." };
export const NO_AGREEMENT: FieldDenial = { code: "FIELD_DENIED_NO_AGREEMENT", message: "No data-sharing agreement covers this field." };
export const OWNER_UNKNOWN: FieldDenial = { code: "FIELD_DENIED_OWNER_UNKNOWN", message: "The owner of this record could not be established." };

/** Denied by field name on every type that has it (so the oracle, which sees concrete types, agrees). */
const DENIED_FIELDS: ReadonlySet<string> = new Set(["realName", "healthNotes", "caseworkerNote", "secretAddress", "purgeSurvivor"]);

export const selectionRule: SelectionRule = (_parentType, field) => (DENIED_FIELDS.has(field.name) ? DENIED_BY_ROLE : null);

const EXTRA_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ResidentProfile: ["survivorId", "ownerOrganizationId"],
  LegalProfile: ["survivorId", "ownerOrganizationId"],
};

export const extraFields = (type: GraphQLObjectType): readonly string[] => EXTRA_FIELDS[type.name] ?? [];

const NEEDS_AGREEMENT: ReadonlySet<string> = new Set(["bedNumber", "room", "immigrationStatus", "caseNumber"]);

/** The caller is in org-1: fields of another organisation's records that need an agreement are withheld. */
export const valueRule: ValueRule = ({ fieldName, extras }) => {
  if (extras.ownerOrganizationId === null) return OWNER_UNKNOWN;
  if (extras.ownerOrganizationId !== "org-1" && NEEDS_AGREEMENT.has(fieldName)) return NO_AGREEMENT;
  return null;
};

// ---- running ----------------------------------------------------------------------------------

export interface Response {
  data: Record<string, unknown> | null;
  errors: GraphQLFormattedError[];
}

export interface ShapedRun {
  shaped: ShapedOperation;
  executed: Response;
  rebuilt: RebuiltResult;
  /** `Type.field` of every field resolved while executing the shaped document. */
  resolved: Set<string>;
  calls: Calls;
}

export function runShaped(
  source: string | DocumentNode,
  options: { variables?: Record<string, unknown>; operationName?: string; valueRule?: ValueRule; elementRule?: ElementRule; rule?: SelectionRule } = {},
): ShapedRun {
  const document = typeof source === "string" ? parse(source) : source;
  const shaped = shapeOperation(schema, document, options.operationName, { selectionRule: options.rule ?? selectionRule, extraFields });
  const resolved = new Set<string>();
  const calls: Calls = { recordConsent: 0, purgeSurvivor: 0 };
  const recording: GraphQLFieldResolver<unknown, unknown> = (value, args, context, info) => {
    resolved.add(`${info.parentType.name}.${info.fieldName}`);
    return defaultFieldResolver(value, args, context, info);
  };
  const executed = shaped.nothingToExecute
    ? { data: {}, errors: [] }
    : toResponse(execute({ schema, document: shaped.document, rootValue: rootValue(calls), variableValues: options.variables, fieldResolver: recording }));
  const rebuilt = shaped.rebuild(executed, options.variables, options.valueRule, options.elementRule);
  return { shaped, executed, rebuilt, resolved, calls };
}

export interface OracleResponse extends Response {
  withheld: WithheldField[];
}

export function runOracle(
  source: string | DocumentNode,
  options: { variables?: Record<string, unknown>; operationName?: string; valueRule?: ValueRule; rule?: SelectionRule } = {},
): OracleResponse {
  const document = typeof source === "string" ? parse(source) : source;
  const rule = options.rule ?? selectionRule;
  const withheld: WithheldField[] = [];
  const guarded: GraphQLFieldResolver<Record<string, unknown>, unknown> = (value, args, context, info) => {
    const field = info.parentType.getFields()[info.fieldName] as GraphQLField<unknown, unknown>;
    const denial = rule(info.parentType as GraphQLCompositeType, field);
    if (denial !== null) throw new GraphQLError(denial.message, { extensions: { code: denial.code } });
    const extraNames = EXTRA_FIELDS[info.parentType.name];
    if (options.valueRule !== undefined && extraNames !== undefined) {
      const extras: Record<string, unknown> = {};
      for (const name of extraNames) extras[name] = readExtra(value[name]);
      const path = responsePathAsArray(info.path);
      const withholding = options.valueRule({ parentTypeName: info.parentType.name, fieldName: info.fieldName, extras, path });
      if (withholding !== null) {
        withheld.push({ path, code: withholding.code, parentTypeName: info.parentType.name, fieldName: info.fieldName, extras });
        throw new GraphQLError(withholding.message, { extensions: { code: withholding.code } });
      }
    }
    return defaultFieldResolver(value, args, context, info);
  };
  const result = execute({
    schema,
    document,
    rootValue: rootValue(),
    variableValues: options.variables,
    operationName: options.operationName,
    fieldResolver: guarded as GraphQLFieldResolver<unknown, unknown>,
  });
  return { ...toResponse(result), withheld };
}

function readExtra(value: unknown): unknown {
  if (typeof value !== "function") return value ?? null;
  try {
    return (value as () => unknown)() ?? null;
  } catch {
    return null;
  }
}

function toResponse(result: ReturnType<typeof execute>): Response {
  if ("then" in result) throw new Error("The test data resolves synchronously");
  return { data: result.data ?? null, errors: (result.errors ?? []).map(formatWithoutLocations) };
}

function formatWithoutLocations(error: GraphQLError): GraphQLFormattedError {
  const { locations: _locations, ...formatted } = error.toJSON();
  return formatted;
}

/** Errors in a stable order (the order of execution is not part of the contract). */
export function sortErrors(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const key = (error: GraphQLFormattedError) => `${JSON.stringify(error.path ?? null)} ${error.message}`;
  return [...errors].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function sortWithheld(withheld: readonly WithheldField[]): WithheldField[] {
  const key = (field: WithheldField) => JSON.stringify(field.path);
  return [...withheld].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Plain JSON (drops null prototypes) for exact comparisons. */
export function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value !== null && typeof value === "object" && !seen.has(value)) {
    seen.add(value);
    for (const child of Object.values(value)) deepFreeze(child, seen);
    Object.freeze(value);
  }
  return value;
}

/**
 * Asserts that the rebuilt response equals the oracle's: the same data with the same key order, the
 * same errors (in any order) and the same withheld values; and that no denied field was resolved.
 */
export function expectSameAsOracle(
  source: string | DocumentNode,
  options: { variables?: Record<string, unknown>; operationName?: string; valueRule?: ValueRule; elementRule?: ElementRule; rule?: SelectionRule } = {},
): ShapedRun {
  const run = runShaped(source, options);
  const oracle = runOracle(source, options);
  expect(JSON.stringify(run.rebuilt.data)).toBe(JSON.stringify(oracle.data));
  expect(json(sortErrors(run.rebuilt.errors))).toEqual(json(sortErrors(oracle.errors)));
  expect(json(sortWithheld(run.rebuilt.withheld))).toEqual(json(sortWithheld(oracle.withheld)));
  const rule = options.rule ?? selectionRule;
  const fetchedDenied = [...run.resolved].filter((resolved) => {
    const [typeName = "", fieldName = ""] = resolved.split(".");
    const type = schema.getType(typeName) as GraphQLObjectType;
    return rule(type, type.getFields()[fieldName] as GraphQLField<unknown, unknown>) !== null;
  });
  expect(fetchedDenied).toEqual([]);
  return run;
}
