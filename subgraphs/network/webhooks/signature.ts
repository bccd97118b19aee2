import { createHmac, randomBytes } from "node:crypto";

/** 32 random bytes, base64url: the HMAC key a receiver checks our signatures with. */
export function generateWebhookSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The value of the signature header (`vocabulary/webhooks.ts`):
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The time is signed with the
 * body, so a receiver that refuses old `t` values cannot be fed a recorded delivery again later.
 * The key is the secret string as shown at registration (its UTF-8 bytes).
 */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}
