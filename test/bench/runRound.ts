import { performance } from "node:perf_hooks";

export interface RoundResult {
  /** One per request, in milliseconds, in completion order. */
  latenciesMs: number[];
  /** From the first request sent to the last answer read. */
  elapsedMs: number;
}

/**
 * Sends `requests` requests, at most `concurrency` at a time (each worker sends its next request
 * as soon as its previous answer is read), and times each from send to the end of its body.
 */
export async function runRound(send: () => Promise<void>, requests: number, concurrency: number): Promise<RoundResult> {
  const latenciesMs: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next += 1;
      const started = performance.now();
      await send();
      latenciesMs.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  return { latenciesMs, elapsedMs: performance.now() - started };
}
