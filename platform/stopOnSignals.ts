import type { Logger } from "./logger.js";

/**
 * How every process of the network stops: on SIGINT or SIGTERM (once, however many arrive), it
 * logs the signal, runs `stop` (drain, then close what it holds) and exits 0.
 */
export function stopOnSignals(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "stopping");
      void stop().then(() => process.exit(0));
    });
  }
}
