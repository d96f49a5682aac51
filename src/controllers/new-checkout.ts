import type { ReactiveElement } from 'lit';
import { emit } from '../core/events.js';
import type { FailureReason } from '../../contract/index.js';

/** How long after a page took "Try again" another press is taken for the same one (a double click). */
const RETRY_TAKEN_MS = 2_000;

/**
 * "Try again" after a failed payment: a failed checkout stays failed, so the page is asked for a
 * new one (`momo-retry`). A page that makes one says so with `preventDefault()` and sets the new
 * token; otherwise the payer is told to ask the merchant for a new link.
 */
export class NewCheckoutRequest {
  /** Pressed, and no listener took it. */
  unanswered = false;
  /** A listener took it: the next checkout to load is the one asked for. */
  answered = false;
  readonly #host: ReactiveElement;
  #takenAt = -Infinity;

  constructor(host: ReactiveElement) {
    this.#host = host;
  }

  ask(checkoutId: string, reason: FailureReason | undefined): void {
    // Once taken, a new checkout is on its way: a double click must not ask for two. Should the
    // page fail to make it, a press a moment later asks again.
    if (Date.now() - this.#takenAt < RETRY_TAKEN_MS) return;
    if (!emit(this.#host, 'momo-retry', { checkoutId, reason })) {
      this.answered = true;
      this.#takenAt = Date.now();
    } else {
      this.unanswered = true;
      this.#host.requestUpdate();
    }
  }

  /** Another checkout starts loading. */
  reset(): void {
    this.unanswered = false;
  }

  /** The checkout that came next is on screen. */
  shown(): void {
    this.answered = false;
  }
}
