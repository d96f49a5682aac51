import { EventEmitter } from 'node:events';

/**
 * Tells open SSE streams in this process that a checkout's status changed. It carries only
 * the id: listeners read the store, so a bus across instances (PostgreSQL NOTIFY) can replace it.
 */
export function createStatusBus() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(checkoutId: string) {
      emitter.emit(checkoutId);
    },
    subscribe(checkoutId: string, listener: () => void): () => void {
      emitter.on(checkoutId, listener);
      return () => emitter.off(checkoutId, listener);
    },
  };
}

export type StatusBus = ReturnType<typeof createStatusBus>;
