import type { GatewayKeyAllocator } from "./gatewayKeys.js";

/**
 * The response keys of one response object, as GraphQL merges them: the selection set of a field
 * with every fragment inside it, together with the selection sets of the other selections merged
 * into the same response entry. All selections of one client key here get one gateway key and one
 * scope for their sub-selections, so the rewritten document merges exactly where the client's does,
 * and stays valid (the renaming is one-to-one within each scope).
 */
export class ResponseKeyScope {
  private readonly entries = new Map<string, { gatewayKey: string; scope: ResponseKeyScope }>();

  constructor(private readonly allocator: GatewayKeyAllocator) {}

  enter(clientKey: string): { gatewayKey: string; scope: ResponseKeyScope } {
    let entry = this.entries.get(clientKey);
    if (entry === undefined) {
      entry = { gatewayKey: this.allocator.fieldKey(clientKey), scope: new ResponseKeyScope(this.allocator) };
      this.entries.set(clientKey, entry);
    }
    return entry;
  }
}
