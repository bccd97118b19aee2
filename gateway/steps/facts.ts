/**
 * useFacts: which records the response holds, and the facts that decide them (docs/design.md, "The
 * consent rule"). The response is rebuilt once recording, without deciding, each survivor record
 * (subject, owner, parties), each sensitive field's record and each element of a presence field;
 * then the consents and agreements for all of them are fetched in ONE call to the network subgraph,
 * fresh (nothing is cached between requests). Nothing is fetched when the response holds none.
 * Without consent enforcement (the benchmark's other side only) it does nothing.
 *
 * Refuses nothing: when the facts cannot be had, every decision is POLICY_UNAVAILABLE (useDecide).
 */
import type { ConsentEnforcement } from "../policy/consentEnforcement.js";
import { consentCaller } from "./consentCaller.js";
import { required, type OperationStep } from "./step.js";

export function useFacts(options: { consent: ConsentEnforcement | null }): OperationStep {
  const { consent } = options;
  return async (state) => {
    if (consent === null) return undefined;
    const shaped = required(state.shaped, "the rewritten operation");
    state.recorded = consent.recordedResponse(shaped, required(state.executed, "the executed result"), state.variables);
    state.records = consent.sensitiveRecords(state.recorded);
    if (state.records.length > 0) state.facts = await consent.fetchFacts(state.records, consentCaller(state));
    return undefined;
  };
}
