import type { Agreement, Consent, DecisionFacts } from "../../../gateway/consent/facts.js";
import type { OrganizationKind } from "../../kit/directory.js";
import { PURPOSES, type Purpose } from "../../kit/principal.js";
import { isSensitiveCategory, type SensitiveCategory } from "../../kit/sensitive.js";
import type { PolicyFactRows } from "./readPolicyFacts.js";

const isPurpose = (value: string): value is Purpose => (PURPOSES as readonly string[]).includes(value);
const categoriesOf = (values: readonly string[]): SensitiveCategory[] => values.filter(isSensitiveCategory);
const purposesOf = (values: readonly string[]): Purpose[] => values.filter(isPurpose);

/**
 * Database rows → the facts of the gateway's pure rule, converted exactly as the gateway converts
 * `_policyFacts` (gateway/policy/policyFacts.ts), so that a dry run here and the gateway decide on
 * the same facts: unknown categories and purposes are dropped (a fact then covers less, which fails
 * closed), and every agreement status but ACTIVE, SUSPENDED and REVOKED reads as PROPOSED — out of
 * force, like SUPERSEDED and DECLINED must be.
 */
export function toDecisionFacts(rows: PolicyFactRows): NonNullable<DecisionFacts> {
  const consents = rows.consents.map(
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
  const agreements = rows.agreements.map(
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
