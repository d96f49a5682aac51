import type { Server } from 'node:http';
import type { ProviderCallWatcher } from './providers/call-watch';

/** How long a shutdown waits for requests and provider calls in hand before closing anyway. */
export const DRAIN_WITHIN_MS = 10_000;

/**
 * What a graceful shutdown waits for: requests being handled and provider calls in flight (a
 * push still waiting for its answer after the browser got its 202 among them). Once draining,
 * `/readyz` answers 503 so a load balancer sends nothing new here.
 */
export function createDrain() {
  let draining = false;
  let requests = 0;
  let calls = 0;
  const idleWaiters = new Set<() => void>();
  const settle = () => {
    if (requests > 0 || calls > 0) return;
    for (const wake of idleWaiters) wake();
  };
  return {
    get draining() {
      return draining;
    },
    begin() {
      draining = true;
    },
    /** Counts each request of `server` until its response is written out (or its client left): an event stream until it ends. */
    track(server: Server) {
      server.on('request', (_request, response) => {
        requests++;
        // Once draining, no connection is kept for a next request: a load balancer's pooled
        // connection would bring the reconnecting element back to this instance.
        if (draining) response.setHeader('Connection', 'close');
        response.once('finish', () => {
          if (draining) response.socket?.end();
        });
        response.once('close', () => {
          requests--;
          settle();
        });
      });
    },
    providerCalls: {
      started() {
        calls++;
        return () => {
          calls--;
          settle();
        };
      },
    } satisfies ProviderCallWatcher,
    /** Resolves true once nothing is in hand, false when `withinMs` passed first. */
    settled(withinMs = DRAIN_WITHIN_MS): Promise<boolean> {
      if (requests === 0 && calls === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (idle: boolean) => {
          clearTimeout(timer);
          idleWaiters.delete(wake);
          resolve(idle);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), withinMs);
        idleWaiters.add(wake);
      });
    },
  };
}

export type Drain = ReturnType<typeof createDrain>;

/** One watcher telling several (the metrics, the drain) of each provider call. */
export function allWatchers(...watchers: ProviderCallWatcher[]): ProviderCallWatcher {
  return {
    started(call) {
      const ends = watchers.map((watcher) => watcher.started(call));
      return (outcome) => {
        for (const end of ends) end(outcome);
      };
    },
  };
}
