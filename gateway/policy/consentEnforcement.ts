import { randomUUID } from "node:crypto";
import type { GraphQLObjectType } from "graphql";
import type { Principal } from "../../vocabulary/principal.js";
import type { Logger } from "../../platform/logger.js";
import { roleAllows, type DataCategory } from "../../policy/categories.js";
import { groundsOf, type Decision } from "../../policy/decide.js";
import { memoizedDecide } from "../../policy/decideAll.js";
import { decideExistence, EXISTENCE_CATEGORY, type ExistenceDecision, type ExistenceRef } from "../../policy/existence.js";
import { DECISION_CODES, DECISION_MESSAGES } from "../../policy/decisionCodes.js";
import { callerOf, type DecisionFacts, type RecordRef } from "../../policy/facts.js";
import type { ElementRule, ExecutedResult, FieldDenial, RebuiltResult, ShapedOperation, ValueRule } from "../shaping/shapeOperation.js";
import type { DisclosureItem, DisclosureLedger, WriteDisclosure } from "./disclosureLedger.js";
import type { PolicyFactsSource } from "./policyFacts.js";
import { ownerFieldOf, type ExistenceShape, type SchemaPolicy } from "./schemaPolicy.js";

/** The rule as one response applies it. */
export interface Decider {
  field: (record: RecordRef) => Decision;
  existence: (record: ExistenceRef) => ExistenceDecision;
}

export interface ConsentEnforcementOptions {
  facts: PolicyFactsSource;
  ledger: DisclosureLedger;
  logger: Logger;
  /** The instant decisions are made at; the clock only (tests may move it). */
  now?: () => Date;
}

/** Who asks, as the rule and the ledger need it. */
export interface RequestCaller {
  principal: Principal;
  emergencyJustification: string | null;
  requestId: string;
  operationName: string | null;
}

/** What the ledger lists as the field of an existence decision: the record's identifier, which stands for the record itself. */
export const EXISTENCE_FIELD = "id";

