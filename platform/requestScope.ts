import { AsyncLocalStorage } from "node:async_hooks";

/** The request being served, wherever in its async call tree we are (e.g. in Apollo's formatError). */
const storage = new AsyncLocalStorage<{ requestId: string }>();

export function runInRequestScope<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
