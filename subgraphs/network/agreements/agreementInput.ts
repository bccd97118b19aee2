import { z } from "zod";
import { PURPOSES, type Purpose } from "../../../vocabulary/principal.js";
import { SENSITIVE_CATEGORIES } from "../../../vocabulary/categories.js";

// Validation of agreement inputs at the edge. Messages name the field; values are never echoed.

/** Which way an agreement shares, seen from the organisation that proposes it (or its amendment). */
export const AgreementDirection = {
  /** The proposing organisation shares its records with the counterpart. */
  PROPOSER_SHARES: "PROPOSER_SHARES",
  /** The counterpart shares its records with the proposing organisation. */
  COUNTERPART_SHARES: "COUNTERPART_SHARES",
  /** Each shares its records with the other. */
  BOTH_WAYS: "BOTH_WAYS",
} as const;
export type AgreementDirection = (typeof AgreementDirection)[keyof typeof AgreementDirection];

/**
 * The purposes an agreement may name. Not EMERGENCY: the emergency override needs only SOME
 * agreement in force between the two organisations and never reads an agreement's purposes, so
 * naming it would promise something the rule does not do. Not DIRECTORY: the directory holds no
 * survivor data and needs no agreement.
 */
export const AGREEMENT_PURPOSES = PURPOSES.filter((purpose): purpose is Exclude<Purpose, "EMERGENCY" | "DIRECTORY"> => purpose !== "EMERGENCY" && purpose !== "DIRECTORY");

const noRepeats = (list: readonly string[]) => new Set(list).size === list.length;

const categories = z
  .array(z.enum(SENSITIVE_CATEGORIES, { error: `must be one of ${SENSITIVE_CATEGORIES.join(", ")}` }))
  .min(1, "name at least one category")
  .max(SENSITIVE_CATEGORIES.length)
  .refine(noRepeats, "must not repeat a category");

const purposes = z
  .array(z.enum(AGREEMENT_PURPOSES, { error: `must be one of ${AGREEMENT_PURPOSES.join(", ")}` }))
  .min(1, "name at least one purpose")
  .max(AGREEMENT_PURPOSES.length)
  .refine(noRepeats, "must not repeat a purpose");

const direction = z.enum(AgreementDirection);
const summary = z.string().trim().min(1, "write a plain-language summary").max(2_000, "at most 2000 characters");
const reason = z.string().trim().min(1, "give a reason").max(2_000, "at most 2000 characters");

/** [validFrom, validUntil) must be a period, and one that has not ended yet. */
function checkPeriod(validFrom: Date, validUntil: Date, now: Date, context: z.RefinementCtx): void {
  if (validUntil.getTime() <= validFrom.getTime()) {
    context.addIssue({ code: "custom", message: "must be after validFrom", path: ["validUntil"] });
  } else if (validUntil.getTime() <= now.getTime()) {
    context.addIssue({ code: "custom", message: "must be in the future", path: ["validUntil"] });
  }
}

const validUntil = z.date({ error: "give an end date" });

/** The complete terms of a version (an amendment's, once merged with the version it amends). */
export const agreementTermsSchema = (now: Date) =>
  z
    .object({ direction, categories, purposes, validFrom: z.date(), validUntil, summary })
    .superRefine((terms, context) => checkPeriod(terms.validFrom, terms.validUntil, now, context));
export type AgreementTerms = z.infer<ReturnType<typeof agreementTermsSchema>>;

/** `proposeAgreement(input)`: a first version, to another organisation. validFrom defaults to now. */
export const proposeAgreementSchema = (ownOrganizationId: string, now: Date) =>
  z
    .object({
      counterpartOrganizationId: z.uuid().refine((id) => id.toLowerCase() !== ownOrganizationId, "must be another organisation than your own"),
      direction,
      categories,
      purposes,
      validFrom: z
        .date()
        .nullish()
        .transform((value) => value ?? now),
      validUntil,
      summary,
    })
    .strict()
    .superRefine((input, context) => checkPeriod(input.validFrom, input.validUntil, now, context));

/** `amendAgreement(id, input)`: what changes; anything left out stays as in the version amended. */
export const amendAgreementSchema = z
  .object({
    direction: direction.nullish(),
    categories: categories.nullish(),
    purposes: purposes.nullish(),
    validFrom: z.date().nullish(),
    validUntil: validUntil.nullish(),
    summary: summary.nullish(),
  })
  .strict();

/** A change that needs a reason: suspend, revoke, decline. */
export const reasonedChangeSchema = z.object({ id: z.uuid(), reason }).strict();

/** A change without one: countersign, reinstate. */
export const changeSchema = z.object({ id: z.uuid() }).strict();

/** The stored shape of a direction: who shares with whom. */
export interface AgreementParties {
  fromOrganizationId: string;
  toOrganizationId: string;
  bothWays: boolean;
}

/** Stored parties of a version proposed by `proposer` to `counterpart` in `direction`. */
export function partiesOf(direction: AgreementDirection, proposer: string, counterpart: string): AgreementParties {
  switch (direction) {
    case "PROPOSER_SHARES":
      return { fromOrganizationId: proposer, toOrganizationId: counterpart, bothWays: false };
    case "COUNTERPART_SHARES":
      return { fromOrganizationId: counterpart, toOrganizationId: proposer, bothWays: false };
    case "BOTH_WAYS":
      return { fromOrganizationId: proposer, toOrganizationId: counterpart, bothWays: true };
  }
}

/** The direction of stored parties, seen from `organizationId` (one of them). */
export function directionSeenBy(parties: AgreementParties, organizationId: string): AgreementDirection {
  if (parties.bothWays) return "BOTH_WAYS";
  return parties.fromOrganizationId === organizationId ? "PROPOSER_SHARES" : "COUNTERPART_SHARES";
}
