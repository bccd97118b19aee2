import { ASSERTION_HEADER, type AssertionSigner } from "./assertion.js";
import { SYSTEM_PRINCIPAL, type Principal } from "../vocabulary/principal.js";
import type { SubgraphName } from "../vocabulary/subgraphs.js";

/**
 * One GraphQL call of the system's own (the system principal) to a subgraph: the gateway's live
 * membership lookup, policy facts and disclosure ledger; the workers' relay and webhook delivery
 * (workers/). Signed like every other fetch
 * (audience, query and variables hashes, single use); the fields it reaches are @inaccessible, so no
 * client can reach them through the gateway, and the subgraph answers them only for the system.
 */
export type SystemCall = <T>(query: string, variables: Record<string, unknown>, requestId: string) => Promise<T>;

/** A subgraph's refusal or failure to answer a call of the system's own. */
export class SystemCallError extends Error {
  override name = "SystemCallError";
  /** The HTTP status the subgraph answered with; null when it did not answer. */
  readonly status: number | null;
  /** The first error's `extensions.code`, when it gave one. */
  readonly code: string | null;
  /** The first error's message, as the subgraph wrote it (for the log and a parked message's record). */
  readonly detail: string | null;

  constructor(message: string, answer: { status?: number | null; code?: string | null; detail?: string | null } = {}) {
    super(message);
    this.status = answer.status ?? null;
    this.code = answer.code ?? null;
    this.detail = answer.detail ?? null;
  }
}

type Answer<T> = { data?: T | null; errors?: { message?: unknown; extensions?: { code?: unknown } }[] };

/** The body of a subgraph's answer, whatever its status: errors come as JSON with 4xx too. */
async function readAnswer<T>(response: Response): Promise<Answer<T> | null> {
  try {
    return (await response.json()) as Answer<T>;
  } catch {
    return null;
  }
}

export function networkSystemClient(networkUrl: () => string, signer: AssertionSigner, timeoutMs: number): SystemCall {
  return subgraphSystemClient("network", networkUrl, signer, timeoutMs);
}

/** The same, to any subgraph (the referral relay talks to the partner subgraphs too). */
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
    const body = await readAnswer<T>(response);
    const first = body?.errors?.[0];
    const code = typeof first?.extensions?.code === "string" ? first.extensions.code : null;
    const answer = { status: response.status, code, detail: typeof first?.message === "string" ? first.message : null };
    if (!response.ok) throw new SystemCallError(`${subgraph} answered HTTP ${response.status}${code ? ` (${code})` : ""}`, answer);
    if (!body || body.errors?.length || !body.data) throw new SystemCallError(`${subgraph} answered with errors${code ? ` (${code})` : ""}`, answer);
    return body.data;
  };
}
