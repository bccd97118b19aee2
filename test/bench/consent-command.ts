import "reflect-metadata";
import { performance } from "node:perf_hooks";
import { DEFAULT_SUPERGRAPH_PATH, readGatewayConfig, type GatewayConfig } from "../../gateway/config.js";
import { startNetwork } from "../../launcher/network.js";
import { readWorkersConfig } from "../../workers/config.js";
import { PURPOSE_HEADER } from "../../gateway/purpose.js";
import { startGateway } from "../../gateway/server.js";
import { generateAssertionKeyPair } from "../../platform/keys.js";
import { pino } from "pino";
import { createTestIssuer } from "../support/issuer.js";
import { createBenchDatabases } from "./benchDatabases.js";
import { readBenchOptions, type BenchOptions } from "./benchOptions.js";
import { newTally, printReport, type Tally, type Variant } from "./benchReport.js";
import { addCounts, countNetworkRoundTrips, totalCalls, type NetworkRoundTripCounter } from "./networkRoundTrips.js";
import { formatErrors, summarizeResponse, SURVIVORS_WITH_PROFILES, type ResponseBody, type ResponseSummary } from "./responseSummary.js";
import { runRound } from "./runRound.js";

// `npm run bench:consent`: what the gateway's consent enforcement costs. Two gateways on the same
// four subgraphs, one enforcing (facts, decisions, ledger) and one with enforcement off, answer the
// same query for the same caller, in short interleaved rounds so that a noisy neighbour slows both.
// Everything (subgraphs, their embedded databases, both gateways, the load) shares one process, so
// the enforcing gateway's price includes the network database's work for the facts and the ledger.

const VARIANTS_IN_ORDER: readonly (readonly Variant[])[] = [
  ["on", "off"],
  ["off", "on"],
];

function benchGatewayConfig(): Omit<GatewayConfig, "subgraphUrls"> {
  const { subgraphUrls: _none, ...productionDefaults } = readGatewayConfig({});
  return {
    ...productionDefaults,
    host: "127.0.0.1",
    port: 0,
    supergraphPath: DEFAULT_SUPERGRAPH_PATH,
    development: false,
    dataDir: "/nonexistent",
    assertionPrivateKeyFile: null,
    redisUrl: null,
    redisKeyPrefix: "srn-bench:",
    // Admission limits are not what is measured: one caller sends thousands of requests a minute,
    // and 100 survivors with three profile lists each weigh more than the production cost limit.
    rateLimits: { memberPerMinute: 10_000_000, clientPerMinute: 10_000_000, addressPerMinute: 10_000_000 },
    limits: { ...productionDefaults.limits, maxCost: 20_000 },
  };
}

/**
 * One answer of each gateway per size, before timing, so the reader sees both did their work:
 * the enforcing one released some sensitive data and withheld some, the other withheld nothing.
 * Anything else (a ledger that cannot be written withholds everything) stops the benchmark.
 */
async function checkAnswers(sizes: readonly number[], post: (variant: Variant, size: number) => Promise<Response>, counter: NetworkRoundTripCounter): Promise<void> {
  console.log("\nOne answer of each gateway, before timing (caller harbor-caseworker, purpose SERVICE_REFERRAL):");
  for (const size of sizes) {
    const consented = Math.ceil(size / 2);
    for (const variant of ["on", "off"] as const) {
      counter.take();
      const response = await post(variant, size);
      const summary = summarizeResponse((await response.json()) as ResponseBody);
      const trips = counter.take();
      console.log(
        `  ${String(size).padStart(3)} survivors, enforcement ${variant.padEnd(3)}: HTTP ${response.status}; ` +
          `resident names ${summary.residentNames}/${size}, immigration statuses ${summary.immigrationStatuses}/${summary.legalProfiles}, ` +
          `liaison profiles ${summary.liaisonProfiles}/${size}; errors: ${formatErrors(summary.errors)}; network subgraph round trips ${totalCalls(trips)}`,
      );
      const expected: ResponseSummary =
        variant === "on"
          ? // Harbor Light owns the resident profiles (released as owner); the legal and liaison
            // profiles of the survivors who consented are released, the others' withheld: the
            // immigration fields nulled with an error each, the liaison profiles left out.
            {
              survivors: size,
              residentNames: size,
              legalProfiles: size,
              immigrationStatuses: consented,
              liaisonProfiles: consented,
              errors: size > consented ? { CONSENT_REQUIRED: 2 * (size - consented) } : {},
            }
          : { survivors: size, residentNames: size, legalProfiles: size, immigrationStatuses: size, liaisonProfiles: size, errors: {} };
      if (response.status !== 200 || JSON.stringify(summary) !== JSON.stringify(expected)) {
        const hint = summary.errors.POLICY_UNAVAILABLE ? " (POLICY_UNAVAILABLE: the gateway could not read the facts or write the ledger; see the log on stderr)" : "";
        throw new Error(`enforcement ${variant}, ${size} survivors: expected ${JSON.stringify(expected)}, got ${JSON.stringify(summary)}${hint}`);
      }
    }
  }
}

