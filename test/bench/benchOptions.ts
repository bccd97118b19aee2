import { parseArgs } from "node:util";
import { z } from "zod";

export interface BenchOptions {
  /** Page sizes to measure, each on its own; the first is the headline. */
  survivors: number[];
  /** Timed rounds; each runs every size on both gateways, in alternating order. */
  rounds: number;
  /** Requests per round, per gateway and size. */
  requests: number;
  concurrency: number;
  /** Untimed requests per gateway and size before the first round. */
  warmup: number;
}

/** About a minute and a half on the project's machines, set-up included. */
export const DEFAULT_BENCH_OPTIONS: BenchOptions = { survivors: [50, 10], rounds: 8, requests: 40, concurrency: 4, warmup: 20 };

const count = (min: number, max: number) => z.number().int().min(min).max(max);
const whole = (min: number, max: number) => z.string().regex(/^\d+$/, "a whole number").transform(Number).pipe(count(min, max));

const schema = z.object({
  // Up to the page-size maximum of the API.
  survivors: z
    .string()
    .regex(/^\d+(,\d+)*$/, "a number or a comma-separated list of numbers")
    .transform((list) => list.split(",").map(Number))
    .pipe(z.array(count(1, 100))),
  rounds: whole(1, 1_000),
  requests: whole(1, 100_000),
  concurrency: whole(1, 256),
  warmup: whole(0, 100_000),
});

export const BENCH_USAGE = `npm run bench:consent -- [--survivors 50,10] [--rounds 8] [--requests 40] [--concurrency 4] [--warmup 20]`;

export function readBenchOptions(argv: string[]): BenchOptions {
  let values: Record<string, unknown>;
  try {
    values = readFlags(argv);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nusage: ${BENCH_USAGE}`, { cause: error });
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    throw new Error(`${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join("; ")}\nusage: ${BENCH_USAGE}`);
  }
  return { ...parsed.data, survivors: [...new Set(parsed.data.survivors)] };
}

function readFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      survivors: { type: "string", default: DEFAULT_BENCH_OPTIONS.survivors.join(",") },
      rounds: { type: "string", default: String(DEFAULT_BENCH_OPTIONS.rounds) },
      requests: { type: "string", default: String(DEFAULT_BENCH_OPTIONS.requests) },
      concurrency: { type: "string", default: String(DEFAULT_BENCH_OPTIONS.concurrency) },
      warmup: { type: "string", default: String(DEFAULT_BENCH_OPTIONS.warmup) },
    },
    strict: true,
  }).values;
}
