import { z } from "zod";
import { OrganizationKind } from "../../vocabulary/organizations.js";
import { toDecisionFacts } from "../../policy/factRecords.js";
import type { DecisionFacts } from "../../policy/facts.js";
import type { SystemCall } from "../../platform/systemClient.js";

const QUERY = `query PolicyFacts($callerOrganizationId: ID!, $survivorIds: [ID!]!, $ownerOrganizationIds: [ID!]!) {
  _policyFacts(callerOrganizationId: $callerOrganizationId, survivorIds: $survivorIds, ownerOrganizationIds: $ownerOrganizationIds) {
    consents { id survivorId granteeOrganizationId granteeKind categories purposes validFrom validUntil withdrawnAt }
    agreements { id fromOrganizationId toOrganizationId bothWays categories purposes validFrom validUntil status }
  }
}`;

const date = z.iso.datetime().transform((value) => new Date(value));

// The answer's shape only; what the facts mean (unknown categories and purposes dropped, statuses
// other than ACTIVE out of force) is decided by the one conversion both sides use, toDecisionFacts.
const consentRecord = z.object({
  id: z.string().min(1),
  survivorId: z.string().min(1),
  granteeOrganizationId: z.string().min(1).nullable(),
  granteeKind: z.enum(OrganizationKind).nullable(),
  categories: z.array(z.string()),
  purposes: z.array(z.string()),
  validFrom: date,
  validUntil: date.nullable(),
  withdrawnAt: date.nullable(),
});

const agreementRecord = z.object({
  id: z.string().min(1),
  fromOrganizationId: z.string().min(1),
  toOrganizationId: z.string().min(1),
  bothWays: z.boolean(),
  categories: z.array(z.string()),
  purposes: z.array(z.string()),
  validFrom: date,
  validUntil: date.nullable(),
  status: z.string(),
});

const factsSchema = z.object({
  _policyFacts: z.object({ consents: z.array(consentRecord), agreements: z.array(agreementRecord) }),
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
    return toDecisionFacts(factsSchema.parse(data)._policyFacts);
  };
}
