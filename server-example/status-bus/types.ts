/**
 * Tells open event streams that a checkout's status changed. It carries only the id: listeners
 * read the store, so a change made on any instance reaches streams on every instance.
 */
export interface StatusBus {
  /** After the change is committed: this instance's listeners at once, other instances' soon after. */
  publish(checkoutId: string): void;
  /** Returns the unsubscribe. */
  subscribe(checkoutId: string, listener: () => void): () => void;
  /** Whether changes made on other instances reach this one now (PostgreSQL: its LISTEN connection is up). */
  readonly connected: boolean;
  close(): Promise<void>;
}
