import path from "node:path";
import { z } from "zod";
import { parseClaimPath, type ClaimPath } from "./claimPath.js";
import { DEV_ISSUER, devIssuerKeyFiles } from "./devIssuerKeyFiles.js";

export const DEFAULT_AUTH_AUDIENCE = "safe-referral-network";
export const DEFAULT_AUTH_ALGORITHMS: readonly string[] = ["EdDSA", "ES256", "RS256", "PS256"];
export const DEFAULT_CLOCK_TOLERANCE_S = 30;
export const MAX_CLOCK_TOLERANCE_S = 300;
export const DEFAULT_ORG_CLAIM = "org";
export const DEFAULT_ROLES_CLAIM = "roles";

/**
 * The asymmetric JWS algorithms AUTH_ALGORITHMS may name. Each verifies with a public key that
 * cannot sign, so holding the JWKS (as the gateway and anyone fetching it do) mints nothing.
 */
export const SUPPORTED_AUTH_ALGORITHMS: readonly string[] = ["EdDSA", "Ed25519", "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];

/** Where the issuer's public keys come from. */
export type JwksSource =
  | { kind: "url"; url: string }
  /** A JWKS JSON file, for deployments that cannot reach the identity provider. */
  | { kind: "file"; path: string };

export interface AuthConfig {
  /** The one issuer (`iss`) whose tokens the gateway accepts. */
  issuer: string;
  /** The `aud` a token must name. */
  audience: string;
  jwks: JwksSource;
  /** Signature algorithms accepted; never "none", never HMAC. */
  algorithms: readonly string[];
  /** Allowed skew between the issuer's clock and ours when checking exp and nbf. */
  clockToleranceSeconds: number;
  /** Where the caller's organisation id sits in the token. */
  organizationClaim: ClaimPath;
  /** Where the caller's roles sit in the token (may be absent from a token). */
  rolesClaim: ClaimPath;
  /**
   * The development issuer is trusted instead of an identity provider. Its keys must exist
   * before a verifier is created (`loadOrCreateDevIssuer(dataDir)` makes them).
   */
  devIssuer: boolean;
  dataDir: string;
}

export class AuthConfigError extends Error {
  override name = "AuthConfigError";
}

const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const isLoopback = (hostname: string) => hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);

// Keys fetched over plain http can be swapped by anyone on the path, and whoever picks the keys
// picks the callers. Loopback is allowed for a local identity provider in development.
const jwksUrl = z.url().refine((u) => {
  if (!URL.canParse(u)) return true; // already reported by z.url()
  const url = new URL(u);
  return url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname));
}, "must be an https:// URL (http:// only for a loopback host)");

function algorithmList(text: string, ctx: z.RefinementCtx<string>): string[] {
  const names = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length === 0) ctx.addIssue("must name at least one algorithm");
  for (const name of names) {
    if (name.toLowerCase() === "none") {
      // An unsigned token proves nothing about who sent it.
      ctx.addIssue(`"${name}" is refused: an unsigned token proves nothing`);
    } else if (/^hs/i.test(name)) {
      // HMAC verifies with the signing secret itself: a gateway holding it could mint any
      // caller, and a verifier that accepts HS* can be fed the issuer's public key as the
      // "secret" (key confusion), letting anyone forge tokens.
      ctx.addIssue(`"${name}" is refused: HMAC algorithms sign and verify with the same secret`);
    } else if (!SUPPORTED_AUTH_ALGORITHMS.includes(name)) {
      ctx.addIssue(`"${name}" is not supported (supported: ${SUPPORTED_AUTH_ALGORITHMS.join(", ")})`);
    }
  }
  return names;
}

function claimPath(text: string, ctx: z.RefinementCtx<string>): ClaimPath {
  try {
    return parseClaimPath(text);
  } catch (error) {
    ctx.addIssue((error as Error).message);
    return [];
  }
}

/**
 * Reads how the gateway verifies callers. Either an identity provider (AUTH_ISSUER plus exactly
 * one of AUTH_JWKS_URL, AUTH_JWKS_FILE) or, in development only, the project's own issuer
 * (AUTH_DEV_ISSUER=true, which replaces those three and may not be combined with them).
 *
 * AUTH_ORG_CLAIM and AUTH_ROLES_CLAIM are claim paths: `org`, `realm_access.roles` (nested), or
 * a JSON array of names for claims whose name has dots, e.g. `["https://srn.example/org"]`.
 */
