/** setTimeout overflows past 2^31-1 ms (~24.8 days); longer waits are re-armed. */
const MAX_TIMER_MS = 2_147_483_647;
/** An injected clock may lag real time: wait again, at least this long, so a frozen test clock never spins. */
const REARM_MIN_MS = 1_000;

export interface DueTimersOptions<T> {
  /** The sandbox's clock (injectable in tests). */
  now: () => number;
  /** When the open record changes by itself (expires, lapses); undefined once final or when it never does. */
  dueAtMs: (record: T) => number | undefined;
  /** Moves the record on if the clock says it is due. */
  fire: (record: T) => void;
}

/**
 * One timer per open record, so a sandbox's callbacks go out on time with nobody polling.
 * Unref'd: an open record never keeps the process alive.
 */
export class DueTimers<T extends object> {
  readonly #timers = new Map<T, NodeJS.Timeout>();

  constructor(private readonly options: DueTimersOptions<T>) {}

  arm(record: T, minDelayMs = 0): void {
    const dueAtMs = this.options.dueAtMs(record);
    if (dueAtMs === undefined) return;
    const delayMs = Math.min(Math.max(dueAtMs - this.options.now(), minDelayMs), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.#timers.delete(record);
      this.options.fire(record);
      // Still open: the clock says it is not due yet.
      this.arm(record, REARM_MIN_MS);
    }, delayMs);
    timer.unref();
    this.#timers.set(record, timer);
  }

  /** The record reached a final state: its timer has nothing left to do. */
  clear(record: T): void {
    clearTimeout(this.#timers.get(record));
    this.#timers.delete(record);
  }
}