async function main(options: BenchOptions): Promise<void> {
  // Warnings and errors only (the off gateway's warning among them), on stderr: stdout is the report.
  const log = pino({ name: "bench", level: process.env.LOG_LEVEL ?? "warn", base: { service: "bench" } }, pino.destination(2));
  const setupStarted = performance.now();
  const largest = Math.max(...options.survivors);
  const databases = await createBenchDatabases(largest);
  const issuer = await createTestIssuer();
  const assertionKeys = await generateAssertionKeyPair();
  const gatewayConfig = benchGatewayConfig();
  const network = await startNetwork({
    databaseFor: databases.locationFor,
    subgraphPort: () => 0,
    host: "127.0.0.1",
    seedDemoData: false, // the databases start from templates that hold it
    gateway: gatewayConfig,
    workers: { ...readWorkersConfig({}), redisKeyPrefix: "srn-bench:" },
    assertionKeys,
    tokenVerifier: issuer.tokenVerifier,
    redis: null,
    logger: log,
  });
  const counter = countNetworkRoundTrips(Number(new URL(network.subgraphs.get("network")!.url).port));
  try {
    const unenforced = await startGateway(
      { ...gatewayConfig, subgraphUrls: network.gateway.subgraphUrls },
      { tokenVerifier: issuer.tokenVerifier, assertionPrivateKey: assertionKeys.privateKey, logger: log, unsafeWithoutConsentEnforcement: true },
    );
    try {
      const urls: Record<Variant, string> = { on: network.gateway.graphqlUrl, off: unenforced.graphqlUrl };
      const token = await issuer.tokenFor("harbor-caseworker", { expiresIn: 3600 });
      const post = (variant: Variant, size: number) =>
        fetch(urls[variant], {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}`, [PURPOSE_HEADER]: "SERVICE_REFERRAL" },
          body: JSON.stringify({ query: SURVIVORS_WITH_PROFILES, variables: { first: size } }),
        });
      const send = (variant: Variant, size: number) => async () => {
        const response = await post(variant, size);
        const text = await response.text();
        if (response.status !== 200) throw new Error(`gateway ${variant} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
      };
      console.log(`set-up ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (${largest} invented survivors, 4 subgraphs on in-memory PGlite, 2 gateways, one process)`);

      await checkAnswers(options.survivors, post, counter);

      // ── Warm-up, then interleaved rounds ───────────────────────────────────────────────────────
      if (options.warmup > 0) {
        for (const size of options.survivors) for (const variant of ["on", "off"] as const) await runRound(send(variant, size), options.warmup, options.concurrency);
      }
      const tallies = new Map<string, Tally>();
      const tally = (size: number, variant: Variant) => {
        const key = `${size}:${variant}`;
        if (!tallies.has(key)) tallies.set(key, newTally());
        return tallies.get(key)!;
      };
      const timedStarted = performance.now();
      for (let round = 0; round < options.rounds; round += 1) {
        process.stderr.write(`\rround ${round + 1}/${options.rounds}`);
        for (const size of options.survivors) {
          for (const variant of VARIANTS_IN_ORDER[round % 2]!) {
            counter.take();
            const result = await runRound(send(variant, size), options.requests, options.concurrency);
            const t = tally(size, variant);
            addCounts(t.trips, counter.take());
            t.latenciesMs.push(...result.latenciesMs);
            t.elapsedMs += result.elapsedMs;
            t.requests += options.requests;
            t.roundThroughputs.push(options.requests / (result.elapsedMs / 1000));
          }
        }
      }
      process.stderr.write("\n");

      printReport(options, tally, performance.now() - timedStarted);
    } finally {
      await unenforced.stop();
    }
  } finally {
    counter.stop();
    await network.stop();
  }
}

let options: BenchOptions;
try {
  options = readBenchOptions(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
main(options).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\nbenchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