export function readAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const schema = z.object({
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).default(DEFAULT_AUTH_AUDIENCE),
    AUTH_JWKS_URL: jwksUrl.optional(),
    AUTH_JWKS_FILE: z.string().min(1).optional(),
    AUTH_ALGORITHMS: z.string().default(DEFAULT_AUTH_ALGORITHMS.join(",")).transform(algorithmList),
    AUTH_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(MAX_CLOCK_TOLERANCE_S).default(DEFAULT_CLOCK_TOLERANCE_S),
    AUTH_ORG_CLAIM: z.string().default(DEFAULT_ORG_CLAIM).transform(claimPath),
    AUTH_ROLES_CLAIM: z.string().default(DEFAULT_ROLES_CLAIM).transform(claimPath),
    AUTH_DEV_ISSUER: booleanFlag.default(false),
    DATA_DIR: z.string().min(1).default(".data"),
  });
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

  const isSet = (name: string) => env[name] !== undefined;
  const devIssuer = env.AUTH_DEV_ISSUER === "true" || env.AUTH_DEV_ISSUER === "1";
  if (devIssuer) {
    for (const name of ["AUTH_ISSUER", "AUTH_JWKS_URL", "AUTH_JWKS_FILE"]) {
      if (isSet(name)) problems.push(`${name}: must not be set with AUTH_DEV_ISSUER on (the development issuer replaces it)`);
    }
  } else {
    if (!isSet("AUTH_ISSUER")) problems.push("AUTH_ISSUER: required unless AUTH_DEV_ISSUER is on");
    if (isSet("AUTH_JWKS_URL") && isSet("AUTH_JWKS_FILE")) {
      problems.push("AUTH_JWKS_URL: set exactly one of AUTH_JWKS_URL and AUTH_JWKS_FILE, not both");
    } else if (!isSet("AUTH_JWKS_URL") && !isSet("AUTH_JWKS_FILE")) {
      problems.push("AUTH_JWKS_URL: one of AUTH_JWKS_URL and AUTH_JWKS_FILE is required unless AUTH_DEV_ISSUER is on");
    }
  }
  if (!parsed.success || problems.length > 0) {
    throw new AuthConfigError(`Invalid auth configuration: ${problems.join("; ")}`);
  }

  const values = parsed.data;
  const dataDir = path.resolve(values.DATA_DIR);
  const base = {
    audience: values.AUTH_AUDIENCE,
    algorithms: values.AUTH_ALGORITHMS,
    clockToleranceSeconds: values.AUTH_CLOCK_TOLERANCE_S,
    organizationClaim: values.AUTH_ORG_CLAIM,
    rolesClaim: values.AUTH_ROLES_CLAIM,
    dataDir,
  };
  if (values.AUTH_DEV_ISSUER) {
    return { ...base, issuer: DEV_ISSUER, jwks: { kind: "file", path: devIssuerKeyFiles(dataDir).jwksPath }, devIssuer: true };
  }
  return {
    ...base,
    issuer: values.AUTH_ISSUER as string,
    jwks: values.AUTH_JWKS_URL ? { kind: "url", url: values.AUTH_JWKS_URL } : { kind: "file", path: path.resolve(values.AUTH_JWKS_FILE as string) },
    devIssuer: false,
  };
}

/**
 * Refuses a configuration that trusts the development issuer outside development mode. Its
 * private key lies in a file under DATA_DIR, and anyone who can read that file can sign in as
 * any member of any organisation.
 */
export function assertProductionSafe(config: AuthConfig, gateway: { development: boolean }): void {
  if (gateway.development) return;
  if (config.devIssuer) {
    throw new AuthConfigError(
      "Invalid auth configuration: AUTH_DEV_ISSUER: the gateway refuses to start in production mode with the development issuer on (set GATEWAY_MODE=development to use it)",
    );
  }
  // The same trust reached by hand (AUTH_ISSUER naming the development issuer) is refused too.
  if (config.issuer === DEV_ISSUER) {
    throw new AuthConfigError(`Invalid auth configuration: AUTH_ISSUER: the gateway refuses to trust the development issuer (${DEV_ISSUER}) in production mode`);
  }
}
