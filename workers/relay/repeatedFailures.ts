import { backoffDelay } from "../retry.js";
import { clipReason, DeliveryFailureKind, type DeliveryFailure } from "./deliveryFailure.js";

/**
 * When a message that keeps FAILING (a 500, a code not recognised: `deliveryFailure.ts`) is
 * parked, for one channel of the relay. The danger is an outage: while the destination fails for
 * everyone, every message fails, and parking after N tries would park healthy messages one by one.
 * So a message is parked only when both hold:
 *
 * - it failed `parkAfter` times in a row (a success ends the run; an outage's UNAVAILABLE answers
 *   neither count nor end it), each try after a growing wait, and
 * - the destination took other messages of the channel after this one's run of failures began:
 *   proof that the destination works and the failure is this message's own.
 *
 * An outage that answers 500 to every message gives no such proof, so nothing is parked, however
 * long it lasts. The counts live in this relay's memory: a restart starts them again and each
 * workers replica counts its own, which can only park later, never wrongly.
 */
export const DEFAULT_PARK_AFTER_FAILURES = 10;

/** The code a message is parked with when it failed again and again while others went through. */
export const REPEATED_FAILURE = "REPEATED_FAILURE";

export interface RepeatedFailuresOptions {
  /** Failures in a row after which a message may be parked (with the proof above). */
  parkAfter: number;
  /** Wait after a message's first failure; doubled at each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

interface Run {
  failures: number;
  /** The channel's deliveries when the run began: any more since are the proof. */
  deliveriesAtStart: number;
  notBefore: number;
  last: DeliveryFailure;
}

export interface RepeatedFailures {
  /** The destination took this message: its run ends, and it counts as proof for the others. */
  delivered(id: string): void;
  /** The destination failed this message (kind FAILED, or UNRECORDED); answers how long it now waits before its next try. */
  failed(id: string, failure: DeliveryFailure, now: number): number;
  /** Its last failure while it waits out its delay (the relay passes it by), else null. */
  waiting(id: string, now: number): DeliveryFailure | null;
  /** What to park it with, once it has failed `parkAfter` times in a row while others were delivered; else null. */
  verdict(id: string): DeliveryFailure | null;
  /** It was parked (or settled elsewhere): forgotten. */
  forget(id: string): void;
  /** Forgets every message but these (the ones still in the channel). */
  keepOnly(ids: ReadonlySet<string>): void;
}

export function repeatedFailures(options: RepeatedFailuresOptions): RepeatedFailures {
  const runs = new Map<string, Run>();
  let deliveries = 0;
  return {
    delivered(id) {
      runs.delete(id);
      deliveries += 1;
    },
    failed(id, failure, now) {
      const run = runs.get(id) ?? { failures: 0, deliveriesAtStart: deliveries, notBefore: 0, last: failure };
      run.failures += 1;
      run.last = failure;
      const delay = backoffDelay(run.failures, { baseMs: options.baseDelayMs, maxMs: options.maxDelayMs });
      run.notBefore = now + delay;
      runs.set(id, run);
      return delay;
    },
    waiting(id, now) {
      const run = runs.get(id);
      return run && now < run.notBefore ? run.last : null;
    },
    verdict(id) {
      const run = runs.get(id);
      // An answer the source failed to record is never parked: discarding it would undo what the destination holds.
      if (!run || run.failures < options.parkAfter || run.last.kind === DeliveryFailureKind.UNRECORDED) return null;
      const others = deliveries - run.deliveriesAtStart;
      if (others === 0) return null;
      return {
        kind: DeliveryFailureKind.FAILED,
        code: REPEATED_FAILURE,
        reason: clipReason(
          `failed ${run.failures} times in a row (last: ${run.last.code}) while ${others} other message${others === 1 ? "" : "s"} went through: ${run.last.reason}`,
        ),
      };
    },
    forget(id) {
      runs.delete(id);
    },
    keepOnly(ids) {
      for (const id of runs.keys()) if (!ids.has(id)) runs.delete(id);
    },
  };
}
