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

export interface ConsentRecord {
  id: string;
  survivorId: string;
  granteeOrganizationId: string | null;
  granteeKind: string | null;
  categories: readonly string[];
  purposes: readonly string[];
  validFrom: Date;
  validUntil: Date | null;
  withdrawnAt: Date | null;
}

export interface AgreementRecord {
  id: string;
  fromOrganizationId: string;
  toOrganizationId: string;
  bothWays: boolean;
  categories: readonly string[];
  purposes: readonly string[];
  validFrom: Date;
  validUntil: Date | null;
  status: string;
}

const isPurpose = (value: string): value is Purpose => (PURPOSES as readonly string[]).includes(value);
const categoriesOf = (values: readonly string[]): SensitiveCategory[] => values.filter(isSensitiveCategory);
const purposesOf = (values: readonly string[]): Purpose[] => values.filter(isPurpose);

export function toDecisionFacts(records: { consents: readonly ConsentRecord[]; agreements: readonly AgreementRecord[] }): NonNullable<DecisionFacts> {
  const consents = records.consents.map(
    (row): Consent => ({
      id: row.id,
      survivorId: row.survivorId,
      // A row holds exactly one of the two (a check constraint); a grantee of neither shape names nobody.
      grantee: row.granteeOrganizationId !== null ? { organizationId: row.granteeOrganizationId } : { organizationKind: row.granteeKind as OrganizationKind },
      categories: categoriesOf(row.categories),
      purposes: purposesOf(row.purposes),
      validFrom: row.validFrom,
      validUntil: row.validUntil,
      withdrawnAt: row.withdrawnAt,
    }),
  );
  const agreements = records.agreements.map(
    (row): Agreement => ({
      id: row.id,
      fromOrganizationId: row.fromOrganizationId,
      toOrganizationId: row.toOrganizationId,
      bothWays: row.bothWays,
      categories: categoriesOf(row.categories),
      purposes: purposesOf(row.purposes),
      validFrom: row.validFrom,
      validUntil: row.validUntil,
      status: row.status === "ACTIVE" || row.status === "SUSPENDED" || row.status === "REVOKED" ? row.status : "PROPOSED",
    }),
  );
  return { consents, agreements };
}
