import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";
import { ERROR_CODES, MEMBERSHIP_REVISION_KEY } from "../../vocabulary/errorCodes.js";
import type { Principal, Purpose, Role } from "../../vocabulary/principal.js";
import type { Logger } from "../../platform/logger.js";
import type { PrincipalLookup, PrincipalLookupResult, PrincipalRecord } from "./networkLookup.js";

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
  /** Told (once) when the network does not announce revisions where this gateway reads them. */
  log?: Pick<Logger, "warn">;
}

/** Lookups in a row whose revision disagreed with this gateway's before it says so in the log. */
export const REVISION_MISMATCHES_BEFORE_WARNING = 3;

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
 * subgraph sets a new random revision after every committed change to members or clients
 * (before it answers the mutation), and each request reads that revision (one Redis GET, no
 * database) and uses a cached record only if it was read at the same revision. When Redis
 * cannot be read, the record is fetched afresh: never assumed.
 *
 * Mixed deployments: the gateway cannot tell from its own settings whether the network
 * announces to the same Redis under the same prefix (a network subgraph without REDIS_URL, with
 * another REDIS_URL or another REDIS_KEY_PREFIX never moves the revision this gateway reads,
 * and a cache would serve a deactivated member until it expired). So the network reports, with
 * each record, the revision it read before reading the record, and a record is cached only when
 * that is exactly the revision this gateway read before asking. Anything else — no revision, a
 * different one — is used for this request and not kept.
 */
export function createPrincipalResolver(options: PrincipalResolverOptions) {
  const revisionKey = `${options.redisKeyPrefix ?? "srn:"}${MEMBERSHIP_REVISION_KEY}`;
  const cache = new LRUCache<string, CachedRecord>({ max: 10_000, ttl: options.maxCacheAgeMs ?? 300_000 });
  let mismatches = 0;
  let warned = false;

  /** Null: no revision announced yet; undefined: no Redis, or unreadable. Either way nothing is cached. */
  async function currentRevision(): Promise<string | null | undefined> {
    if (!options.redis) return undefined;
    try {
      return await options.redis.get(revisionKey);
    } catch {
      return undefined;
    }
  }

  function noteAgreement(agrees: boolean, announced: string | null): void {
    mismatches = agrees ? 0 : mismatches + 1;
    if (warned || mismatches < REVISION_MISMATCHES_BEFORE_WARNING) return;
    warned = true;
    options.log?.warn(
      { revisionKey, networkAnnounces: announced !== null },
      announced === null
        ? "The network subgraph announces no membership revisions (no REDIS_URL): member records are read on every request. Give it the gateway's REDIS_URL and REDIS_KEY_PREFIX."
        : "The network subgraph announces membership revisions elsewhere (another REDIS_URL or REDIS_KEY_PREFIX): member records are read on every request. Give it the gateway's.",
    );
  }

  async function record(subject: string, requestId: string): Promise<PrincipalRecord | null> {
    const revision = await currentRevision();
    if (typeof revision === "string") {
      const cached = cache.get(subject);
      if (cached && cached.revision === revision) return cached.record;
    }
    let fresh: PrincipalLookupResult;
    try {
      fresh = await options.lookup(subject, requestId);
    } catch {
      throw new PrincipalError(ERROR_CODES.PRINCIPAL_UNAVAILABLE, 503, "Membership cannot be checked right now; try again shortly");
    }
    if (revision !== undefined && fresh.record !== null) noteAgreement(fresh.announcedRevision === revision, fresh.announcedRevision);
    if (typeof revision === "string" && fresh.announcedRevision === revision) cache.set(subject, { record: fresh.record, revision });
    return fresh.record;
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
