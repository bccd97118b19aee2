/** The benchmark query; `$first` survivors with their profiles from the three partner subgraphs. */
export const SURVIVORS_WITH_PROFILES = `query BenchSurvivorsWithProfiles($first: Int!) {
  survivors(first: $first) {
    edges {
      node {
        id
        pseudonym
        residentProfiles { legalName phone healthNeeds }
        legalProfiles { immigrationStatus caseStage }
        liaisonProfiles { caseNumber certificationStatus }
      }
    }
  }
}`;

interface Survivor {
  residentProfiles: { legalName: string | null }[] | null;
  legalProfiles: { immigrationStatus: string | null }[] | null;
  liaisonProfiles: { caseNumber: string | null }[] | null;
}

export interface ResponseBody {
  data?: { survivors?: { edges: { node: Survivor }[] } } | null;
  errors?: { extensions?: { code?: unknown } }[];
}

/** What one answer released and withheld, counted, for the reader to see both gateways did their work. */
export interface ResponseSummary {
  survivors: number;
  /** Resident profiles (Harbor Light's own) whose legal name came back. */
  residentNames: number;
  /** Legal profiles (Fictional Legal Aid's) returned, and those whose immigration status came back. */
  legalProfiles: number;
  immigrationStatuses: number;
  /** Liaison profiles (the city liaison unit's) returned: a withheld one is left out, not nulled. */
  liaisonProfiles: number;
  /** Errors by `extensions.code`. */
  errors: Record<string, number>;
}

export function summarizeResponse(body: ResponseBody): ResponseSummary {
  const nodes = body.data?.survivors?.edges.map((edge) => edge.node) ?? [];
  const errors: Record<string, number> = {};
  for (const error of body.errors ?? []) {
    const code = typeof error.extensions?.code === "string" ? error.extensions.code : "(no code)";
    errors[code] = (errors[code] ?? 0) + 1;
  }
  const legal = nodes.flatMap((n) => n.legalProfiles ?? []);
  return {
    survivors: nodes.length,
    residentNames: nodes.flatMap((n) => n.residentProfiles ?? []).filter((p) => p.legalName !== null).length,
    legalProfiles: legal.length,
    immigrationStatuses: legal.filter((p) => p.immigrationStatus !== null).length,
    liaisonProfiles: nodes.flatMap((n) => n.liaisonProfiles ?? []).length,
    errors,
  };
}

export function formatErrors(errors: Record<string, number>): string {
  const entries = Object.entries(errors);
  return entries.length === 0 ? "none" : entries.map(([code, n]) => `${code} ×${n}`).join(", ");
}
