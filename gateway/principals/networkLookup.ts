import { z } from "zod";
import { ASSERTION_HEADER, type AssertionSigner } from "../../subgraphs/kit/assertion.js";
import { OrganizationKind } from "../../subgraphs/kit/directory.js";
import { ROLES, SYSTEM_PRINCIPAL } from "../../subgraphs/kit/principal.js";

/** A member's or partner-app client's record, as the network subgraph keeps it. */
export const principalRecordSchema = z.object({
  kind: z.enum(["member", "client"]),
  id: z.uuid(),
  organizationId: z.uuid(),
  organizationKind: z.enum(OrganizationKind),
  roles: z.array(z.enum(ROLES)),
  active: z.boolean(),
});
export type PrincipalRecord = z.infer<typeof principalRecordSchema>;

export type PrincipalLookup = (subject: string, requestId: string) => Promise<PrincipalRecord | null>;

const QUERY = "query PrincipalLookup($subject: String!) { _principal(subject: $subject) { kind id organizationId organizationKind roles active } }";

/**
 * Asks the network subgraph (the owner of member records) who a token's subject is. The
 * gateway signs this call as itself (the system principal); the field is @inaccessible, so no
 * client can reach it through the gateway, and the subgraph answers it only for the system.
 */
export function networkPrincipalLookup(networkUrl: () => string, signer: AssertionSigner, timeoutMs: number): PrincipalLookup {
  return async (subject, requestId) => {
    const variables = { subject };
    const assertion = await signer.sign("network", SYSTEM_PRINCIPAL, { query: QUERY, variables }, requestId);
    const response = await fetch(networkUrl(), {
      method: "POST",
      headers: { "content-type": "application/json", [ASSERTION_HEADER]: assertion },
      body: JSON.stringify({ query: QUERY, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`principal lookup failed with HTTP ${response.status}`);
    const body = (await response.json()) as { data?: { _principal: unknown }; errors?: unknown[] };
    if (body.errors?.length || !body.data) throw new Error("principal lookup returned errors");
    return body.data._principal === null ? null : principalRecordSchema.parse(body.data._principal);
  };
}
