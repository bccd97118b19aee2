import { z } from "zod";
import type { SystemCall } from "../../platform/systemClient.js";

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

/**
 * What a write discloses to another organisation, decided before it ran (a gate, gateway/gates/):
 * recorded as one more item of the response's ledger entry, once the write has answered with the
 * record it made, whose id the item takes. The item states the rule's decision for the recipient:
 * `ownerOrganizationId` is the owner of the survivor's records the rule decided on (so that owner
 * reads it among the survivor's disclosures), the basis its agreement and consent. The ledger has
 * no field for the recipient: the entry's organisation is the one that asked, and the recipient is
 * the record's addressee (for a CertificationRequest, its liaison organisation) and the party the
 * agreement shares with.
 */
export interface WriteDisclosure {
  /** The mutation field whose answer is the record written. */
  fieldName: string;
  /** Key fields that answer carries, to tell it from other answers of the same field in one operation. */
  match: Readonly<Record<string, string>>;
  item: Omit<DisclosureItem, "recordId">;
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
