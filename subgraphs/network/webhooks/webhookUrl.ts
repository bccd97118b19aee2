import { isIP } from "node:net";
import { z } from "zod";

// A DNS name: labels of letters, digits and hyphens, not starting or ending with a hyphen.
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Addresses that reach the network's own machines rather than a partner's: loopback, private,
 * link-local (cloud metadata at 169.254.169.254), unspecified. Only literal addresses are caught;
 * a public name that resolves to a private address is the egress firewall's to stop.
 */
function isInternalAddress(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const version = isIP(host);
  if (version === 4) {
    const [a, b] = host.split(".").map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (version === 6) {
    const h = host.toLowerCase();
    return (
      h === "::" ||
      h === "::1" ||
      h.startsWith("fc") ||
      h.startsWith("fd") ||
      h.startsWith("fe8") ||
      h.startsWith("fe9") ||
      h.startsWith("fea") ||
      h.startsWith("feb") ||
      h.startsWith("::ffff:")
    );
  }
  return false;
}

/**
 * Where a webhook may point. HTTPS to a public DNS name or IP address; no credentials in the URL
 * (they would sit in our database and logs). `allowHttp` (development) also accepts `http:` and
 * the developer's own machine.
 */
export function webhookUrlSchema(allowHttp: boolean) {
  return z
    .string()
    .max(2000, "must be at most 2000 characters")
    .superRefine((value, issue) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        issue.addIssue({ code: "custom", message: "must be an absolute URL" });
        return;
      }
      if (!(url.protocol === "https:" || (allowHttp && url.protocol === "http:"))) {
        issue.addIssue({ code: "custom", message: allowHttp ? "must be an https: or http: URL" : "must be an https: URL" });
      }
      if (url.username || url.password) issue.addIssue({ code: "custom", message: "must not carry credentials" });
      const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
      if (!(isIP(host) || DNS_NAME.test(host))) issue.addIssue({ code: "custom", message: "must name a host by DNS name or IP address" });
      else if (!allowHttp && isInternalAddress(host)) issue.addIssue({ code: "custom", message: "must not point at a loopback, private or link-local address" });
    });
}
