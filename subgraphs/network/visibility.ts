import type { Prisma } from "../../prisma/network/generated/client.js";
import { hasAnyRole, type Principal, type Role } from "../kit/principal.js";
import { NO_ORGANIZATION } from "../kit/scope.js";
import { OPEN_STATUSES } from "./referrals/transitions.js";

// Row visibility of survivors, decided here where the relationships live (DESIGN.md, "Where
// things are decided"). Each rule is a Prisma condition placed inside the query itself, so a list,
// a lookup by id and a federation reference cost one query each, and nothing is cached: a consent
// withdrawn, expired or recorded counts on the very next request. A survivor the caller may not see
// is indistinguishable from one that does not exist. Purposes and categories of consents do not
// matter here; the gateway decides those field by field. A caller without an organisation (the
// gateway itself) sees none.

/** A consent that counts now: not withdrawn, started, not yet ended ([validFrom, validUntil)). */
export function consentInForce(now: Date): Prisma.ConsentWhereInput {
  return { withdrawnAt: null, validFrom: { lte: now }, OR: [{ validUntil: null }, { validUntil: { gt: now } }] };
}

/** An agreement that counts now: ACTIVE and within its period. */
export function agreementInForce(now: Date): Prisma.AgreementWhereInput {
  return { status: "ACTIVE", validFrom: { lte: now }, OR: [{ validUntil: null }, { validUntil: { gt: now } }] };
}

/**
 * The survivors the caller's organisation registered: the only ones whose consents it records,
 * withdraws and reads. A consent lets another organisation see the survivor, never manage them.
 */
export function ownSurvivors(principal: Principal): Prisma.SurvivorWhereInput {
  return { registeredByOrganizationId: principal.organizationId ?? NO_ORGANIZATION };
}

/**
 * Which survivors a caller sees, in lists and by id: those registered by the caller's own
 * organisation, those with a consent in force now that names the caller's organisation or every
 * organisation of its kind, and those of an open referral the caller's organisation received.
 */
export function visibleSurvivors(principal: Principal, now: Date = new Date()): Prisma.SurvivorWhereInput {
  const organizationId = principal.organizationId ?? NO_ORGANIZATION;
  const grantees: Prisma.ConsentWhereInput[] = [{ granteeOrganizationId: organizationId }];
  // Without an organisation there is no kind either: a kind grant never reaches the system principal.
  if (principal.organizationId && principal.organizationKind) grantees.push({ granteeKind: principal.organizationKind });
  return {
    OR: [
      { registeredByOrganizationId: organizationId },
      { consents: { some: { AND: [consentInForce(now), { OR: grantees }] } } },
      // The receiver of an open referral works with the survivor; what it sees of them is the rule's.
      { referrals: { some: { receiverOrganizationId: organizationId, status: { in: [...OPEN_STATUSES] } } } },
    ],
  };
}

/** The roles that may act in an emergency (the gateway's consent rule names the same). */
export const EMERGENCY_VISIBILITY_ROLES: readonly Role[] = ["CASEWORKER", "LIAISON_OFFICER"];

/**
 * Which survivors a caller reaches by id (`survivor(id)`, federation references): the visible
 * ones, and in an emergency also those registered by an organisation that holds an agreement in
 * force with the caller's, in either direction, whatever it covers.
 *
 * Why: an emergency releases CONTACT and LOCATION without consent to an organisation that holds
 * some active agreement with the owner (DESIGN.md, the consent rule). Without this the rule could
 * never apply, since a survivor without a consent to the caller would not be found at all.
 * Why by id only: an emergency is about one person whose id the caller already holds; it must not
 * turn into a list of every partner's survivors. The gateway still decides every field (written
 * justification, role, category) and records each release in the ledger and notifies the owner.
 */
export function reachableSurvivors(principal: Principal, now: Date = new Date()): Prisma.SurvivorWhereInput {
  const visible = visibleSurvivors(principal, now);
  if (principal.purpose !== "EMERGENCY" || !principal.organizationId || !hasAnyRole(principal, EMERGENCY_VISIBILITY_ROLES)) return visible;
  const caller = principal.organizationId;
  const inForce = agreementInForce(now);
  return {
    OR: [
      visible,
      {
        registeredBy: {
          OR: [{ agreementsFrom: { some: { AND: [inForce, { toOrganizationId: caller }] } } }, { agreementsTo: { some: { AND: [inForce, { fromOrganizationId: caller }] } } }],
        },
      },
    ],
  };
}
