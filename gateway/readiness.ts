import type { SubgraphName } from "../vocabulary/subgraphs.js";

export interface SubgraphStatus {
  name: SubgraphName;
  ready: boolean;
  reason?: string;
}

/** A subgraph's readiness endpoint sits beside its GraphQL endpoint: …/graphql → …/ready. */
export function readinessUrl(graphqlUrl: string): string {
  const url = new URL(graphqlUrl);
  url.pathname = url.pathname.replace(/\/graphql\/?$/, "") + "/ready";
  return url.toString();
}

/** Asks every subgraph whether it can serve (its database included), in parallel. */
export async function checkSubgraphs(urls: Record<SubgraphName, string>, timeoutMs = 2_000): Promise<SubgraphStatus[]> {
  return Promise.all(
    (Object.entries(urls) as [SubgraphName, string][]).map(async ([name, url]) => {
      try {
        const response = await fetch(readinessUrl(url), { signal: AbortSignal.timeout(timeoutMs) });
        await response.body?.cancel();
        return response.ok ? { name, ready: true } : { name, ready: false, reason: `HTTP ${response.status}` };
      } catch (error) {
        const reason = (error as Error).name === "TimeoutError" ? "timeout" : "unreachable";
        return { name, ready: false, reason };
      }
    }),
  );
}
