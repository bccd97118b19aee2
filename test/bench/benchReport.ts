import os from "node:os";
import type { BenchOptions } from "./benchOptions.js";
import { emptyCounts, totalCalls, type RoundTripCounts } from "./networkRoundTrips.js";
import { median, percentile } from "./percentile.js";

export type Variant = "on" | "off";

/** Everything measured for one gateway and one page size, over all timed rounds. */
export interface Tally {
  latenciesMs: number[];
  elapsedMs: number;
  requests: number;
  /** Requests per second in each round, to pair with the other gateway's same round. */
  roundThroughputs: number[];
  trips: RoundTripCounts;
}

export const newTally = (): Tally => ({ latenciesMs: [], elapsedMs: 0, requests: 0, roundThroughputs: [], trips: emptyCounts() });

const throughput = (t: Tally) => t.requests / (t.elapsedMs / 1000);
const fixed = (value: number, digits: number, width: number) => value.toFixed(digits).padStart(width);

export function printReport(options: BenchOptions, tally: (size: number, variant: Variant) => Tally, timedMs: number): void {
  console.log(
    `\n${options.rounds} rounds × ${options.requests} requests per gateway and size, concurrency ${options.concurrency}, ` +
      `warm-up ${options.warmup}; on/off order alternates each round; timed part ${(timedMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `machine: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}, Node ${process.version}\n`,
  );

  console.log("survivors  enforcement    req/s   p50 ms   p99 ms   network subgraph round trips per request");
  for (const size of options.survivors) {
    for (const variant of ["on", "off"] as const) {
      const t = tally(size, variant);
      const sorted = [...t.latenciesMs].sort((a, b) => a - b);
      const own = totalCalls(t.trips) - t.trips.caller.count;
      console.log(
        `${String(size).padStart(9)}  ${variant.padEnd(11)} ${fixed(throughput(t), 1, 8)} ${fixed(percentile(sorted, 50), 1, 8)} ${fixed(percentile(sorted, 99), 1, 8)}   ` +
          `${(totalCalls(t.trips) / t.requests).toFixed(2)} = ${(t.trips.caller.count / t.requests).toFixed(2)} query plan + ` +
          `${(own / t.requests).toFixed(2)} gateway's own (${t.trips.system.size} distinct operations)`,
      );
    }
  }

  console.log("\nnetwork subgraph time per request (server side, ms): query plan | gateway's own calls in order of first use (membership lookup, policy facts, ledger append)");
  for (const size of options.survivors) {
    for (const variant of ["on", "off"] as const) {
      const t = tally(size, variant);
      const own = [...t.trips.system.values()].map((s) => `${(s.serverMs / t.requests).toFixed(1)} (×${(s.count / t.requests).toFixed(2)})`);
      console.log(`${String(size).padStart(9)}  ${variant.padEnd(11)} ${fixed(t.trips.caller.serverMs / t.requests, 1, 8)} | ${own.join(", ")}`);
    }
  }

  console.log("");
  for (const size of options.survivors) {
    const on = tally(size, "on");
    const off = tally(size, "off");
    const perRound = on.roundThroughputs.map((value, i) => value / off.roundThroughputs[i]!);
    const p99 = (t: Tally) =>
      percentile(
        [...t.latenciesMs].sort((a, b) => a - b),
        99,
      );
    console.log(
      `${String(size).padStart(3)} survivors: throughput on/off ${(throughput(on) / throughput(off)).toFixed(2)} ` +
        `(per round: median ${median(perRound).toFixed(2)}, min ${Math.min(...perRound).toFixed(2)}, max ${Math.max(...perRound).toFixed(2)}); ` +
        `p99 on/off ${(p99(on) / p99(off)).toFixed(2)}; ` +
        `extra round trips with enforcement ${(totalCalls(on.trips) / on.requests - totalCalls(off.trips) / off.requests).toFixed(2)} per request`,
    );
  }
}
