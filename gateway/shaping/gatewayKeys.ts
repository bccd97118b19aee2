/**
 * Response keys of the rewritten operation. Every key in the executed result is one the gateway
 * chose, so no client alias can imitate a gateway selection (`{ __typename: pseudonym }`, `{ __t: x }`).
 *
 * - `_<n>`: a client field. All selections of one client response key that GraphQL would merge into
 *   one response entry share one gateway key, so the executor still merges them: the field is
 *   resolved once (a repeated mutation field runs once) and the merged sub-selections read one record,
 *   never two fetches of a list that could differ between them.
 * - `__t`: the `__typename` of every composite value, for type conditions when rebuilding.
 * - `__x<n>`: an extra field the gateway needs (one key per concrete type and field).
 */
export const GATEWAY_TYPENAME_KEY = "__t";
const FIELD_KEY_PREFIX = "_";
const EXTRA_KEY_PREFIX = "__x";

/** Whether a text names a gateway key (as a field of a type, `Type._3`, or alone): it must not reach the client. */
export function mentionsGatewayKey(text: string): boolean {
  return /(^|[^\w])(_\d+|__x\d+|__t)(?!\w)/.test(text);
}

export class GatewayKeyAllocator {
  private nextFieldKey = 0;
  private readonly extraKeys = new Map<string, string>();
  /** Gateway field key → the client's response key it stands for. */
  readonly clientKeyOf = new Map<string, string>();

  fieldKey(clientKey: string): string {
    const key = `${FIELD_KEY_PREFIX}${this.nextFieldKey++}`;
    this.clientKeyOf.set(key, clientKey);
    return key;
  }

  extraKey(typeName: string, fieldName: string): string {
    const id = `${typeName}.${fieldName}`;
    let key = this.extraKeys.get(id);
    if (key === undefined) {
      key = `${EXTRA_KEY_PREFIX}${this.extraKeys.size}`;
      this.extraKeys.set(id, key);
    }
    return key;
  }
}
