import { GraphQLError, OperationTypeNode } from "graphql";
import { z } from "zod";
import { OrganizationKind } from "../../vocabulary/organizations.js";
import { ERROR_CODES } from "../../vocabulary/errorCodes.js";
import type { Principal, Purpose, Role } from "../../vocabulary/principal.js";
import { decide, groundsOf, type Decision } from "../../policy/decide.js";
import { DECISION_CODES, type DecisionCode } from "../../policy/decisionCodes.js";
import { decideExistence, EXISTENCE_CATEGORY } from "../../policy/existence.js";
import { callerOf, type Caller } from "../../policy/facts.js";
import type { PrincipalCall, SystemCall } from "../../platform/systemClient.js";
import type { WriteDisclosure } from "../policy/disclosureLedger.js";
import type { PolicyFactsSource } from "../policy/policyFacts.js";
import { notFound, policyUnavailable, rootFieldArguments, uuidOrNull, type MutationGate } from "./mutationGate.js";
import { referralParties } from "./referralParties.js";

/** The purpose a certification request discloses the survivor for, whatever the requester declared. */
export const CERTIFICATION_PURPOSE: Purpose = "CERTIFICATION";
/** Who at the liaison unit's organisation works a request: the viewer the rule decides for. */
const LIAISON_ROLES: readonly Role[] = Object.freeze(["LIAISON_OFFICER"] as const);

/** The one answer for a survivor the caller may not know and for an id of no survivor: fixed text, no id. */
export const NO_SUCH_SURVIVOR = "Not found: input.survivorId: no such survivor";
/** The same for a referral the caller's organisation is no party to. */
export const NO_SUCH_REFERRAL = "Not found: input.referralId: no such referral of your organisation";
const UNAVAILABLE = "Whether this certification request may be sent could not be checked; nothing was sent. Try again shortly.";

/** What is missing, in words for the requester, by the rule's code. */
const MISSING: Partial<Record<DecisionCode, string>> = {
  CONSENT_REQUIRED: "no consent of the survivor in force names the liaison unit's organisation (or its kind) for IDENTITY",
  AGREEMENT_REQUIRED: "no agreement in force shares the survivor's records (IDENTITY) from their organisation with the liaison unit's organisation",
  PURPOSE_NOT_PERMITTED: "the agreement or consent that covers IDENTITY does not allow the purpose CERTIFICATION",
  ROLE_FORBIDDEN: "the liaison unit's officers may not be shown the survivor",
};

const SURVIVOR = `query GateSurvivor($id: ID!) { survivor(id: $id) { id ownerOrganizationId } }`;
const UNIT = `query GateLiaisonUnit($id: ID!) { liaisonUnit(id: $id) { id organization { id } } }`;
const ORGANIZATION = `query GateOrganization($id: ID!) { organization(id: $id) { id kind } }`;

const survivorSchema = z.object({ survivor: z.object({ id: z.string(), ownerOrganizationId: z.string().min(1) }).nullable() });
const unitSchema = z.object({ liaisonUnit: z.object({ id: z.string(), organization: z.object({ id: z.string().min(1) }) }).nullable() });
const organizationSchema = z.object({ organization: z.object({ id: z.string(), kind: z.enum(OrganizationKind) }).nullable() });

export interface CertificationRequestGateSources {
  /** The network as the system (the liaison organisation's kind, a referral's parties). */
  network: SystemCall;
  /** The network as the caller: `survivor(id)` answers exactly what the caller's own query would. */
  networkAs: PrincipalCall;
  /** The law-enforcement subgraph as the system (the liaison unit's organisation). */
  lawEnforcement: SystemCall;
  facts: PolicyFactsSource;
  /** The instant decisions are made at (the gateway's clock). */
  now: () => Date;
}

function refusedForLiaison(decision: Exclude<Decision, { release: true }>): GraphQLError {
  if (decision.code === DECISION_CODES.POLICY_UNAVAILABLE) return policyUnavailable(UNAVAILABLE);
  const missing = MISSING[decision.code] ?? "the sharing rule does not release the survivor to it";
  return new GraphQLError(`Nothing was sent: the liaison unit's organisation may not be told of this survivor for certification: ${missing}.`, {
    extensions: { code: decision.code, argumentName: "input" },
  });
}

/**
 * Before `requestCertification` runs (issues 12, 20). The request names a survivor and sends their
 * id to a liaison unit's organisation, so:
 *
 *  1. The caller must be allowed to know the survivor exists: the network's `survivor(id)` asked as
 *     the caller (its row visibility), then the existence rule on the facts for the caller's
 *     organisation, roles, purpose and justification — the very answer `survivor(id)` gives it. A
 *     survivor it may not know gets NO_SUCH_SURVIVOR, byte for byte the answer to an id of nobody.
 *  2. A referral it names must be one the caller's organisation sent or received; otherwise
 *     NO_SUCH_REFERRAL, the same for a referral of others as for none.
 *  3. The liaison unit's organisation must be released the survivor's IDENTITY by the rule, as its
 *     liaison officers asking for CERTIFICATION would be: an agreement in force sharing the owner's
 *     records with it (owner → liaison, or two-way) and the survivor's consent naming it or its kind,
 *     both covering IDENTITY and CERTIFICATION. Otherwise refused with the rule's code, saying what
 *     is missing. An unknown unit is refused as the subgraph would refuse it (its organisation
 *     cannot be checked); a unit of the caller's own organisation is the subgraph's to refuse.
 *
 * Nothing is written when any step refuses; a fact that cannot be had is POLICY_UNAVAILABLE (503).
 * An approval names the disclosure, recorded in the response's ledger entry once the request is made.
 * Malformed ids are left to the subgraph, which refuses the input whole.
 */
