import type { InstructionView, ViewActions, ViewHost } from './types.js';

/**
 * The actions of each view one element has shown, made the first time it shows the view (so a
 * view registered later, by a plugin, gets its own too). The element knows no view's actions.
 */
export class ViewActionsStore {
  readonly #made = new Map<InstructionView, ViewActions>();
  readonly #host: ViewHost;

  constructor(host: ViewHost) {
    this.#host = host;
  }

  for(view: InstructionView): ViewActions {
    let actions = this.#made.get(view);
    if (!actions) {
      actions = view.actions?.(this.#host) ?? {};
      this.#made.set(view, actions);
    }
    return actions;
  }

  /** Another checkout starts loading: each view drops what the old one started. */
  reset(): void {
    for (const actions of this.#made.values()) actions.reset?.();
  }
}
