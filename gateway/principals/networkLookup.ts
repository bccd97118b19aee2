import { z } from "zod";
import { OrganizationKind } from "../../vocabulary/organizations.js";
import { ROLES } from "../../vocabulary/principal.js";
import type { SystemCall } from "../../platform/systemClient.js";

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

export interface PrincipalLookupResult {
  record: PrincipalRecord | null;
  /**
   * The membership revision the network announced before it read the record; null when it
   * announces none (it runs without Redis), or when there is no record.
   */
  announcedRevision: string | null;
}

export type PrincipalLookup = (subject: string, requestId: string) => Promise<PrincipalLookupResult>;

const QUERY = "query PrincipalLookup($subject: String!) { _principal(subject: $subject) { kind id organizationId organizationKind roles active membershipRevision } }";
const lookupSchema = principalRecordSchema.extend({ membershipRevision: z.string().min(1).nullable() });

/** Asks the network subgraph (the owner of member records) who a token's subject is. */
export function networkPrincipalLookup(call: SystemCall): PrincipalLookup {
  return async (subject, requestId) => {
    const data = await call<{ _principal: unknown }>(QUERY, { subject }, requestId);
    if (data._principal === null) return { record: null, announcedRevision: null };
    const { membershipRevision, ...record } = lookupSchema.parse(data._principal);
    return { record, announcedRevision: membershipRevision };
  };
}