export function certificationRequestGate(sources: CertificationRequestGateSources): MutationGate {
  return async ({ schema, operation, variables, principal, emergencyJustification, requestId }) => {
    if (operation.operation !== OperationTypeNode.MUTATION) return null;
    const disclosures: WriteDisclosure[] = [];
    for (const args of rootFieldArguments(schema, operation, variables, "requestCertification")) {
      if (args === null) return null;
      const input = (args.input ?? {}) as Record<string, unknown>;
      const survivorId = uuidOrNull(input.survivorId);
      const unitId = uuidOrNull(input.liaisonUnitId);
      const referralId = input.referralId == null ? null : uuidOrNull(input.referralId);
      if (survivorId === null || unitId === null || (input.referralId != null && referralId === null)) continue;
      const outcome = await checkRequest(sources, principal, callerOf(principal, emergencyJustification), { survivorId, unitId, referralId }, requestId);
      if (outcome instanceof GraphQLError) return outcome;
      if (outcome !== null) disclosures.push(outcome);
    }
    return disclosures.length ? { disclosures } : null;
  };
}

async function checkRequest(
  sources: CertificationRequestGateSources,
  principal: Principal,
  caller: Caller | null,
  ids: { survivorId: string; unitId: string; referralId: string | null },
  requestId: string,
): Promise<GraphQLError | WriteDisclosure | null> {
  const { survivorId, unitId, referralId } = ids;
  try {
    if (caller === null) return notFound(NO_SUCH_SURVIVOR, "input");
    // Everything that does not depend on the survivor's owner, at once.
    const [seen, unit, referral] = await Promise.all([
      sources.networkAs<unknown>(principal, SURVIVOR, { id: survivorId }, requestId).then((data) => survivorSchema.parse(data).survivor),
      sources.lawEnforcement<unknown>(UNIT, { id: unitId }, requestId).then((data) => unitSchema.parse(data).liaisonUnit),
      referralId === null ? Promise.resolve(null) : referralParties(sources.network, referralId, requestId),
    ]);
    if (seen === null) return notFound(NO_SUCH_SURVIVOR, "input");
    const owner = seen.ownerOrganizationId;
    const liaison = unit?.organization.id ?? null;
    const keys = { survivorId, ownerOrganizationId: owner };
    const [callerFacts, liaisonFacts, liaisonOrganization] = await Promise.all([
      sources.facts({ callerOrganizationId: caller.organizationId, survivorIds: [survivorId], ownerOrganizationIds: [owner] }, requestId),
      liaison === null ? Promise.resolve(null) : sources.facts({ callerOrganizationId: liaison, survivorIds: [survivorId], ownerOrganizationIds: [owner] }, requestId),
      liaison === null ? Promise.resolve(null) : sources.network<unknown>(ORGANIZATION, { id: liaison }, requestId).then((data) => organizationSchema.parse(data).organization),
    ]);
    const now = sources.now();

    const known = decideExistence(caller, { ...keys, partyOrganizationIds: [] }, callerFacts, now).decision;
    if (!known.release) return known.code === DECISION_CODES.POLICY_UNAVAILABLE ? policyUnavailable(UNAVAILABLE) : notFound(NO_SUCH_SURVIVOR, "input");
    if (referralId !== null && (referral === null || (referral.senderOrganizationId !== caller.organizationId && referral.receiverOrganizationId !== caller.organizationId))) {
      return notFound(NO_SUCH_REFERRAL, "input");
    }
    if (liaison === null) {
      return new GraphQLError("Invalid input: input.liaisonUnitId: no such liaison unit", { extensions: { code: ERROR_CODES.BAD_USER_INPUT, argumentName: "input" } });
    }
    if (liaison === caller.organizationId) return null; // the subgraph refuses it: a request goes to another organisation
    if (liaisonOrganization === null || liaisonFacts === null) return policyUnavailable(UNAVAILABLE);

    const viewer: Caller = {
      organizationId: liaison,
      organizationKind: liaisonOrganization.kind,
      roles: LIAISON_ROLES,
      purpose: CERTIFICATION_PURPOSE,
      emergencyJustification: null,
    };
    const released = decide(viewer, { ...keys, category: EXISTENCE_CATEGORY }, liaisonFacts, now);
    if (!released.release) return refusedForLiaison(released);
    return {
      fieldName: "requestCertification",
      match: { survivorId, liaisonOrganizationId: liaison },
      item: {
        recordType: "CertificationRequest",
        ...keys,
        category: EXISTENCE_CATEGORY,
        fields: ["survivorId"],
        released: true,
        code: null,
        ...groundsOf(released),
      },
    };
  } catch {
    return policyUnavailable(UNAVAILABLE);
  }
}
