/**
 * Stable `extensions.code` values of a consent denial, and the fixed message that goes with each.
 * Clients may branch on the codes; never rename one. The messages are constants: they never carry
 * a value, an id, a name or anything else taken from the request or the records.
 */
export const DECISION_CODES = {
  /** No usable consent of the survivor names the caller's organisation (or its kind) for this category. */
  CONSENT_REQUIRED: "CONSENT_REQUIRED",
  /** No usable data-sharing agreement from the owning organisation to the caller's covers this category. */
  AGREEMENT_REQUIRED: "AGREEMENT_REQUIRED",
  /** The declared purpose of use (or its absence) does not permit this category. */
  PURPOSE_NOT_PERMITTED: "PURPOSE_NOT_PERMITTED",
  /** None of the caller's roles may see this category (or invoke an emergency for it). */
  ROLE_FORBIDDEN: "ROLE_FORBIDDEN",
  /** The facts the decision needs could not be had (owner, subject, consents or agreements): refused. */
  POLICY_UNAVAILABLE: "POLICY_UNAVAILABLE",
  /** Purpose EMERGENCY was declared without a written justification. */
  EMERGENCY_JUSTIFICATION_REQUIRED: "EMERGENCY_JUSTIFICATION_REQUIRED",
} as const;
export type DecisionCode = (typeof DECISION_CODES)[keyof typeof DECISION_CODES];

/** Every code, for exhaustive checks. */
export const ALL_DECISION_CODES: readonly DecisionCode[] = Object.freeze(Object.values(DECISION_CODES));

/** The client-facing message of each code. Fixed text only. */
export const DECISION_MESSAGES: Readonly<Record<DecisionCode, string>> = Object.freeze({
  CONSENT_REQUIRED: "Withheld: the survivor's consent does not cover this data for your organisation.",
  AGREEMENT_REQUIRED: "Withheld: no active data-sharing agreement covers this data for your organisation.",
  PURPOSE_NOT_PERMITTED: "Withheld: no purpose of use was declared, or the one declared does not permit this data.",
  ROLE_FORBIDDEN: "Withheld: your role does not allow this data.",
  POLICY_UNAVAILABLE: "Withheld: the sharing policy could not be checked; try again later.",
  EMERGENCY_JUSTIFICATION_REQUIRED: "Withheld: emergency access requires a written justification.",
});
