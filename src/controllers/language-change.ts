import type { ReactiveController, ReactiveElement } from 'lit';

/**
 * Renders the host again when the browser's preferred languages change (`languagechange`):
 * an element that speaks the browser's language follows it without a reload.
 */
export class LanguageChange implements ReactiveController {
  readonly #host: ReactiveElement;
  readonly #onChange = (): void => this.#host.requestUpdate();

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('languagechange', this.#onChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('languagechange', this.#onChange);
  }
}
