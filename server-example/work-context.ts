import { AsyncLocalStorage } from 'node:async_hooks';
import type { ProviderCallWatcher } from './providers/call-watch';

/**
 * Whose work is running, carried through its awaits and timers: the backend instance's (whose
 * metrics and shutdown see its provider calls) and, within a request, the request's id (its log
 * lines carry it). One store for both: every async step pays for each store there is.
 */
export interface WorkContext {
  watcher?: ProviderCallWatcher;
  requestId?: string;
}

const current = new AsyncLocalStorage<WorkContext>();

/** Runs `work`, and whatever it starts, with `context` added to the one it runs in. */
export function withWorkContext<T>(context: WorkContext, work: () => T): T {
  return current.run({ ...current.getStore(), ...context }, work);
}

export function currentWorkContext(): WorkContext | undefined {
  return current.getStore();
}
