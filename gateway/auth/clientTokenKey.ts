import { chmod, mkdir } from "node:fs/promises";
import path from "node:path";
import { calculateJwkThumbprint, importJWK, type CryptoKey, type JWK } from "jose";
import { createEd25519PrivateJwk, readEd25519PrivateJwk, type Ed25519PrivateJwk } from "./ed25519KeyFile.js";

/** The key the gateway signs partner-app tokens with (see clientTokens.ts), and checks them with. */
export interface ClientTokenKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The key id: the public key's JWK thumbprint (RFC 7638). */
  kid: string;
}

/** The embedded default's key file, beside the assertion keys. */
export function clientTokenKeyFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), "keys", "client-token.private.jwk");
}

async function toKey(jwk: Ed25519PrivateJwk): Promise<ClientTokenKey> {
  const publicJwk: JWK & { kty: "OKP" } = { kty: "OKP", crv: "Ed25519", x: jwk.x };
  return {
    privateKey: await importJWK(jwk, "EdDSA"),
    publicKey: await importJWK(publicJwk, "EdDSA"),
    kid: await calculateJwkThumbprint(publicJwk),
  };
}

/** CLIENT_TOKEN_PRIVATE_KEY_FILE: made by the operator, shared by every gateway replica. */
export async function readClientTokenKey(file: string): Promise<ClientTokenKey> {
  const jwk = await readEd25519PrivateJwk(file, "CLIENT_TOKEN_PRIVATE_KEY_FILE must name an Ed25519 private JWK");
  if (!jwk) throw new Error(`CLIENT_TOKEN_PRIVATE_KEY_FILE: ${file} does not exist`);
  return toKey(jwk);
}

/** The embedded default: DATA_DIR/keys/client-token.private.jwk, made on first use (owner-only). */
export async function loadOrCreateClientTokenKey(dataDir: string): Promise<ClientTokenKey> {
  const file = clientTokenKeyFile(dataDir);
  const whenInvalid = "delete it to have a new client-token key made (tokens issued with the old one stop working)";
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const jwk = (await readEd25519PrivateJwk(file, whenInvalid)) ?? (await createEd25519PrivateJwk(file, whenInvalid));
  await chmod(file, 0o600);
  return toKey(jwk);
}

/**
 * Where the key comes from, loaded once. A configured file is read at start, so that a wrong
 * path stops the gateway there. The embedded default is made on first use: a gateway that
 * never issues or sees a partner-app token writes nothing to disk. A failed load is retried
 * on the next use rather than remembered.
 */
export async function clientTokenKeySource(options: { privateKeyFile: string | null; dataDir: string }): Promise<() => Promise<ClientTokenKey>> {
  if (options.privateKeyFile) {
    const key = await readClientTokenKey(options.privateKeyFile);
    return () => Promise.resolve(key);
  }
  let loading: Promise<ClientTokenKey> | undefined;
  return () => {
    loading ??= loadOrCreateClientTokenKey(options.dataDir).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
