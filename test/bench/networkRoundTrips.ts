import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { ASSERTION_HEADER } from "../../platform/assertion.js";

/** How many requests of one kind reached the network subgraph, and the time it took to answer them. */
export interface CallStats {
  count: number;
  /** Summed from request start to response finish at the subgraph's HTTP server. */
  serverMs: number;
}

/** Requests that reached the network subgraph, by who the gateway's assertion says is asking. */
export interface RoundTripCounts {
  /** Fetches of the query plan, made on behalf of the caller. */
  caller: CallStats;
  /**
   * The gateway's own calls (system principal), per operation (keyed by the query hash the
   * assertion carries), in the order they were first seen. On a request's path: the membership
   * lookup, then the policy facts, then the ledger append.
   */
  system: Map<string, CallStats>;
}

interface ServerRequestStart {
  request: IncomingMessage;
  response: ServerResponse;
}

/** The assertion's claims, read without verifying: the subgraph verifies it, this only counts. */
function assertionClaims(header: string | string[] | undefined): { kind: string | null; queryHash: string | null } {
  const payload = typeof header === "string" ? header.split(".")[1] : undefined;
  if (!payload) return { kind: null, queryHash: null };
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { prn?: { kind?: unknown }; qh?: unknown };
    return { kind: typeof claims.prn?.kind === "string" ? claims.prn.kind : null, queryHash: typeof claims.qh === "string" ? claims.qh : null };
  } catch {
    return { kind: null, queryHash: null };
  }
}

export const emptyCounts = (): RoundTripCounts => ({ caller: { count: 0, serverMs: 0 }, system: new Map() });

/** Total requests in `counts`. */
export function totalCalls(counts: RoundTripCounts): number {
  let total = counts.caller.count;
  for (const stats of counts.system.values()) total += stats.count;
  return total;
}

/** Adds `from` into `into`. */
export function addCounts(into: RoundTripCounts, from: RoundTripCounts): void {
  into.caller.count += from.caller.count;
  into.caller.serverMs += from.caller.serverMs;
  for (const [operation, stats] of from.system) {
    const target = into.system.get(operation) ?? { count: 0, serverMs: 0 };
    target.count += stats.count;
    target.serverMs += stats.serverMs;
    into.system.set(operation, target);
  }
}

export interface NetworkRoundTripCounter {
  /** The counts since the last call (of requests answered by now), and a fresh start. */
  take(): RoundTripCounts;
  stop(): void;
}

/**
 * Counts the requests arriving at the HTTP server listening on `port` (the network subgraph), as
 * Node announces them on its `http.server.request.start` diagnostics channel: nothing sits between
 * the gateways and the subgraph, so counting costs the measured requests next to nothing.
 */
export function countNetworkRoundTrips(port: number): NetworkRoundTripCounter {
  let counts = emptyCounts();
  const onRequest = (message: unknown) => {
    const { request, response } = message as ServerRequestStart;
    if (request.socket.localPort !== port || request.method !== "POST") return;
    const started = performance.now();
    const { kind, queryHash } = assertionClaims(request.headers[ASSERTION_HEADER]);
    let stats = counts.caller;
    if (kind === "system") {
      const operation = queryHash ?? "unknown";
      stats = counts.system.get(operation) ?? { count: 0, serverMs: 0 };
      counts.system.set(operation, stats);
    }
    stats.count += 1;
    response.once("finish", () => {
      stats.serverMs += performance.now() - started;
    });
  };
  diagnostics.subscribe("http.server.request.start", onRequest);
  return {
    take() {
      const taken = counts;
      counts = emptyCounts();
      return taken;
    },
    stop() {
      diagnostics.unsubscribe("http.server.request.start", onRequest);
    },
  };
}
