import type { IncomingMessage } from "node:http";

/**
 * The address a request came from, for per-address rate limits. Behind `trustedProxyHops`
 * proxies (load balancers we run), the client is the entry that many places from the right of
 * X-Forwarded-For: entries further left were written by the client itself and prove nothing.
 * With no trusted proxy, the header is ignored and the socket's peer is the client.
 */
export function clientAddress(req: Pick<IncomingMessage, "headers" | "socket">, trustedProxyHops: number): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (trustedProxyHops <= 0) return peer;
  const header = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  // The proxies append, so the last `trustedProxyHops` entries are theirs; the one before the
  // first of them is what our outermost proxy saw.
  return hops[hops.length - trustedProxyHops] ?? peer;
}
