import { databaseMode } from "./databases.js";

/**
 * How many rounds a concurrency suite runs. `npm test` runs a few, enough to catch a race on most
 * runs while the whole suite stays within its budget; `npm run test:long` (TEST_LONG=1) runs many,
 * for the nights and for anyone touching feeds, capacity or locks. PGlite takes one transaction at
 * a time, so no interleaving can happen there: fewest rounds.
 */
export function roundsFor(counts: { embedded: number; postgres: number; long: number }): number {
  if (databaseMode === "embedded") return counts.embedded;
  return process.env.TEST_LONG === "1" ? counts.long : counts.postgres;
}

/**
 * How many cases a property test that is slow per case tries: `normal` in `npm test`, `long`
 * under `npm run test:long`, which runs them for the nights and for anyone touching what they
 * cover. A failure seen at either count prints its seed, to be replayed with fast-check's `seed`.
 */
export function propertyRuns(counts: { normal: number; long: number }): number {
  return process.env.TEST_LONG === "1" ? counts.long : counts.normal;
}
