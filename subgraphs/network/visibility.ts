import type { Prisma } from "../../prisma/network/generated/client.js";
import { hasAnyRole, type Principal } from "../../vocabulary/principal.js";
import { NO_ORGANIZATION } from "../kit/scope.js";
import { EMERGENCY_ROLES, roleAllows } from "../../policy/categories.js";
import { EXISTENCE_CATEGORY } from "../../policy/existence.js";
import { agreementInForce, consentInForce } from "./inForceWhere.js";

// Row visibility of survivors, decided here where the relationships live (docs/design.md, "Where
// things are decided"). Each rule is a Prisma condition placed inside the query itself, so a list,
// a lookup by id and a federation reference cost one query each, and nothing is cached: a consent
// withdrawn, expired or recorded counts on the very next request ("in force" is the rule's own,
// policy/inForce.ts, as a condition: ./inForceWhere.ts). A survivor the caller may not see
// is indistinguishable from one that does not exist. A caller without an organisation (the gateway
// itself) sees none.

/**
 * The survivors the caller's organisation registered: the only ones whose consents it records,
 * withdraws and reads. A consent lets another organisation see the survivor, never manage them.
 */
export function ownSurvivors(principal: Principal): Prisma.SurvivorWhereInput {
  return { registeredByOrganizationId: principal.organizationId ?? NO_ORGANIZATION };
}

/**
 * Which survivors a caller sees, in lists and by id: exactly those the consent rule lets it know
 * exist (policy/existence.ts), written as a condition of the query so that a list, its
 * count and a lookup cost one query each. Those registered by the caller's own organisation, and
 * those whose IDENTITY the rule would release to the caller for its declared purpose: a role that
 * may see IDENTITY, an agreement in force sharing the owner's IDENTITY with the caller for the
 * purpose, and a consent in force of the survivor naming the caller's organisation (or its kind)
 * for IDENTITY and the purpose. The gateway decides the same rule again on every survivor record
 * of every answer; this condition keeps pages and counts equal to what it shows. A test holds the
 * two to the same answers.
 */
export function visibleSurvivors(principal: Principal, now: Date = new Date()): Prisma.SurvivorWhereInput {
  const organizationId = principal.organizationId ?? NO_ORGANIZATION;
  const own: Prisma.SurvivorWhereInput = { registeredByOrganizationId: organizationId };
  const purpose = principal.purpose;
  if (!principal.organizationId || !principal.organizationKind || purpose === null || purpose === "EMERGENCY" || !roleAllows(principal.roles, EXISTENCE_CATEGORY)) {
    return own;
  }
  const grantees: Prisma.ConsentWhereInput[] = [{ granteeOrganizationId: organizationId }, { granteeKind: principal.organizationKind }];
  const coversAgreement: Prisma.AgreementWhereInput = { categories: { has: EXISTENCE_CATEGORY }, purposes: { has: purpose } };
  const inForce = agreementInForce(now);
  return {
    OR: [
      own,
      {
        consents: { some: { AND: [consentInForce(now), { OR: grantees }, { categories: { has: EXISTENCE_CATEGORY } }, { purposes: { has: purpose } }] } },
        registeredBy: {
          OR: [
            { agreementsFrom: { some: { AND: [inForce, coversAgreement, { toOrganizationId: organizationId }] } } },
            { agreementsTo: { some: { AND: [inForce, coversAgreement, { fromOrganizationId: organizationId, bothWays: true }] } } },
          ],
        },
      },
    ],
  };
}

/**
 * Which survivors a caller reaches by id (`survivor(id)`, federation references): the visible
 * ones, and in an emergency also those registered by an organisation that shares its records with
 * the caller's under an agreement in force (from it to the caller, or two-way), whatever it covers.
 * A one-way agreement from the caller to the owner shares the caller's records, not the owner's:
 * it reaches nothing of the owner's, not even in an emergency.
 *
 * Why: an emergency releases CONTACT and LOCATION without consent to an organisation that holds
 * an active agreement sharing the owner's records with it (docs/design.md, "The emergency clause"). Without this the rule could
 * never apply, since a survivor without a consent to the caller would not be found at all.
 * Why by id only: an emergency is about one person whose id the caller already holds; it must not
 * turn into a list of every partner's survivors. The gateway still decides every field (written
 * justification, role, category) and whether the survivor may be known to exist at all (an
 * emergency without its justification shows nothing), records each release in the ledger and
 * notifies the owner.
 */
export function reachableSurvivors(principal: Principal, now: Date = new Date()): Prisma.SurvivorWhereInput {
  const visible = visibleSurvivors(principal, now);
  if (principal.purpose !== "EMERGENCY" || !principal.organizationId || !hasAnyRole(principal, EMERGENCY_ROLES)) return visible;
  const caller = principal.organizationId;
  const inForce = agreementInForce(now);
  return {
    OR: [
      visible,
      {
        registeredBy: {
          OR: [
            { agreementsFrom: { some: { AND: [inForce, { toOrganizationId: caller }] } } },
            { agreementsTo: { some: { AND: [inForce, { fromOrganizationId: caller, bothWays: true }] } } },
          ],
        },
      },
    ],
  };
}
