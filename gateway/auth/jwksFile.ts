import { readFileSync } from "node:fs";
import type { JSONWebKeySet, JWK } from "jose";
import { AuthConfigError } from "./config.js";

// JWK members that hold private or secret key material (RFC 7518 §6.2.2, §6.3.2, §6.4; "priv"
// for AKP keys).
const SECRET_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv"] as const;
const PUBLIC_KEY_TYPES = ["RSA", "EC", "OKP", "AKP"];

/**
 * Reads the issuer's public keys from a JWKS file (AUTH_JWKS_FILE), once, at start-up, and
 * refuses anything but a set of public keys.
 */
export function loadJwksFile(file: string): JSONWebKeySet {
  const refuse = (reason: string) => new AuthConfigError(`Invalid auth configuration: AUTH_JWKS_FILE: ${file} ${reason}`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let jwks: unknown;
  try {
    jwks = JSON.parse(text);
  } catch {
    throw refuse("is not JSON");
  }
  if (typeof jwks !== "object" || jwks === null || !Array.isArray((jwks as { keys?: unknown }).keys)) {
    throw refuse('is not a JWKS (an object with a "keys" array)');
  }
  const keys = (jwks as { keys: unknown[] }).keys;
  if (keys.length === 0) throw refuse("holds no keys");
  keys.forEach((key, index) => {
    if (typeof key !== "object" || key === null || Array.isArray(key)) throw refuse(`key ${index} is not a JWK object`);
    const jwk = key as JWK;
    // A symmetric key in the trust store would mean the gateway holds a secret that can sign
    // tokens; together with an HMAC algorithm it is the classic path to forging any caller.
    // The algorithm allow-list already refuses HS*, and the key is refused here as well so
    // that one mistake in configuration is never enough.
    if (jwk.kty === "oct") throw refuse(`key ${index} is a symmetric (oct) key; only public keys are accepted`);
    if (typeof jwk.kty !== "string" || !PUBLIC_KEY_TYPES.includes(jwk.kty)) {
      throw refuse(`key ${index} has an unsupported key type`);
    }
    // A private key has no business on the gateway: whoever can read this file could sign.
    // Such a file is most likely the identity provider's key export, copied by mistake.
    const secret = SECRET_MEMBERS.find((member) => Object.hasOwn(jwk, member));
    if (secret) throw refuse(`key ${index} contains private key material ("${secret}"); only public keys are accepted`);
  });
  return jwks as JSONWebKeySet;
}
