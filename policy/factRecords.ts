/**
 * Stored consents and agreements (database rows, or the network's `_policyFacts` answer once its
 * dates are read) → the facts of the rule. One conversion for the gateway and for the network's
 * own uses of the rule (the dry run, referral checks), so both decide on the same facts: unknown
 * categories and purposes are dropped (a fact then covers less, which fails closed), and every
 * agreement status but ACTIVE, SUSPENDED and REVOKED reads as PROPOSED — out of force, like
 * SUPERSEDED and DECLINED must be. Pure.
 */
import type { OrganizationKind } from "../vocabulary/organizations.js";
import { PURPOSES, type Purpose } from "../vocabulary/principal.js";
import { isSensitiveCategory, type SensitiveCategory } from "../vocabulary/categories.js";
import type { Agreement, Consent, DecisionFacts } from "./facts.js";

/**
 * THE SHAPE OF A FACT, said once: each stored field the rule reads, with its kind. The record types
 * below are derived from it, and so are the network's `_policyFacts` answer types
 * (subgraphs/network/resolvers/PolicyFactsResolver.ts builds ConsentFact and AgreementFact from
 * these) and the gateway's query and parser (gateway/policy/policyFacts.ts). A new field of a fact
 * is added here, read into the rule below, and stored by the network (its Prisma column).
 * Kinds: `id` (a non-empty id), `text`, `texts` (a list of strings), `flag` (a boolean),
 * `instant` (a date and time), `organizationKind`; each required or nullable.
 */
export const FACT_FIELD_KINDS = ["id", "text", "texts", "flag", "instant", "organizationKind"] as const;
export type FactFieldKind = (typeof FACT_FIELD_KINDS)[number];
export interface FactField {
  readonly kind: FactFieldKind;
  readonly nullable: boolean;
}
const required = <K extends FactFieldKind>(kind: K) => ({ kind, nullable: false as const });
const nullable = <K extends FactFieldKind>(kind: K) => ({ kind, nullable: true as const });

export const CONSENT_RECORD = {
  id: required("id"),
  survivorId: required("id"),
  granteeOrganizationId: nullable("id"),
  granteeKind: nullable("organizationKind"),
  categories: required("texts"),
  purposes: required("texts"),
  validFrom: required("instant"),
  validUntil: nullable("instant"),
  withdrawnAt: nullable("instant"),
} as const satisfies Record<string, FactField>;

export const AGREEMENT_RECORD = {
  id: required("id"),
  fromOrganizationId: required("id"),
  toOrganizationId: required("id"),
  bothWays: required("flag"),
  categories: required("texts"),
  purposes: required("texts"),
  validFrom: required("instant"),
  validUntil: nullable("instant"),
  status: required("text"),
} as const satisfies Record<string, FactField>;

/** What a field of each kind holds once read. */
interface FactValues {
  id: string;
  text: string;
  texts: readonly string[];
  flag: boolean;
  instant: Date;
  organizationKind: OrganizationKind;
}
export type FactRecordOf<Shape extends Record<string, FactField>> = {
  [K in keyof Shape]: FactValues[Shape[K]["kind"]] | (Shape[K]["nullable"] extends true ? null : never);
};

export type ConsentRecord = FactRecordOf<typeof CONSENT_RECORD>;
export type AgreementRecord = FactRecordOf<typeof AGREEMENT_RECORD>;

const isPurpose = (value: string): value is Purpose => (PURPOSES as readonly string[]).includes(value);
const categoriesOf = (values: readonly string[]): SensitiveCategory[] => values.filter(isSensitiveCategory);
const purposesOf = (values: readonly string[]): Purpose[] => values.filter(isPurpose);

export function toDecisionFacts(records: { consents: readonly ConsentRecord[]; agreements: readonly AgreementRecord[] }): NonNullable<DecisionFacts> {
  const consents = records.consents.map((row): Consent => ({
    id: row.id,
    survivorId: row.survivorId,
    // A row holds exactly one of the two (a check constraint); a grantee of neither shape names nobody.
    grantee: row.granteeOrganizationId !== null ? { organizationId: row.granteeOrganizationId } : { organizationKind: row.granteeKind as OrganizationKind },
    categories: categoriesOf(row.categories),
    purposes: purposesOf(row.purposes),
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    withdrawnAt: row.withdrawnAt,
  }));
  const agreements = records.agreements.map((row): Agreement => ({
    id: row.id,
    fromOrganizationId: row.fromOrganizationId,
    toOrganizationId: row.toOrganizationId,
    bothWays: row.bothWays,
    categories: categoriesOf(row.categories),
    purposes: purposesOf(row.purposes),
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    status: row.status === "ACTIVE" || row.status === "SUSPENDED" || row.status === "REVOKED" ? row.status : "PROPOSED",
  }));
  return { consents, agreements };
}
