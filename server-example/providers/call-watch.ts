import { currentWorkContext, withWorkContext } from '../work-context';

/** How a provider call ended: a 2xx/3xx answer, a verdict (4xx), the provider's trouble (5xx, 408, 429), or no answer at all. */
export type ProviderCallOutcome = 'ok' | 'rejected' | 'transient' | 'unavailable';

export interface ProviderCall {
  /** The provider's display name, as the clients pass it to requestProvider. */
  provider: string;
  method: string;
  url: string;
}

/** Told of each provider call as it starts; the function it returns is called once, as it ends. */
export interface ProviderCallWatcher {
  started(call: ProviderCall): (outcome: ProviderCallOutcome) => void;
}

/**
 * Runs `work`, and whatever it starts later, with `watcher` told of its provider calls: the
 * backend instance's metrics and shutdown (which waits for calls in flight). Carried with the work
 * (requests, reconciler passes), so several instances in one process (tests) each see their own.
 */
export function watchProviderCalls<T>(watcher: ProviderCallWatcher, work: () => T): T {
  return withWorkContext({ watcher }, work);
}

/** Called by requestProvider as a call starts; a no-op outside any instance's work (an adapter driven by a test). */
export function providerCallStarted(call: ProviderCall): (outcome: ProviderCallOutcome) => void {
  return currentWorkContext()?.watcher?.started(call) ?? (() => {});
}
