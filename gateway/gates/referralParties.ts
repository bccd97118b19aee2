import { z } from "zod";
import type { SystemCall } from "../../platform/systemClient.js";

const QUERY = `query ReferralParties($id: ID!) { _referralParties(id: $id) { serviceKind senderOrganizationId receiverOrganizationId } }`;

const partiesSchema = z.object({
  _referralParties: z.object({ serviceKind: z.string(), senderOrganizationId: z.string(), receiverOrganizationId: z.string() }).nullable(),
});

export type ReferralParties = NonNullable<z.infer<typeof partiesSchema>["_referralParties"]>;

/** Who a referral is between and what it is for, from the network (system-only `_referralParties`); null when there is none. Throws when it cannot be had. */
export async function referralParties(network: SystemCall, id: string, requestId: string): Promise<ReferralParties | null> {
  return partiesSchema.parse(await network<unknown>(QUERY, { id }, requestId))._referralParties;
}
