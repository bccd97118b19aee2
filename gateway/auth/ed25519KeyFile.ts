import { randomUUID } from "node:crypto";
import { link, readFile, unlink, writeFile } from "node:fs/promises";
import { exportJWK, generateKeyPair, type JWK } from "jose";

export type Ed25519PrivateJwk = JWK & { kty: "OKP"; crv: "Ed25519"; d: string; x: string };

/** Reads an Ed25519 private JWK file; undefined when there is none, an error when it holds anything else. */
export async function readEd25519PrivateJwk(file: string, whenInvalid: string): Promise<Ed25519PrivateJwk | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let jwk: Partial<Ed25519PrivateJwk> | undefined;
  try {
    jwk = JSON.parse(text) as Partial<Ed25519PrivateJwk>;
  } catch {
    jwk = undefined;
  }
  if (jwk?.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.d !== "string" || typeof jwk.x !== "string") {
    throw new Error(`${file} is not an Ed25519 private JWK; ${whenInvalid}`);
  }
  return { kty: "OKP", crv: "Ed25519", d: jwk.d, x: jwk.x };
}

/**
 * Makes a new Ed25519 private JWK file (owner-only), unless another process made one first, in
 * which case that one is returned: the key is written whole under a temporary name, then
 * linked into place, and link refuses to replace an existing file. So when two processes start
 * at once both end up with the one key that won, and no reader ever sees half a key.
 */
export async function createEd25519PrivateJwk(file: string, whenInvalid: string): Promise<Ed25519PrivateJwk> {
  const { privateKey } = await generateKeyPair("EdDSA", { extractable: true });
  const jwk = (await exportJWK(privateKey)) as Ed25519PrivateJwk;
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d })}\n`, { mode: 0o600, flag: "wx" });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const winner = await readEd25519PrivateJwk(file, whenInvalid);
    if (!winner) throw error;
    return winner;
  } finally {
    await unlink(temporary);
  }
  return { kty: "OKP", crv: "Ed25519", d: jwk.d, x: jwk.x };
}
