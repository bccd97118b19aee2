import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { ASSERTION_ALGORITHM } from "./assertion.js";

export interface AssertionKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export async function generateAssertionKeyPair(): Promise<AssertionKeyPair> {
  return generateKeyPair(ASSERTION_ALGORITHM, { extractable: true });
}

export function assertionKeyFiles(dataDir: string) {
  return {
    privateKey: path.resolve(dataDir, "keys", "gateway-assertion.private.jwk"),
    publicKey: path.resolve(dataDir, "keys", "gateway-assertion.public.jwk"),
  };
}

async function importKeyFile(file: string, kind: "private" | "public"): Promise<CryptoKey> {
  const jwk = JSON.parse(await readFile(file, "utf8")) as JWK;
  if (kind === "public" && jwk.d) throw new Error(`${file} holds a private key; subgraphs get only the public one`);
  return (await importJWK(jwk, ASSERTION_ALGORITHM)) as CryptoKey;
}

export const readPrivateKeyFile = (file: string) => importKeyFile(file, "private");
export const readPublicKeyFile = (file: string) => importKeyFile(file, "public");

/**
 * The embedded default's keys: made at first start under DATA_DIR/keys (private key readable
 * by its owner only) and reused afterwards. A process that finds the files already written by
 * another (`wx` fails) reads them instead.
 */
export async function loadOrCreateAssertionKeys(dataDir: string): Promise<AssertionKeyPair> {
  const files = assertionKeyFiles(dataDir);
  try {
    return { privateKey: await readPrivateKeyFile(files.privateKey), publicKey: await readPublicKeyFile(files.publicKey) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(path.dirname(files.privateKey), { recursive: true, mode: 0o700 });
  const pair = await generateAssertionKeyPair();
  try {
    await writeFile(files.privateKey, JSON.stringify(await exportJWK(pair.privateKey)), { flag: "wx", mode: 0o600 });
    await writeFile(files.publicKey, JSON.stringify(await exportJWK(pair.publicKey)), { flag: "wx", mode: 0o644 });
    return pair;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { privateKey: await readPrivateKeyFile(files.privateKey), publicKey: await readPublicKeyFile(files.publicKey) };
  }
}
