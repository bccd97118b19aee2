import { randomUUID } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { calculateJwkThumbprint, importJWK, SignJWT, type JWK } from "jose";
import { DEFAULT_AUTH_AUDIENCE, DEFAULT_ORG_CLAIM, DEFAULT_ROLES_CLAIM, readAuthConfig, type AuthConfig } from "./config.js";
import { DEV_ISSUER, devIssuerKeyFiles } from "./devIssuerKeyFiles.js";
import { createEd25519PrivateJwk, readEd25519PrivateJwk } from "./ed25519KeyFile.js";

export { DEV_ISSUER };

export const DEV_TOKEN_DEFAULT_TTL_S = 60 * 60;
export const DEV_TOKEN_MAX_TTL_S = 12 * 60 * 60;
const WHEN_INVALID = "delete it to have a new development key made";

export interface DevTokenClaims {
  subject: string;
  organizationId: string;
  roles: readonly string[];
  /** Default DEV_TOKEN_DEFAULT_TTL_S, at most DEV_TOKEN_MAX_TTL_S. */
  ttlSeconds?: number;
}

export interface DevIssuer {
  /** The public JWKS file that a verifier of this issuer trusts. */
  jwksPath: string;
  /** The key id: the key's JWK thumbprint (RFC 7638). */
  kid: string;
  issue(claims: DevTokenClaims, audience?: string): Promise<string>;
}

/**
 * The development issuer: an Ed25519 key pair under `<dataDir>/keys`, made on first use and
 * reused after, so that tokens survive restarts. Development only — `assertProductionSafe`
 * keeps a production gateway from trusting it.
 */
export async function loadOrCreateDevIssuer(dataDir: string): Promise<DevIssuer> {
  const files = devIssuerKeyFiles(dataDir);
  // Owner-only: the private key signs in as anyone on the network.
  await mkdir(files.dir, { recursive: true, mode: 0o700 });
  await chmod(files.dir, 0o700);
  const privateJwk = (await readEd25519PrivateJwk(files.privateKeyPath, WHEN_INVALID)) ?? (await createEd25519PrivateJwk(files.privateKeyPath, WHEN_INVALID));
  await chmod(files.privateKeyPath, 0o600);

  const publicJwk: JWK = { kty: "OKP", crv: "Ed25519", x: privateJwk.x };
  const kid = await calculateJwkThumbprint(publicJwk);
  // Rewritten from the private key on every load, so the two files can never disagree.
  await replaceIfChanged(files.jwksPath, `${JSON.stringify({ keys: [{ ...publicJwk, kid, alg: "EdDSA", use: "sig" }] }, null, 2)}\n`);
  const key = await importJWK(privateJwk, "EdDSA");

  return {
    jwksPath: files.jwksPath,
    kid,
    async issue(claims, audience = DEFAULT_AUTH_AUDIENCE) {
      const ttl = claims.ttlSeconds ?? DEV_TOKEN_DEFAULT_TTL_S;
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > DEV_TOKEN_MAX_TTL_S) {
        throw new RangeError(`ttlSeconds must be an integer from 1 to ${DEV_TOKEN_MAX_TTL_S}`);
      }
      if (claims.subject.length === 0 || claims.organizationId.length === 0) {
        throw new RangeError("subject and organizationId must not be empty");
      }
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ [DEFAULT_ORG_CLAIM]: claims.organizationId, [DEFAULT_ROLES_CLAIM]: [...claims.roles] })
        .setProtectedHeader({ alg: "EdDSA", kid, typ: "JWT" })
        .setIssuer(DEV_ISSUER)
        .setAudience(audience)
        .setSubject(claims.subject)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + ttl)
        .setJti(randomUUID())
        .sign(key);
    },
  };
}

/** Trusts exactly the development issuer under `dataDir`, through its JWKS file. */
export function devAuthConfig(dataDir: string): AuthConfig {
  return { ...readAuthConfig({ AUTH_DEV_ISSUER: "true", DATA_DIR: dataDir }), algorithms: ["EdDSA"] };
}

async function replaceIfChanged(file: string, content: string): Promise<void> {
  const current = await readFile(file, "utf8").catch(() => undefined);
  if (current === content) return;
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, content, { mode: 0o644 });
  await rename(temporary, file);
}
