import { currentWorkContext, withWorkContext } from '../work-context';

/** Runs `handle` as part of the request `requestId`. */
export function withRequestId<T>(requestId: string, handle: () => T): T {
  return withWorkContext({ requestId }, handle);
}

/** The id of the request this code runs for; undefined in background work (the reconciler, the webhook worker). */
export function currentRequestId(): string | undefined {
  return currentWorkContext()?.requestId;
}
