import { z } from "zod";
import { OrganizationKind } from "../../subgraphs/kit/directory.js";
import { PURPOSES } from "../../subgraphs/kit/principal.js";
import { SENSITIVE_CATEGORIES } from "../../subgraphs/kit/sensitive.js";
import type { Agreement, Consent, DecisionFacts } from "../consent/facts.js";
import type { SystemCall } from "../network/systemClient.js";

const QUERY = `query PolicyFacts($callerOrganizationId: ID!, $survivorIds: [ID!]!, $ownerOrganizationIds: [ID!]!) {
  _policyFacts(callerOrganizationId: $callerOrganizationId, survivorIds: $survivorIds, ownerOrganizationIds: $ownerOrganizationIds) {
    consents { id survivorId granteeOrganizationId granteeKind categories purposes validFrom validUntil withdrawnAt }
    agreements { id fromOrganizationId toOrganizationId bothWays categories purposes validFrom validUntil status }
  }
}`;

const date = z.iso.datetime().transform((value) => new Date(value));
// A category or purpose this gateway does not know (a newer network subgraph) is dropped from the
// fact, never widened into something else: the fact then covers less, which fails closed.
const known = <T extends string>(values: readonly T[]) =>
  z.array(z.string()).transform((list) => list.filter((value): value is T => (values as readonly string[]).includes(value)));

const consentFact = z
  .object({
    id: z.string().min(1),
    survivorId: z.string().min(1),
    granteeOrganizationId: z.string().min(1).nullable(),
    granteeKind: z.enum(OrganizationKind).nullable(),
    categories: known(SENSITIVE_CATEGORIES),
    purposes: known(PURPOSES),
    validFrom: date,
    validUntil: date.nullable(),
    withdrawnAt: date.nullable(),
  })
  .transform(
    (fact): Consent => ({
      id: fact.id,
      survivorId: fact.survivorId,
      // A grantee of neither shape names nobody (the rule treats it so); both shapes cannot be stored.
      grantee: fact.granteeOrganizationId !== null ? { organizationId: fact.granteeOrganizationId } : { organizationKind: fact.granteeKind as OrganizationKind },
      categories: fact.categories,
      purposes: fact.purposes,
      validFrom: fact.validFrom,
      validUntil: fact.validUntil,
      withdrawnAt: fact.withdrawnAt,
    }),
  );

const agreementFact = z.object({
  id: z.string().min(1),
  fromOrganizationId: z.string().min(1),
  toOrganizationId: z.string().min(1),
  bothWays: z.boolean(),
  categories: known(SENSITIVE_CATEGORIES),
  purposes: known(PURPOSES),
  validFrom: date,
  validUntil: date.nullable(),
  // Any status but ACTIVE is out of force for the rule; an unknown one is kept as not ACTIVE.
  status: z.string().transform((status): Agreement["status"] => (status === "ACTIVE" ? "ACTIVE" : status === "SUSPENDED" || status === "REVOKED" ? status : "PROPOSED")),
});

const factsSchema = z.object({
  _policyFacts: z.object({ consents: z.array(consentFact), agreements: z.array(agreementFact) }),
});

export interface FactsQuery {
  callerOrganizationId: string;
  survivorIds: readonly string[];
  ownerOrganizationIds: readonly string[];
}

export type PolicyFactsSource = (query: FactsQuery, requestId: string) => Promise<NonNullable<DecisionFacts>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The consents and agreements that can decide one response, in ONE call to the network subgraph
 * whatever the number of records, read fresh for every response: nothing is cached, so a
 * withdrawal or a revocation counts on the very next request, on every gateway process.
 * Ids that are not UUIDs cannot match any fact and are not sent (their records are denied).
 */
export function networkPolicyFacts(call: SystemCall): PolicyFactsSource {
  return async (query, requestId) => {
    const variables = {
      callerOrganizationId: query.callerOrganizationId,
      survivorIds: [...new Set(query.survivorIds)].filter((id) => UUID.test(id)).sort(),
      ownerOrganizationIds: [...new Set(query.ownerOrganizationIds)].filter((id) => UUID.test(id)).sort(),
    };
    const data = await call<unknown>(QUERY, variables, requestId);
    return factsSchema.parse(data)._policyFacts;
  };
}
