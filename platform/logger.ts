import { pino, type Logger } from "pino";

export type { Logger };

/**
 * One structured logger for the whole process. Survivor data must never be logged: log ids,
 * codes and counts, never field values or variables.
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ name, level, base: { service: name } });
}
