import { z } from "zod";
import { OrganizationKind } from "../../vocabulary/organizations.js";
import { AGREEMENT_RECORD, CONSENT_RECORD, toDecisionFacts, type FactField, type FactFieldKind, type FactRecordOf } from "../../policy/factRecords.js";
import type { DecisionFacts } from "../../policy/facts.js";
import type { SystemCall } from "../../platform/systemClient.js";

const date = z.iso.datetime().transform((value) => new Date(value));

/** The parser of one field of each kind (policy/factRecords.ts, FACT_FIELD_KINDS). */
const KIND_PARSERS = {
  id: z.string().min(1),
  text: z.string(),
  texts: z.array(z.string()),
  flag: z.boolean(),
  instant: date,
  organizationKind: z.enum(OrganizationKind),
} satisfies Record<FactFieldKind, z.ZodType>;

// The answer's shape only, derived from the facts' one shape; what the facts mean (unknown
// categories and purposes dropped, statuses other than ACTIVE out of force) is decided by the one
// conversion both sides use, toDecisionFacts.
function parserOf<Shape extends Record<string, FactField>>(shape: Shape): z.ZodType<FactRecordOf<Shape>> {
  const fields = Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, field.nullable ? KIND_PARSERS[field.kind].nullable() : KIND_PARSERS[field.kind]]));
  // The object built from the shape parses to exactly FactRecordOf<Shape>; zod cannot infer that through Object.fromEntries.
  return z.object(fields) as unknown as z.ZodType<FactRecordOf<Shape>>;
}

const selectionOf = (shape: Record<string, FactField>) => Object.keys(shape).join(" ");

const QUERY = `query PolicyFacts($callerOrganizationId: ID!, $survivorIds: [ID!]!, $ownerOrganizationIds: [ID!]!) {
  _policyFacts(callerOrganizationId: $callerOrganizationId, survivorIds: $survivorIds, ownerOrganizationIds: $ownerOrganizationIds) {
    consents { ${selectionOf(CONSENT_RECORD)} }
    agreements { ${selectionOf(AGREEMENT_RECORD)} }
  }
}`;

const factsSchema = z.object({
  _policyFacts: z.object({ consents: z.array(parserOf(CONSENT_RECORD)), agreements: z.array(parserOf(AGREEMENT_RECORD)) }),
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
