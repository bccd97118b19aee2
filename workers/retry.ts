/**
 * The one retry mechanism of the workers, for the outbox relay (`relay/`) and the webhook delivery
 * (`webhooks/`) alike: work is done in rounds, a round runs on a timer and whenever it is nudged
 * (`kick`), and whatever failed waits a doubling delay before it is tried again.
 *
 * Neither worker retries inside a call (the retry packages do that: call, wait, call again): what
 * failed stays where it is — an outbox row, a webhook delivery, a channel held back — with the time
 * before which it is not tried, and the next round that finds it due tries it. So a crash, a stop or
 * another replica loses no retry, and a round never sleeps on one failure while others could go.
 */

export interface Backoff {
  /** The wait after the first failure; each further one doubles it. */
  baseMs: number;
  /** The longest wait. */
  maxMs: number;
}

/** How long to wait after `failures` failures in a row (1: the first): `baseMs` doubled each time, at most `maxMs`; 0 before any failure. */
export function backoffDelay(failures: number, { baseMs, maxMs }: Backoff): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 20));
}

export interface Rounds {
  /** Runs a round now (a nudge: something was written that a round carries); one already running is followed by another. */
  kick(): void;
  /** Runs a round now, or joins the one running (which then runs once more); resolves with what the rounds counted. */
  runOnce(): Promise<number>;
  /** No further round; resolves once the running one has ended. */
  stop(): Promise<void>;
}

export interface RoundsOptions {
  /** The wait between a round's end and the next when nothing nudges. */
  intervalMs: number;
  /** Whether the timer runs at all (a worker with nothing to do has none); default true. */
  timer?: boolean;
  /** Whether the timer alone keeps the process alive; default false (the process's own server or signal handling does). */
  keepAlive?: boolean;
}

/**
 * Runs `round` on a timer and on every `kick`. Rounds never overlap: a kick or `runOnce` while one
 * runs asks for one more right after it (so what was written meanwhile is carried promptly), and
 * they share its result. `round` is told whether the rounds were stopped, to end early.
 */
export function startRounds(round: (stopped: () => boolean) => Promise<number>, options: RoundsOptions): Rounds {
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const isStopped = () => stopped;

  async function pass(): Promise<number> {
    let total = 0;
    do {
      again = false;
      total += await round(isStopped);
    } while (again && !stopped);
    return total;
  }

  const runOnce = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = pass().finally(() => {
      running = null;
    });
    return running;
  };

  const schedule = () => {
    if (stopped || options.timer === false) return;
    timer = setTimeout(() => {
      // A round catches and logs its own failures; one that throws still leaves the timer going.
      runOnce().then(schedule, schedule);
    }, options.intervalMs);
    if (!options.keepAlive) timer.unref();
  };
  schedule();

  return {
    kick: () => {
      if (!stopped) runOnce().catch(() => undefined);
    },
    runOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
