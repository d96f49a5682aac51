import { PayController, type PayState } from '../controllers/pay.js';
import type { ViewActions, ViewHost } from './types.js';

/** The push view's state and actions: the approval request to the payer's phone. */
export interface PushActions extends ViewActions {
  /** Where the request stands. */
  readonly state: PayState;
  /**
   * Sends the request for `phone` if it fits `pattern` (a regex source; only digits are sent),
   * else sets an `INVALID_PHONE` error without a request. Resolves once the outcome is shown.
   * `fee`: the fee shown beside the number; the payer agrees to that one only.
   */
  pay(phone: string, pattern: string, fee?: string): Promise<void>;
  /** "Use another number", once the last request ended: the form, empty. */
  another(): void;
  /** The element's `pay-action`: where the form posts when script does not run (a hosted page); undefined for none. */
  readonly payAction?: string | undefined;
}

export function pushActions(host: ViewHost): PushActions {
  const controller = new PayController(host.element, (update) => host.onStatus(update));
  // The wait screen had focus and gave way to the form (the request ended): focus goes to the field, not to the page.
  let waitFocused = false;
  const root = () => host.element.shadowRoot;
  host.element.addController({
    hostUpdate() {
      waitFocused = Boolean(root()?.activeElement?.closest('[part~=push-wait]'));
    },
    hostUpdated() {
      if (waitFocused && !root()?.activeElement) root()?.querySelector<HTMLElement>('[part~=phone-input]')?.focus();
    },
  });
  return {
    get state() {
      return controller.state;
    },
    get payAction() {
      const action = (host.element as { payAction?: unknown }).payAction;
      return typeof action === 'string' && action !== '' ? action : undefined;
    },
    async pay(phone, pattern, fee) {
      await controller.send(host.client(), phone, pattern, fee);
      const { state } = controller;
      // The backend answered without the request's state (a request already live, a refusal, no
      // answer): read the checkout again, for the push it shows (live, or none) and the fee it now
      // asks (FEE_CHANGED: sending again agrees to it).
      if (state.step === 'sent' ? !state.sent : state.step === 'form' && state.error && state.error.code !== 'INVALID_PHONE') await host.refreshInstructions();
    },
    another: () => controller.another(),
    reset: () => controller.reset(),
  };
}
