import { ASSERTION_HEADER, type AssertionSigner } from "../../subgraphs/kit/assertion.js";
import { SYSTEM_PRINCIPAL, type Principal } from "../../subgraphs/kit/principal.js";
import type { SubgraphName } from "../../subgraphs/kit/subgraph.js";

/**
 * One GraphQL call from the gateway itself (the system principal) to the network subgraph: the
 * live membership lookup, the policy facts, the disclosure ledger. Signed like every other fetch
 * (audience, query and variables hashes, single use); the fields it reaches are @inaccessible, so no
 * client can reach them through the gateway, and the subgraph answers them only for the system.
 */
export type SystemCall = <T>(query: string, variables: Record<string, unknown>, requestId: string) => Promise<T>;

export class SystemCallError extends Error {
  override name = "SystemCallError";
}

export function networkSystemClient(networkUrl: () => string, signer: AssertionSigner, timeoutMs: number): SystemCall {
  return subgraphSystemClient("network", networkUrl, signer, timeoutMs);
}

/** The same, to any subgraph (the referral relay also talks to the partner subgraphs). */
export function subgraphSystemClient(subgraph: SubgraphName, url: () => string, signer: AssertionSigner, timeoutMs: number): SystemCall {
  const call = subgraphClient(subgraph, url, signer, timeoutMs);
  return <T>(query: string, variables: Record<string, unknown>, requestId: string) => call<T>(SYSTEM_PRINCIPAL, query, variables, requestId);
}

/**
 * One call of the gateway's own to a subgraph, signed for a principal it has verified: the system,
 * or a caller whose own view a check before a mutation needs (a gate asks `survivor(id)` exactly as
 * the caller's query would). Never with a principal the gateway did not verify for this request.
 */
export type PrincipalCall = <T>(principal: Principal, query: string, variables: Record<string, unknown>, requestId: string) => Promise<T>;

export function subgraphClient(subgraph: SubgraphName, url: () => string, signer: AssertionSigner, timeoutMs: number): PrincipalCall {
  return async <T>(principal: Principal, query: string, variables: Record<string, unknown>, requestId: string): Promise<T> => {
    const assertion = await signer.sign(subgraph, principal, { query, variables }, requestId);
    const response = await fetch(url(), {
      method: "POST",
      headers: { "content-type": "application/json", [ASSERTION_HEADER]: assertion, "x-request-id": requestId },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new SystemCallError(`${subgraph} answered HTTP ${response.status}`);
    const body = (await response.json()) as { data?: T | null; errors?: { extensions?: { code?: unknown } }[] };
    if (body.errors?.length || !body.data) {
      const code = body.errors?.[0]?.extensions?.code;
      throw new SystemCallError(`${subgraph} answered with errors${typeof code === "string" ? ` (${code})` : ""}`);
    }
    return body.data;
  };
}
