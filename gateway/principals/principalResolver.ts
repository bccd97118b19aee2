import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";
import { ERROR_CODES, MEMBERSHIP_REVISION_KEY } from "../../subgraphs/kit/errorCodes.js";
import type { Principal, Purpose, Role } from "../../subgraphs/kit/principal.js";
import type { PrincipalLookup, PrincipalRecord } from "./networkLookup.js";

export class PrincipalError extends Error {
  override name = "PrincipalError";
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface TokenIdentity {
  subject: string;
  organizationId: string;
  /** Roles the token claims; empty when the identity provider sends none. */
  roles: readonly string[];
}

export interface PrincipalResolverOptions {
  lookup: PrincipalLookup;
  /** With Redis, records are cached and re-read only when the membership revision moves. */
  redis?: Redis;
  redisKeyPrefix?: string;
  /** Upper bound on a cached record's age even when no change is announced. */
  maxCacheAgeMs?: number;
}

interface CachedRecord {
  record: PrincipalRecord | null;
  revision: string;
}

/**
 * Turns a verified token into the principal for this request, from the network's live member
 * records, so a deactivated member or revoked client is refused on the next request whatever
 * the token's expiry says.
 *
 * Freshness: without Redis, every request asks the network subgraph. With Redis, the network
 * subgraph increments a revision counter after every committed change to members or clients
 * (before it answers the mutation), and each request reads that counter (one Redis GET, no
 * database) and uses a cached record only if it was read at the same revision. When Redis
 * cannot be read, the record is fetched afresh: never assumed.
 */
export function createPrincipalResolver(options: PrincipalResolverOptions) {
  const revisionKey = `${options.redisKeyPrefix ?? "srn:"}${MEMBERSHIP_REVISION_KEY}`;
  const cache = new LRUCache<string, CachedRecord>({ max: 10_000, ttl: options.maxCacheAgeMs ?? 300_000 });

  async function currentRevision(): Promise<string | null> {
    if (!options.redis) return null;
    try {
      return (await options.redis.get(revisionKey)) ?? "0";
    } catch {
      return null;
    }
  }

  async function record(subject: string, requestId: string): Promise<PrincipalRecord | null> {
    const revision = await currentRevision();
    if (revision !== null) {
      const cached = cache.get(subject);
      if (cached && cached.revision === revision) return cached.record;
    }
    let fresh: PrincipalRecord | null;
    try {
      fresh = await options.lookup(subject, requestId);
    } catch {
      throw new PrincipalError(ERROR_CODES.PRINCIPAL_UNAVAILABLE, 503, "Membership cannot be checked right now; try again shortly");
    }
    if (revision !== null) cache.set(subject, { record: fresh, revision });
    return fresh;
  }

  return {
    async resolve(token: TokenIdentity, purpose: Purpose | null, requestId: string): Promise<Principal> {
      const found = await record(token.subject, requestId);
      if (!found) throw new PrincipalError(ERROR_CODES.PRINCIPAL_UNKNOWN, 401, "The token's subject is not a member or client of the network");
      if (!found.active) throw new PrincipalError(ERROR_CODES.PRINCIPAL_INACTIVE, 401, "This account has been deactivated");
      if (found.organizationId !== token.organizationId) {
        throw new PrincipalError(ERROR_CODES.ORGANIZATION_MISMATCH, 401, "The token's organisation does not match the account");
      }
      // The member record caps what a token may do; a token may narrow it, never widen it.
      const roles: Role[] = token.roles.length === 0 ? found.roles : found.roles.filter((role) => token.roles.includes(role));
      return { kind: found.kind, id: found.id, organizationId: found.organizationId, organizationKind: found.organizationKind, roles, purpose };
    },
  };
}
export type PrincipalResolver = ReturnType<typeof createPrincipalResolver>;
