/**
 * "IN FORCE", said once. When a consent or an agreement counts at an instant is written here as
 * data, and everything else is derived from it: the rule's own predicate (`inForceAt`, used by
 * decide.ts), the network subgraph's database conditions (subgraphs/network/inForceWhere.ts, built
 * from the same descriptions) and the display statuses (an agreement's effective status, a
 * consent's status). test/integration/in-force.property.test.ts holds the predicate and the
 * database condition to the same answers on random rows. Pure.
 *
 * Every period is half-open: a fact counts from its `from` instant (inclusive) and stops at the
 * first of its `until` instants (exclusive; null = never). A withdrawal is one more `until`: it
 * counts from withdrawnAt inclusive, and one dated in the future does not count yet. An invalid
 * Date (NaN) anywhere makes a comparison false, which makes the fact not in force: closed again.
 */

export interface InForceCondition {
  /** The fact counts only while this field holds one of these values; null: any stored status. */
  readonly status: { readonly field: string; readonly values: readonly string[] } | null;
  /** The instant from which the fact counts (inclusive). */
  readonly from: string;
  /** The instants at which it stops counting (exclusive), each null for "never". */
  readonly until: readonly string[];
}

/** A consent counts from validFrom until validUntil or its withdrawal, whichever comes first. */
export const CONSENT_IN_FORCE = {
  status: null,
  from: "validFrom",
  until: ["validUntil", "withdrawnAt"],
} as const satisfies InForceCondition;

/** An agreement counts while it is ACTIVE (signed by both, not suspended, revoked nor replaced) and within its period. */
export const AGREEMENT_IN_FORCE = {
  status: { field: "status", values: ["ACTIVE"] },
  from: "validFrom",
  until: ["validUntil"],
} as const satisfies InForceCondition;

type StatusField<C extends InForceCondition> = C["status"] extends { readonly field: infer F extends string } ? F : never;

/** The fields of a row that the condition `C` reads, with their types. */
export type InForceRow<C extends InForceCondition> = { readonly [K in C["from"]]: Date } & { readonly [K in C["until"][number]]: Date | null } & {
  readonly [K in StatusField<C>]: string;
};

type Fields = Readonly<Record<string, unknown>>;

function instant(value: unknown): number | null {
  return value instanceof Date ? value.getTime() : null;
}

function statusAllows(condition: InForceCondition, row: Fields): boolean {
  if (condition.status === null) return true;
  const value = row[condition.status.field];
  return typeof value === "string" && condition.status.values.includes(value);
}

function started(condition: InForceCondition, row: Fields, now: Date): boolean {
  const from = instant(row[condition.from]);
  return from !== null && from <= now.getTime();
}

function notEnded(condition: InForceCondition, row: Fields, now: Date): boolean {
  const t = now.getTime();
  return condition.until.every((field) => {
    const value = row[field];
    if (value === null) return true;
    const until = instant(value);
    return until !== null && t < until;
  });
}

/** Its `from` instant has come: from ≤ now. NaN → false. */
export function startedAt<C extends InForceCondition>(condition: C, row: { readonly [K in C["from"]]: Date }, now: Date): boolean {
  return started(condition, row, now);
}

/** None of its `until` instants has come: each null or now < until. NaN → false. */
export function notEndedAt<C extends InForceCondition>(condition: C, row: { readonly [K in C["until"][number]]: Date | null }, now: Date): boolean {
  return notEnded(condition, row, now);
}

/** In force at `now`: a status that can be, started, and not ended. */
export function inForceAt<C extends InForceCondition>(condition: C, row: InForceRow<C>, now: Date): boolean {
  return statusAllows(condition, row) && started(condition, row, now) && notEnded(condition, row, now);
}
