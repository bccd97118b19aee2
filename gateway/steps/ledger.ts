/**
 * useLedger: ONE disclosure-ledger entry for the response, in the network subgraph: every record and
 * category it released or withheld and what decided it (what it records as released is exactly what
 * the rebuilt response holds), and what the gates let a write disclose (useGates). Every answer that
 * reached a survivor record is recorded. If the entry cannot be written, nothing sensitive leaves:
 * the response is rebuilt with every sensitive field withheld and every record left out.
 *
 * Refuses nothing whole; when the ledger is unavailable, withholds with POLICY_UNAVAILABLE.
 */
import { WITHHOLD_ALL, type ConsentEnforcement } from "../policy/consentEnforcement.js";
import { consentCaller } from "./consentCaller.js";
import { required, type OperationStep } from "./step.js";

export function useLedger(options: { consent: ConsentEnforcement | null }): OperationStep {
  const { consent } = options;
  return async (state) => {
    if (consent === null || !state.records?.length) return undefined;
    const [rebuilt, decider, recorded] = [required(state.rebuilt, "the rebuilt response"), required(state.decider, "the rule"), required(state.recorded, "the recorded response")];
    if (await consent.record(rebuilt, decider, recorded, state.writes, consentCaller(state))) return undefined;
    // Unrecorded, nothing sensitive may leave: withhold all of it.
    state.rebuilt = consent.rebuildDeciding(required(state.shaped, "the rewritten operation"), required(state.executed, "the executed result"), state.variables, WITHHOLD_ALL);
    return undefined;
  };
}
