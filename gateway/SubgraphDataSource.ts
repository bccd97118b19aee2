import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ASSERTION_HEADER } from "../platform/assertion.js";
import type { Principal } from "../vocabulary/principal.js";
import { SUBGRAPH_NAMES, type SubgraphName } from "../vocabulary/subgraphs.js";
import { hasJustification } from "../policy/decide.js";
import type { GatewayContext } from "./context.js";
import { createInFlightLimit } from "./limits/inFlightLimit.js";

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  timeoutMs: number;
  maxInFlight: number;
  maxQueued: number;
}

/**
 * How the gateway calls one subgraph. Node's own fetch (undici, keep-alive) replaces the
 * default HTTP client, which measured here at about half the throughput; every fetch has a
 * deadline and the requests in flight are bounded, so that a hung subgraph cannot pin gateway
 * requests. Every fetch carries a fresh
 * assertion, signed for this subgraph and this exact operation, stating who asks.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraphName: string;

  constructor(options: SubgraphDataSourceOptions) {
    const { timeoutMs } = options;
    const inFlight = createInFlightLimit(options.maxInFlight, options.maxQueued);
    super({
      url: options.url,
      fetcher: (input, init) => inFlight.run(() => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })),
      // A subgraph's cache hints must never make a gateway answer cacheable.
      honorSubgraphCacheControlHeader: false,
    });
    this.subgraphName = options.name;
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Requests without a caller (the gateway's own health checks, which are not an incoming
    // operation and have no request context) carry no assertion and are refused.
    if (!("incomingRequestContext" in options)) return;
    const { request, context } = options;
    if (!context?.principal || !request.query || !request.http) return;
    const principal = forwardedPrincipal(context.principal, context.emergencyJustification);
    const assertion = await context.signer.sign(this.subgraphName, principal, { query: request.query, variables: request.variables ?? null }, context.requestId);
    request.http.headers.set(ASSERTION_HEADER, assertion);
  }
}

/**
 * @apollo/gateway's `buildService`: one SubgraphDataSource per subgraph the supergraph names, at the
 * configured URL (or the supergraph's), recording in `resolvedUrls` the URL each one uses.
 */
export function subgraphDataSources(
  options: { subgraphUrls: Partial<Record<SubgraphName, string>>; timeoutMs: number; maxInFlight: number; maxQueued: number },
  resolvedUrls: Record<SubgraphName, string>,
) {
  return ({ name, url }: { name: string; url?: string }): SubgraphDataSource => {
    if (!(SUBGRAPH_NAMES as readonly string[]).includes(name)) throw new Error(`Supergraph names an unknown subgraph: ${name}`);
    const subgraph = name as SubgraphName;
    const resolvedUrl = options.subgraphUrls[subgraph] ?? url;
    if (!resolvedUrl) throw new Error(`No URL for subgraph ${name}`);
    resolvedUrls[subgraph] = resolvedUrl;
    return new SubgraphDataSource({ name, url: resolvedUrl, timeoutMs: options.timeoutMs, maxInFlight: options.maxInFlight, maxQueued: options.maxQueued });
  };
}

/**
 * The caller as the subgraphs are told of it. An emergency without a written justification opens
 * nothing of another organisation's (the rule), so the subgraphs are told of no purpose at all:
 * they answer the caller's own records only, and a survivor reached through a reference is then
 * missing at the subgraph, exactly as one that does not exist — rather than found there and
 * dropped by the gateway, which a probe could tell apart. The gateway itself (the rule, the
 * ledger) still sees the purpose declared.
 */
export function forwardedPrincipal(principal: Principal, emergencyJustification: string | null): Principal {
  if (principal.purpose !== "EMERGENCY" || hasJustification(emergencyJustification)) return principal;
  return { ...principal, purpose: null };
}
