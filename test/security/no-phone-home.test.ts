/**
 * Nothing phones home. Partner networks run air-gapped: the only outbound connections the product
 * makes are to what an operator configured (subgraphs, identity provider, database, Redis,
 * webhooks). This test records every TCP connection and every host-name lookup the process makes
 * while the whole network starts, answers queries and a mutation, and stops — in the same process
 * as the gateway and the subgraphs — and fails on any that is not to this machine's loopback. (It
 * caught @apollo/gateway's default telemetry, which schedules metric exports to Apollo and probes
 * the AWS, Azure, GCP and Alibaba metadata endpoints at start.) And no page the gateway serves
 * would make a browser load anything from elsewhere.
 */
import dns from "node:dns";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SURVIVORS } from "../../vocabulary/demoIds.js";
import { databaseMode } from "../support/databases.js";
import { startTestNetwork, type TestNetwork } from "../support/network.js";

const attempts: string[] = [];
// eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with .apply(this, …) and put back on the prototype
const originalConnect = net.Socket.prototype.connect;
const originalLookup = dns.lookup;
const originalPromisesLookup = dns.promises.lookup;

/** Where a `socket.connect(...)` call goes, as "host:port" (or a local socket path). */
function destination(args: unknown[]): string {
  const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  if (typeof first === "object" && first !== null) {
    const options = first as { host?: string; port?: number; path?: string };
    return options.path ?? `${options.host ?? "localhost"}:${options.port}`;
  }
  if (typeof first === "string" && Number.isNaN(Number(first))) return first; // a socket path
  return `${typeof second === "string" ? second : "localhost"}:${String(first)}`;
}

const LOCAL = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\]|::ffff:127\.\d+\.\d+\.\d+)(:\d+)?$/;
/** Loopback, a Unix socket, or the lookup of a loopback name. */
const isLocal = (where: string) => LOCAL.test(where.replace(/^lookup /, "")) || where.startsWith("/");

let network: TestNetwork;

beforeAll(async () => {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    attempts.push(destination(args));
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
    attempts.push(`lookup ${hostname}`);
    return (originalLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
  };
  (dns.promises as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
    attempts.push(`lookup ${hostname}`);
    return (originalPromisesLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
  };
  // Development mode, where more is on (introspection) and where a landing page used to be.
  network = await startTestNetwork({ gateway: { development: true } });
}, 120_000);

afterAll(async () => {
  await network?.stop();
  net.Socket.prototype.connect = originalConnect;
  (dns as { lookup: unknown }).lookup = originalLookup;
  (dns.promises as { lookup: unknown }).lookup = originalPromisesLookup;
});

describe(`outbound connections (${databaseMode})`, () => {
  it("go only to this machine while the network starts, answers and writes", async () => {
    const read = await network.query(
      `query($id: ID!) { survivor(id: $id) { pseudonym residentProfiles { phone } } }`,
      { id: DEMO_SURVIVORS.aster },
      { purpose: "SERVICE_REFERRAL" },
    );
    expect(read.body.errors).toBeUndefined();
    const write = await network.query(
      `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`,
      { input: { survivorId: DEMO_SURVIVORS.aster, granteeKind: "LEGAL_AID", categories: ["IDENTITY"], purposes: ["SERVICE_REFERRAL"], method: "WRITTEN", language: "en" } },
      { purpose: "SERVICE_REFERRAL" },
    );
    expect(write.body.errors).toBeUndefined();
    // No page of the gateway makes a browser fetch anything from elsewhere (Apollo's landing page
    // loads its scripts from Apollo's CDN): none is served, in any mode.
    const page = await fetch(network.gateway.graphqlUrl, { headers: { accept: "text/html", authorization: `Bearer ${await network.issuer.tokenFor("harbor-caseworker")}` } });
    expect(page.status).toBeLessThan(500);
    const html = await page.text();
    expect(page.headers.get("content-type") ?? "").not.toContain("text/html");
    expect(html).not.toMatch(/https?:\/\//);
    // Give anything scheduled at start (a metrics export, a metadata probe) time to show itself.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // The recording works: the gateway did reach its subgraphs, on loopback.
    expect(attempts.filter(isLocal).length).toBeGreaterThan(0);
    expect(attempts.filter((where) => !isLocal(where))).toEqual([]);
  });
});
