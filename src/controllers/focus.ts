import type { ReactiveController, ReactiveElement } from 'lit';

/**
 * Moves focus to what `target()` names (a selector in the host's shadow root) each time that
 * changes, e.g. to the final panel's heading when the payment ends. It never takes focus from
 * the rest of the page: only from the host (whose content was just replaced) or from nobody.
 */
export class FocusOnChange implements ReactiveController {
  readonly #host: ReactiveElement;
  readonly #target: () => string | undefined;
  #last: string | undefined;

  constructor(host: ReactiveElement, target: () => string | undefined) {
    this.#host = host;
    this.#target = target;
    host.addController(this);
  }

  hostUpdated(): void {
    const selector = this.#target();
    if (selector === this.#last) return;
    this.#last = selector;
    const active = document.activeElement;
    if (!selector || (active && active !== document.body && active !== this.#host)) return;
    this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }
}
