import { GraphQLError, OperationTypeNode } from "graphql";
import { z } from "zod";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import type { SystemCall } from "../../platform/systemClient.js";
import { policyUnavailable, rootFieldArguments, uuidOrNull, type MutationGate } from "./mutationGate.js";

/** Where each kind of service lives, and how to read its organisation and status there. */
const LOOKUPS = {
  SHELTER_PROGRAM: { source: "shelters", query: `query GateService($id: ID!) { service: shelterProgram(id: $id) { status organization { id } } }` },
  LEGAL_SERVICE: { source: "legalAid", query: `query GateService($id: ID!) { service: legalService(id: $id) { status organization { id } } }` },
  LIAISON_UNIT: { source: "lawEnforcement", query: `query GateService($id: ID!) { service: liaisonUnit(id: $id) { status organization { id } } }` },
} as const;
type ServiceKind = keyof typeof LOOKUPS;

const answer = z.object({ service: z.object({ status: z.string(), organization: z.object({ id: z.string() }) }).nullable() });

export interface ReferralServiceSources {
  shelters: SystemCall;
  legalAid: SystemCall;
  lawEnforcement: SystemCall;
}

const refuse = (message: string) => new GraphQLError(`Invalid input: input.serviceId: ${message}`, { extensions: { code: ERROR_CODES.BAD_USER_INPUT, argumentName: "input" } });

/**
 * Before `submitReferral`: the service it names must exist in the subgraph of its kind, belong to
 * the receiving organisation, and take referrals (ACTIVE). What can be known at submission is
 * refused then, with the field named — rather than accepted, and then refused by the partner's
 * subgraph when the relay brings it the referral, where it would wait behind nothing but itself.
 * The directory is public data: a refusal here says nothing about any survivor. Inputs that are
 * not well formed are left for the network's own validation, which names them; facts that cannot
 * be had refuse the submission (POLICY_UNAVAILABLE), nothing sent.
 */
export function referralServiceGate(sources: ReferralServiceSources): MutationGate {
  return async ({ schema, operation, variables, requestId }) => {
    if (operation.operation !== OperationTypeNode.MUTATION) return null;
    for (const args of rootFieldArguments(schema, operation, variables, "submitReferral")) {
      const input: { serviceKind?: unknown; serviceId?: unknown; receiverOrganizationId?: unknown } | null = args?.input ?? null;
      if (input === null) return null;
      const serviceId = uuidOrNull(input.serviceId);
      const receiver = uuidOrNull(input.receiverOrganizationId);
      const kind = typeof input.serviceKind === "string" && Object.hasOwn(LOOKUPS, input.serviceKind) ? (input.serviceKind as ServiceKind) : null;
      if (serviceId === null || receiver === null || kind === null) continue;
      let service;
      try {
        const lookup = LOOKUPS[kind];
        service = answer.parse(await sources[lookup.source]<unknown>(lookup.query, { id: serviceId }, requestId)).service;
      } catch {
        return policyUnavailable("The service the referral names could not be checked; nothing was sent. Try again shortly.");
      }
      if (service === null || service.organization.id !== receiver) return refuse(`no ${kind.toLowerCase().replace("_", " ")} of the receiving organisation has this id`);
      if (service.status !== "ACTIVE") return refuse(`the service does not take referrals now (${service.status})`);
    }
    return null;
  };
}
