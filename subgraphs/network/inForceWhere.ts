import type { Prisma } from "../../prisma/network/generated/client.js";
import { AGREEMENT_IN_FORCE, CONSENT_IN_FORCE, type InForceCondition } from "../../policy/inForce.js";

// "In force" as database conditions, built from the policy's own descriptions (policy/inForce.ts)
// rather than written a second time: the rule's predicate and these conditions cannot drift apart,
// and test/integration/in-force.property.test.ts runs both on random rows to show they agree.

// The field names come from the policy's descriptions, typed as the model's own columns below
// (`Naming`), so a description naming a column the model lacks does not compile.
type Where = Record<string, unknown>;

/** Its status is one that can be in force. */
function statusAllowsWhere(condition: InForceCondition): Where[] {
  return condition.status === null ? [] : [{ [condition.status.field]: { in: [...condition.status.values] } }];
}

/** Its `from` instant has come. */
function startedWhere(condition: InForceCondition, now: Date): Where {
  return { [condition.from]: { lte: now } };
}

/** Not yet started. */
function notStartedWhere(condition: InForceCondition, now: Date): Where {
  return { [condition.from]: { gt: now } };
}

/** None of its `until` instants has come (each null, or after now). */
function notEndedWhere(condition: InForceCondition, now: Date): Where[] {
  return condition.until.map((field) => ({ OR: [{ [field]: null }, { [field]: { gt: now } }] }));
}

/** One of its `until` instants has come. */
function endedWhere(condition: InForceCondition, now: Date): Where {
  return { OR: condition.until.map((field) => ({ [field]: { lte: now } })) };
}

function inForceWhere(condition: InForceCondition, now: Date): Where {
  return { AND: [...statusAllowsWhere(condition), startedWhere(condition, now), ...notEndedWhere(condition, now)] };
}

/** A description naming only columns of the model whose conditions are `W`. */
type Naming<W> = InForceCondition & { readonly status: { readonly field: keyof W } | null; readonly from: keyof W; readonly until: readonly (keyof W)[] };
const CONSENT: Naming<Prisma.ConsentWhereInput> = CONSENT_IN_FORCE;
const AGREEMENT: Naming<Prisma.AgreementWhereInput> = AGREEMENT_IN_FORCE;

/** A consent in force now: started, not ended, not withdrawn (a withdrawal dated in the future does not count yet). */
export function consentInForce(now: Date): Prisma.ConsentWhereInput {
  return inForceWhere(CONSENT, now);
}

/** An agreement in force now: ACTIVE and within its period. */
export function agreementInForce(now: Date): Prisma.AgreementWhereInput {
  return inForceWhere(AGREEMENT, now);
}

/** An agreement whose period has not ended at `now` (whatever its status). */
export function agreementNotEnded(now: Date): Prisma.AgreementWhereInput {
  return { AND: notEndedWhere(AGREEMENT, now) };
}

/** An agreement whose period has ended at `now` (whatever its status). */
export function agreementEnded(now: Date): Prisma.AgreementWhereInput {
  return endedWhere(AGREEMENT, now);
}

/** An agreement whose period has not started at `now` (whatever its status). */
export function agreementNotStarted(now: Date): Prisma.AgreementWhereInput {
  return notStartedWhere(AGREEMENT, now);
}
