import type { StatusBus } from './types';

/** The listeners of this process, by checkout; what every bus dispatches to. */
export interface LocalStatusBus extends StatusBus {
  /** Calls the listeners of one checkout. */
  dispatch(checkoutId: string): void;
}

/** One process on its own (SQLite): a change reaches only this process's streams, which are all of them. */
export function createLocalStatusBus(): LocalStatusBus {
  const listeners = new Map<string, Set<() => void>>();
  const call = (listener: () => void) => {
    try {
      listener();
    } catch {
      // One stream's trouble is its own; the others still hear of the change.
    }
  };
  const dispatch = (checkoutId: string) => {
    const set = listeners.get(checkoutId);
    if (set) for (const listener of [...set]) call(listener);
  };
  return {
    // In one process there is no one else to hear from.
    connected: true,
    publish: dispatch,
    dispatch,
    subscribe(checkoutId, listener) {
      const set = listeners.get(checkoutId) ?? new Set();
      listeners.set(checkoutId, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(checkoutId) === set) listeners.delete(checkoutId);
      };
    },
    async close() {
      listeners.clear();
    },
  };
}
