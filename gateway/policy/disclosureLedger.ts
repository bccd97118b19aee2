import { z } from "zod";
import type { SystemCall } from "../network/systemClient.js";

/** One record and category of a response, released or withheld, with what decided it. */
export interface DisclosureItem {
  recordType: string;
  recordId: string | null;
  survivorId: string | null;
  ownerOrganizationId: string | null;
  category: string;
  fields: string[];
  released: boolean;
  code: string | null;
  basis: "OWNER" | "AGREEMENT" | "EMERGENCY" | null;
  agreementId: string | null;
  consentId: string | null;
}

/** One ledger entry: who asked, why, and every record and category the response touched. */
export interface Disclosure {
  requestId: string;
  actorKind: "member" | "client";
  actorId: string;
  organizationId: string;
  roles: string[];
  purpose: string | null;
  emergencyJustification: string | null;
  operationName: string | null;
  items: DisclosureItem[];
}

export interface DisclosureReceipt {
  seq: string;
  hash: string;
}

export type DisclosureLedger = (disclosure: Disclosure) => Promise<DisclosureReceipt>;

const MUTATION = `mutation AppendDisclosures($input: DisclosureInput!) {
  _appendDisclosures(input: $input) { seq hash }
}`;

const receiptSchema = z.object({ _appendDisclosures: z.object({ seq: z.string().min(1), hash: z.string().min(1) }) });

/**
 * Appends one entry to the disclosure ledger in the network subgraph (one call per response that
 * touched sensitive fields). The subgraph writes it in one transaction with its per-survivor index
 * and any emergency notices, and a retry with the same request id returns the first receipt.
 */
export function networkDisclosureLedger(call: SystemCall): DisclosureLedger {
  return async (disclosure) => {
    const data = await call<unknown>(MUTATION, { input: disclosure }, disclosure.requestId);
    return receiptSchema.parse(data)._appendDisclosures;
  };
}
