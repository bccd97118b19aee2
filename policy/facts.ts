/**
 * The inputs of the consent decision: the caller, the record a field belongs to, and the facts
 * (consents, agreements) fetched for the response. Plain data; the decision never mutates them.
 */
import type { OrganizationKind } from "../vocabulary/organizations.js";
import type { Principal, Purpose, Role } from "../vocabulary/principal.js";
import type { DataCategory } from "./categories.js";

/** To whom a consent is given: one organisation, or every organisation of a partner kind. */
export type ConsentGrantee = { readonly organizationId: string } | { readonly organizationKind: OrganizationKind };

/** A survivor's consent (FHIR Consent in spirit). */
export interface Consent {
  readonly id: string;
  readonly survivorId: string;
  readonly grantee: ConsentGrantee;
  readonly categories: readonly DataCategory[];
  readonly purposes: readonly Purpose[];
  /** Inclusive. */
  readonly validFrom: Date;
  /** Exclusive; null = open-ended. */
  readonly validUntil: Date | null;
  /** The consent stops counting at this instant (inclusive); null = not withdrawn. */
  readonly withdrawnAt: Date | null;
}

export type AgreementStatus = "ACTIVE" | "SUSPENDED" | "REVOKED" | "PROPOSED";

/** A data-sharing agreement between two organisations (GBVIMS ISP in spirit). */
export interface Agreement {
  readonly id: string;
  /** The organisation whose records are shared. */
  readonly fromOrganizationId: string;
  /** The organisation that receives them. */
  readonly toOrganizationId: string;
  /** When true, the agreement also shares from `to` to `from`. */
  readonly bothWays: boolean;
  readonly categories: readonly DataCategory[];
  readonly purposes: readonly Purpose[];
  /** Inclusive. */
  readonly validFrom: Date;
  /** Exclusive; null = open-ended. */
  readonly validUntil: Date | null;
  readonly status: AgreementStatus;
}

/** The facts fetched for a response; null when they could not be had (the decision then fails closed). */
export type DecisionFacts = {
  readonly consents: readonly Consent[];
  readonly agreements: readonly Agreement[];
} | null;

/** The verified caller. */
export interface Caller {
  readonly organizationId: string;
  readonly organizationKind: OrganizationKind;
  readonly roles: readonly Role[];
  readonly purpose: Purpose | null;
  /** The written justification sent with purpose EMERGENCY; null when none. */
  readonly emergencyJustification: string | null;
}

/**
 * The caller as the rule reads it, from the verified principal and the justification sent with it;
 * null without an organisation (the gateway itself): then nothing of another's can be known.
 */
export function callerOf(principal: Principal, emergencyJustification: string | null): Caller | null {
  if (principal.organizationId === null || principal.organizationKind === null) return null;
  return { organizationId: principal.organizationId, organizationKind: principal.organizationKind, roles: principal.roles, purpose: principal.purpose, emergencyJustification };
}

/** The record a sensitive field sits on, and the field's category. */
export interface RecordRef {
  readonly category: DataCategory;
  /** The organisation that owns the record; null when unknown (fails closed). */
  readonly ownerOrganizationId: string | null;
  /** The survivor the record is about; null when unknown (fails closed unless an organisation category). */
  readonly survivorId: string | null;
}
