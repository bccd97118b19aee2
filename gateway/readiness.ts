import { sendJson, type RouteHandler } from "../platform/http.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../vocabulary/subgraphs.js";

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

/** GET /health: the gateway process answers. */
export const healthRoute: RouteHandler = (_req, res) => sendJson(res, 200, { status: "ok" });

/** GET /ready: every subgraph can serve (200), or which cannot (503). */
export function readinessRoute(urls: Record<SubgraphName, string>): RouteHandler {
  return async (_req, res) => {
    const subgraphs = await checkSubgraphs(urls);
    const ready = subgraphs.length === SUBGRAPH_NAMES.length && subgraphs.every((s) => s.ready);
    sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "unavailable", subgraphs });
  };
}
