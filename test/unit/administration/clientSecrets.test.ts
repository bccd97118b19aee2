import { describe, expect, it } from "vitest";
import { CLIENT_ID_PREFIX, generateClientId, generateClientSecret, hashClientSecret, verifyClientSecret } from "../../../subgraphs/network/administration/clientSecrets.js";

describe("partner-app client secrets", () => {
  it("are 32 random bytes in base64url, and client ids carry their prefix", () => {
    const secrets = new Set(Array.from({ length: 50 }, generateClientSecret));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(generateClientId()).toMatch(new RegExp(`^${CLIENT_ID_PREFIX}[A-Za-z0-9_-]{22}$`));
  });

  it("are stored as a salted scrypt hash that holds nothing of the secret", async () => {
    const secret = generateClientSecret();
    const [first, second] = [await hashClientSecret(secret), await hashClientSecret(secret)];
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(secret);
  });

  it("match only the secret they were made from", async () => {
    const secret = generateClientSecret();
    const stored = await hashClientSecret(secret);
    expect(await verifyClientSecret(secret, stored)).toBe(true);
    expect(await verifyClientSecret(generateClientSecret(), stored)).toBe(false);
    expect(await verifyClientSecret(`${secret}x`, stored)).toBe(false);
    expect(await verifyClientSecret("", stored)).toBe(false);
  });

  it("match nothing without a usable hash, after the same work", async () => {
    const secret = generateClientSecret();
    const stored = await hashClientSecret(secret);
    const [, n, r, p, salt, hash] = stored.split("$");
    for (const unusable of [
      null,
      "",
      "bcrypt$whatever",
      `scrypt$${n}$${r}$${p}$${salt}`,
      // Parameters a tampered row might carry: far too costly, or not a power of two.
      `scrypt$1073741824$${r}$${p}$${salt}$${hash}`,
      `scrypt$1000$${r}$${p}$${salt}$${hash}`,
      `scrypt$${n}$${r}$${p}$${salt}$${hash}AA`,
    ]) {
      expect(await verifyClientSecret(secret, unusable), String(unusable)).toBe(false);
    }
  });
});
