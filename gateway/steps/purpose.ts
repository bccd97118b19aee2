/**
 * usePurpose: the purpose of use the caller declares (X-Purpose-Of-Use), and the written
 * justification of an emergency (X-Emergency-Justification). Neither is required here: an
 * operation that reaches a survivor record without a purpose is refused later (usePurposeRequired),
 * once the operation is known; whether a justification is blank is the rule's question.
 *
 * Refuses with HTTP 400: PURPOSE_INVALID (an unknown purpose), BAD_USER_INPUT (a justification sent
 * twice, not percent-decodable, or too long).
 */
import { JUSTIFICATION_HEADER, PURPOSE_HEADER, readJustification, readPurpose } from "../purpose.js";
import type { CallerStep } from "./step.js";

export function usePurpose(): CallerStep {
  return (state) => {
    state.purpose = readPurpose(state.req.headers[PURPOSE_HEADER]);
    state.emergencyJustification = readJustification(state.req.headers[JUSTIFICATION_HEADER]);
  };
}
