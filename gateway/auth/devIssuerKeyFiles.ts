import path from "node:path";

/** The `iss` of every token the development issuer signs. Never a production issuer. */
export const DEV_ISSUER = "urn:safe-referral-network:dev-issuer";

/**
 * Where the development issuer keeps its key pair, under DATA_DIR (which .gitignore keeps out
 * of the repository). Shared by the issuer, which writes them, and the configuration, which
 * trusts the public half.
 */
export function devIssuerKeyFiles(dataDir: string): { dir: string; privateKeyPath: string; jwksPath: string } {
  const dir = path.join(path.resolve(dataDir), "keys");
  return {
    dir,
    privateKeyPath: path.join(dir, "dev-issuer.private.jwk"),
    jwksPath: path.join(dir, "dev-issuer.jwks.json"),
  };
}
