import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Partner-app client secrets: 32 random bytes (base64url), shown to the admin once and stored
 * only as a salted scrypt hash, "scrypt$N$r$p$salt$hash" (salt and hash base64url).
 *
 * The secret carries 256 bits of entropy, so no dictionary helps an attacker who steals the
 * hashes; the hash still keeps a database read from being a working credential, and the
 * salt keeps two equal hashes from telling anything.
 */
export const CLIENT_SECRET_BYTES = 32;
/** Partner-app client ids start with this; member subjects may not (see administration/input.ts). */
export const CLIENT_ID_PREFIX = "srn-app-";

// 16 MiB and a few tens of milliseconds per check: bounded work per token request (which is
// rate-limited per address at the gateway) while still costly to repeat at scale.
const PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
// Stored parameters are read back, never trusted blindly: a row edited to N = 2^30 must not
// make one token request allocate a gigabyte.
const MAX_N = 1 << 17;
const MAX_MEMORY = 256 * 1024 * 1024;

function derive(secret: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: MAX_MEMORY };
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize("NFC"), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export function generateClientId(): string {
  return `${CLIENT_ID_PREFIX}${randomBytes(16).toString("base64url")}`;
}

export function generateClientSecret(): string {
  return randomBytes(CLIENT_SECRET_BYTES).toString("base64url");
}

export async function hashClientSecret(secret: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(secret, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

interface ParsedHash {
  params: { N: number; r: number; p: number };
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const valid = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!valid(N, MAX_N) || (N & (N - 1)) !== 0 || !valid(r, 32) || !valid(p, 16)) return null;
  const salt = Buffer.from(parts[4]!, "base64url");
  const hash = Buffer.from(parts[5]!, "base64url");
  if (salt.length < 8 || hash.length !== KEY_BYTES) return null;
  return { params: { N, r, p }, salt, hash };
}

// Checked against when there is no hash to check against (unknown client id, a client whose
// tokens come from the identity provider, an unreadable hash): the same scrypt work is done and
// the answer is no, so the time taken does not tell which client ids exist.
const NOTHING_TO_MATCH: ParsedHash = { params: PARAMS, salt: randomBytes(SALT_BYTES), hash: Buffer.alloc(KEY_BYTES) };

/**
 * Whether `secret` matches `stored`, in time independent of where they differ (timingSafeEqual)
 * and of whether there was a hash at all.
 */
export async function verifyClientSecret(secret: string, stored: string | null): Promise<boolean> {
  const parsed = stored === null ? null : parseHash(stored);
  const target = parsed ?? NOTHING_TO_MATCH;
  const candidate = await derive(secret, target.salt, target.params);
  const equal = timingSafeEqual(candidate, target.hash);
  return parsed !== null && equal;
}
