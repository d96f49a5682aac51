import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Exponential back-off with "equal jitter", so many payers don't retry in lockstep. */
export function backoff(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * Retries a failed load by itself: after a back-off that grows with each failure, at once when
 * the browser comes back `online`, and at once when the host returns to the page. Nothing
 * runs while the host is away. `reset()` after a success (or a new token) starts the
 * back-off over.
 */
export class AutoRetry implements ReactiveController {
  #attempts = 0;
  #pending: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #connected = false;

  constructor(
    host: ReactiveControllerHost,
    readonly baseMs = 2_000,
    readonly maxMs = 30_000,
  ) {
    host.addController(this);
  }

  /** Runs `retry` once, later; replaces an earlier one that hasn't run yet. */
  schedule(retry: () => void): void {
    this.cancel();
    this.#pending = retry;
    this.#arm(backoff(this.#attempts++, this.baseMs, this.maxMs));
  }

  /** Forgets the pending retry (a manual one is about to run, say). */
  cancel(): void {
    this.#disarm();
    this.#pending = undefined;
  }

  reset(): void {
    this.cancel();
    this.#attempts = 0;
  }

  hostConnected(): void {
    this.#connected = true;
    if (this.#pending) this.#now();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#disarm(); // keeps #pending for hostConnected
  }

  #arm(delayMs: number): void {
    if (!this.#connected) return;
    this.#timer = setTimeout(this.#now, delayMs);
    addEventListener('online', this.#now);
  }

  #disarm(): void {
    clearTimeout(this.#timer);
    removeEventListener('online', this.#now);
  }

  #now = (): void => {
    const retry = this.#pending;
    this.cancel();
    retry?.();
  };
}
