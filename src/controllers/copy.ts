import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How the last copy went, for a moment: `failed` when there is no clipboard (insecure context, permission refused). */
export type CopyState = 'idle' | 'copied' | 'failed';

/**
 * Copies text to the clipboard and says how that went ("Copied") for `feedbackMs`, for the text
 * copied only; the host renders again when the feedback comes and goes.
 */
export class CopyFeedback implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #last: { text: string; state: CopyState } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    host: ReactiveControllerHost,
    readonly feedbackMs = 2_000,
  ) {
    this.#host = host;
    host.addController(this);
  }

  copy = (text: string): void => {
    if (!navigator.clipboard) {
      this.#show(text, 'failed');
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => this.#show(text, 'copied'),
      () => this.#show(text, 'failed'),
    );
  };

  state = (text: string): CopyState => (this.#last?.text === text ? this.#last.state : 'idle');

  /** Forgets the feedback (a new checkout). */
  reset(): void {
    clearTimeout(this.#timer);
    if (this.#last) this.#host.requestUpdate();
    this.#last = undefined;
  }

  hostDisconnected(): void {
    this.reset();
  }

  #show(text: string, state: CopyState): void {
    this.#last = { text, state };
    this.#host.requestUpdate();
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.reset(), this.feedbackMs);
  }
}
