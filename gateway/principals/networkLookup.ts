import { z } from "zod";
import { OrganizationKind } from "../../subgraphs/kit/directory.js";
import { ROLES } from "../../subgraphs/kit/principal.js";
import type { SystemCall } from "../network/systemClient.js";

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

/** Asks the network subgraph (the owner of member records) who a token's subject is. */
export function networkPrincipalLookup(call: SystemCall): PrincipalLookup {
  return async (subject, requestId) => {
    const data = await call<{ _principal: unknown }>(QUERY, { subject }, requestId);
    return data._principal === null ? null : principalRecordSchema.parse(data._principal);
  };
}