/** A record's key as the rule reads it: a present, non-empty string, or null (which fails closed). */
function keyOf(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

const POLICY_UNAVAILABLE: Decision = Object.freeze({
  release: false,
  code: DECISION_CODES.POLICY_UNAVAILABLE,
  message: DECISION_MESSAGES.POLICY_UNAVAILABLE,
});
const UNAVAILABLE_EXISTENCE: ExistenceDecision = Object.freeze({ decision: POLICY_UNAVAILABLE, category: EXISTENCE_CATEGORY });
/** The rule when it cannot be applied (no facts, no caller, no ledger): everything sensitive withheld, every record left out. */
export const WITHHOLD_ALL: Decider = Object.freeze({ field: () => POLICY_UNAVAILABLE, existence: () => UNAVAILABLE_EXISTENCE });

/**
 * The consent and existence rules applied to one response (docs/design.md, "The consent rule" and
 * "The existence rule"), between execution and the client:
 *
 *  1. The response is rebuilt once recording, without deciding, which records it holds: each
 *     survivor record (subject, owner, parties), each sensitive field's record and each element of
 *     a presence field.
 *  2. The facts for all of them (consents, agreements) are fetched in ONE call to the network
 *     subgraph, fresh; nothing is cached between requests. When they cannot be had, every decision
 *     is POLICY_UNAVAILABLE: fail closed, the owner included.
 *  3. The response is rebuilt again with the pure rule: a survivor record the caller may not know
 *     exists (`decideExistence`) and an element of a presence field it may not see are left out
 *     without a trace, exactly as a record that does not exist (an error would disclose that it
 *     exists); then `decide` per record and field: a denied field is null with an error at its path.
 *  4. ONE ledger entry records every record and category released or withheld and what decided it.
 *     What it records as released is exactly what the rebuilt response holds. If it cannot be
 *     written, nothing sensitive leaves: the response is rebuilt with every sensitive field withheld.
 *
 * Round trips per response: zero when no survivor record and nothing sensitive came back, otherwise
 * two (facts, ledger), whatever the number of records. Every answer that reached a survivor record is
 * in the ledger, tagged field or not.
 */
export class ConsentEnforcement {
  private readonly now: () => Date;

  constructor(
    private readonly policy: SchemaPolicy,
    private readonly options: ConsentEnforcementOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** The fields the gateway fetches on records to decide on them (`ShapeOptions.extraFields`). */
  readonly extraFields = (type: GraphQLObjectType): readonly string[] => this.policy.recordFields.get(type.name) ?? [];

  /** Decided before planning: a sensitive field of a category none of the caller's roles may ever see is never fetched. */
  staticDenial(roles: Principal["roles"], typeName: string, fieldName: string): FieldDenial | null {
    const category = this.policy.sensitiveFields.get(`${typeName}.${fieldName}`);
    if (category === undefined || roleAllows(roles, category)) return null;
    return { code: DECISION_CODES.ROLE_FORBIDDEN, message: DECISION_MESSAGES.ROLE_FORBIDDEN };
  }

  /** The response rebuilt without deciding, to learn which records it holds (step 1). */
  recordedResponse(shaped: ShapedOperation, result: ExecutedResult, variables: Record<string, unknown>): RebuiltResult {
    return shaped.rebuild(
      result,
      variables,
      () => null,
      () => null,
    );
  }

  /** Subject and owner of every survivor record, sensitive field and presence element the response holds. */
  sensitiveRecords(rebuilt: RebuiltResult): RecordRef[] {
    const records: RecordRef[] = [];
    for (const entry of rebuilt.released) {
      const category = this.categoryOf(entry.parentTypeName, entry.fieldName, entry.elementTypeName !== undefined);
      if (category !== null) records.push(this.recordRef(category, entry.parentTypeName, entry.fieldName, entry.extras));
      const shape = this.existenceShapeOf(entry.elementTypeName);
      if (shape !== undefined) records.push({ category: EXISTENCE_CATEGORY, ...this.existenceRef(shape, entry.extras) });
    }
    return records;
  }

  /**
   * Writes the response's ONE ledger entry (step 4): every record and category `rebuilt` released or
   * withheld, and what the gates let the write disclose. False when the ledger could not be written
   * (logged): then nothing sensitive may leave.
   */
  async record(rebuilt: RebuiltResult, decider: Decider, recorded: RebuiltResult, writes: readonly WriteDisclosure[], caller: RequestCaller): Promise<boolean> {
    const items = [...this.ledgerItems(rebuilt, decider), ...writeItems(recorded, writes)];
    try {
      await this.options.ledger({
        // One id per operation (a batch shares one request id); a retry of this call reuses it.
        requestId: `${caller.requestId}.${randomUUID()}`,
        actorKind: caller.principal.kind === "client" ? "client" : "member",
        actorId: caller.principal.id,
        organizationId: caller.principal.organizationId ?? "",
        roles: [...caller.principal.roles],
        purpose: caller.principal.purpose,
        emergencyJustification: caller.principal.purpose === "EMERGENCY" ? caller.emergencyJustification : null,
        operationName: caller.operationName,
        items,
      });
      return true;
    } catch (error) {
      this.options.logger.error({ err: error, requestId: caller.requestId }, "disclosure ledger unavailable; sensitive fields withheld");
      return false;
    }
  }

  private existenceShapeOf(typeName: string | undefined): ExistenceShape | undefined {
    return typeName === undefined ? undefined : this.policy.existenceRecords.get(typeName);
  }

  private existenceRef(shape: ExistenceShape, extras: Readonly<Record<string, unknown>>): ExistenceRef {
    const parties = shape.partyFields.map((field) => keyOf(extras[field])).filter((id): id is string => id !== null);
    return { survivorId: keyOf(extras[shape.subjectField]), ownerOrganizationId: keyOf(extras.ownerOrganizationId), partyOrganizationIds: parties };
  }

  /** The category that governs a field (or, for `element`, a presence field's elements); null when none does. */
  private categoryOf(typeName: string, fieldName: string, element: boolean): DataCategory | null {
    const key = `${typeName}.${fieldName}`;
    const category = this.policy.sensitiveFields.get(key);
    if (category === undefined || this.policy.presenceFields.has(key) !== element) return null;
    return category;
  }

  /** The record a sensitive value is decided on: its subject, and its owner as `@sensitive(owner:)` names it (the record's owner by default). */
  private recordRef(category: DataCategory, typeName: string, fieldName: string, extras: Readonly<Record<string, unknown>>): RecordRef {
    return { category, survivorId: keyOf(extras.survivorId), ownerOrganizationId: keyOf(extras[ownerFieldOf(this.policy, typeName, fieldName)]) };
  }

  /** The facts for all the records, in ONE call (step 2); null when they cannot be had, which fails closed. */
  async fetchFacts(records: readonly RecordRef[], caller: RequestCaller): Promise<DecisionFacts> {
    const organizationId = caller.principal.organizationId;
    if (organizationId === null || caller.principal.organizationKind === null) return null;
    try {
      return await this.options.facts(
        {
          callerOrganizationId: organizationId,
          survivorIds: records.map((r) => r.survivorId).filter((id): id is string => id !== null),
          ownerOrganizationIds: records.map((r) => r.ownerOrganizationId).filter((id): id is string => id !== null),
        },
        caller.requestId,
      );
    } catch (error) {
      this.options.logger.warn({ err: error, requestId: caller.requestId }, "policy facts unavailable; sensitive fields withheld");
      return null;
    }
  }

  /** The rule for this caller, facts and instant: `decide` per (owner, subject, category), existence per record, each computed once in this response. */
  decider(caller: RequestCaller, facts: DecisionFacts): Decider {
    const asking = callerOf(caller.principal, caller.emergencyJustification);
    if (facts === null || asking === null) return WITHHOLD_ALL;
    const now = this.now();
    const memo = new Map<string, ExistenceDecision>();
    const existence = (record: ExistenceRef): ExistenceDecision => {
      const key = JSON.stringify([record.ownerOrganizationId, record.survivorId, record.partyOrganizationIds]);
      let decision = memo.get(key);
      if (decision === undefined) memo.set(key, (decision = decideExistence(asking, record, facts, now)));
      return decision;
    };
    return { field: memoizedDecide(asking, facts, now), existence };
  }

  /** The response in the client's shape, every record and sensitive field decided by `decider` (step 3). */
  rebuildDeciding(shaped: ShapedOperation, result: ExecutedResult, variables: Record<string, unknown>, decider: Decider): RebuiltResult {
    const denialOf = (decision: Decision): FieldDenial | null => (decision.release ? null : { code: decision.code, message: decision.message });
    const valueRule: ValueRule = ({ parentTypeName, fieldName, extras }) => {
      const category = this.categoryOf(parentTypeName, fieldName, false);
      return category === null ? null : denialOf(decider.field(this.recordRef(category, parentTypeName, fieldName, extras)));
    };
    const elementRule: ElementRule = ({ viaTypeName, viaFieldName, elementTypeName, extras }) => {
      const category = this.categoryOf(viaTypeName, viaFieldName, true);
      const presence = category === null ? null : denialOf(decider.field(this.recordRef(category, viaTypeName, viaFieldName, extras)));
      if (presence !== null) return presence;
      const shape = this.existenceShapeOf(elementTypeName);
      return shape === undefined ? null : denialOf(decider.existence(this.existenceRef(shape, extras)).decision);
    };
    return shaped.rebuild(result, variables, valueRule, elementRule);
  }

  /** The ledger's view of the response: one item per record, category and outcome, with the fields it covers. */
  private ledgerItems(rebuilt: RebuiltResult, decider: Decider): DisclosureItem[] {
    const items = new Map<string, DisclosureItem>();
    const put = (recordType: string, extras: Readonly<Record<string, unknown>>, record: RecordRef, decision: Decision, field: string) => {
      const item: DisclosureItem = {
        recordType,
        recordId: keyOf(extras.id),
        survivorId: record.survivorId,
        ownerOrganizationId: record.ownerOrganizationId,
        category: record.category,
        fields: [],
        released: decision.release,
        code: decision.release ? null : decision.code,
        ...groundsOf(decision),
      };
      const key = JSON.stringify([item.recordType, item.recordId, item.survivorId, item.ownerOrganizationId, item.category, item.released, item.code]);
      const existing = items.get(key);
      const target = existing ?? item;
      if (!target.fields.includes(field)) target.fields.push(field);
      if (existing === undefined) items.set(key, item);
    };
    const add = (entry: RebuiltResult["released"][number]) => {
      const element = entry.elementTypeName !== undefined;
      const category = this.categoryOf(entry.parentTypeName, entry.fieldName, element);
      if (category !== null) {
        const record = this.recordRef(category, entry.parentTypeName, entry.fieldName, entry.extras);
        const decision = decider.field(record);
        put(entry.elementTypeName ?? entry.parentTypeName, entry.extras, record, decision, entry.fieldName);
        // A presence element that was refused was never asked about its existence.
        if (!decision.release) return;
      }
      const shape = this.existenceShapeOf(entry.elementTypeName);
      if (shape === undefined) return;
      const existence = this.existenceRef(shape, entry.extras);
      const { decision, category: decidedOn } = decider.existence(existence);
      const record: RecordRef = { category: decidedOn, survivorId: existence.survivorId, ownerOrganizationId: existence.ownerOrganizationId };
      put(entry.elementTypeName!, entry.extras, record, decision, EXISTENCE_FIELD);
    };
    for (const entry of rebuilt.released) add(entry);
    for (const entry of rebuilt.withheld) add(entry);
    return [...items.values()];
  }
}

/**
 * The ledger items of the writes the gates let through: one per root answer that is the record a
 * write made (the mutation field, and the keys it was decided on), whatever the caller is shown of
 * it — the write happened either way. A write that failed answered no record and records nothing.
 */
function writeItems(recorded: RebuiltResult, writes: readonly WriteDisclosure[]): DisclosureItem[] {
  const items = new Map<string, DisclosureItem>();
  for (const answer of recorded.released) {
    if (answer.path.length !== 1 || answer.elementTypeName === undefined) continue;
    for (const write of writes) {
      if (answer.fieldName !== write.fieldName || !Object.entries(write.match).every(([field, value]) => answer.extras[field] === value)) continue;
      const item: DisclosureItem = { ...write.item, fields: [...write.item.fields], recordId: keyOf(answer.extras.id) };
      items.set(JSON.stringify(item), item);
    }
  }
  return [...items.values()];
}
