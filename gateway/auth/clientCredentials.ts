import type { SystemCall } from "../../platform/systemClient.js";
import { principalRecordSchema, type PrincipalRecord } from "../principals/networkLookup.js";

/** The active partner-app client these credentials belong to, or null (whatever the reason). */
export type ClientCredentialsCheck = (clientId: string, clientSecret: string, requestId: string) => Promise<PrincipalRecord | null>;

const QUERY =
  "query VerifyClientCredentials($clientId: String!, $clientSecret: String!) { _verifyClientCredentials(clientId: $clientId, clientSecret: $clientSecret) { kind id organizationId organizationKind roles active } }";

/** Asks the network subgraph, which keeps the secrets' hashes; the secret never leaves the gateway otherwise. */
export function networkClientCredentials(call: SystemCall): ClientCredentialsCheck {
  return async (clientId, clientSecret, requestId) => {
    const data = await call<{ _verifyClientCredentials: unknown }>(QUERY, { clientId, clientSecret }, requestId);
    if (data._verifyClientCredentials === null) return null;
    const record = principalRecordSchema.parse(data._verifyClientCredentials);
    return record.kind === "client" && record.active ? record : null;
  };
}
