import { adoptStyles, LitElement, unsafeCSS, type CSSResultGroup, type CSSResultOrNative, type PropertyValues, type TemplateResult } from 'lit';
import type { ApiClient, MomoApiError } from './core/api.js';
import { deviceOf, type CheckoutDevice } from './core/device.js';
import { emit, type MomoErrorDetail } from './core/events.js';
import { handedSession, sessionAttribute } from './core/handed-session.js';
import { decodeToken } from './core/token.js';
import { nextShown, shownAtLoad } from './core/status-policy.js';
import { isFinalStatus, type CheckoutStatus, type Session, type StatusUpdate } from '../contract/index.js';
import { CheckoutLoader } from './controllers/checkout-loader.js';
import { CopyFeedback } from './controllers/copy.js';
import { Countdown } from './controllers/countdown.js';
import { FocusOnChange } from './controllers/focus.js';
import { LanguageChange } from './controllers/language-change.js';
import { NewCheckoutRequest } from './controllers/new-checkout.js';
import { StatusFollower } from './controllers/status-follower.js';
import { adoptTranslation, resolveLocale, resolveTranslation } from './i18n/index.js';
import checkoutCss from '/src/styles/checkout.css.ts.vanilla.css?inline';
import sharedCss from '/src/styles/shared.css.ts.vanilla.css?inline';
import receiptCss from '/src/styles/receipt.css.ts.vanilla.css?inline';
import themeCss from '/src/styles/theme.css.ts.vanilla.css?inline';
import { renderCard } from './views/card.js';
import { endedFrom, payableUntil, reasonOf, shownSession, type CardState } from './views/card-state.js';
import { focusTarget } from './views/focus-target.js';
import { planInstructions, viewStyles, type PlannedInstruction } from './views/index.js';
import { sentChanged } from './views/push-sent.js';
import { ViewActionsStore } from './views/view-actions.js';

/**
 * An embeddable mobile-money checkout. Give it the checkout token your server got from the
 * backend; it shows the payer how to pay (QR code, USSD code, app link, phone approval, wallet
 * code, bank reference) and follows the payment until it is paid, failed, expired or cancelled.
 * A checkout may offer several ways to pay; they are ordered for the device (phones: app link,
 * USSD, phone approval first; desktops: QR code first) unless `prefer` says otherwise.
 *
 * The token is only decoded here, never verified: its `iss` claim says which backend to
 * talk to. The token is sent in the `Authorization` header only.
 *
 * @example
 * ```html
 * <!-- A classic script (or `import 'momo-checkout/define'` in a bundled app) -->
 * <script src="https://cdn.example.com/momo-checkout.iife.js" defer></script>
 *
 * <momo-checkout token="eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaGtfMSIsImlzcyI6Imh0dHBzOi8vcGF5LmV4YW1wbGUuY29tIn0.c2ln" prefer="ussd"></momo-checkout>
 *
 * <script>
 *   // UX only: your server learns the outcome from the backend's webhook, not from the browser.
 *   document.querySelector('momo-checkout').addEventListener('momo-paid', () => {
 *     location.href = '/orders/42/thanks';
 *   });
 * </script>
 * ```
 *
 * @fires {CustomEvent<MomoReadyDetail>} momo-ready - The checkout was loaded and shown: `{ session }`.
 * @fires {CustomEvent<StatusUpdate>} momo-status - The status changed (also once on load when it is already final).
 * @fires {CustomEvent<StatusUpdate>} momo-paid - The payment succeeded.
 * @fires {CustomEvent<StatusUpdate>} momo-failed - The payment failed; `detail.reason` says why.
 * @fires {CustomEvent<StatusUpdate>} momo-expired - The checkout expired. `detail.reason` `outcome_unknown`: a payment
 *   request went out and nobody could confirm whether it was paid, so do not ask the payer to pay again before checking.
 * @fires {CustomEvent<StatusUpdate>} momo-cancelled - The merchant cancelled the checkout.
 * @fires {CustomEvent<MomoErrorDetail>} momo-error - The token, the page's Content-Security-Policy or the network stopped
 *   the checkout: `{ code, message }` (every code: `MomoErrorDetail`). Network errors are retried by the element itself
 *   (with back-off, and at once when the browser is back online).
 *   `TOKEN_MISSING`: the `token` attribute is empty (without the attribute, the element waits and shows nothing).
 *   `CSP_BLOCKED`: the page's `connect-src` refuses the backend; the message names the origin to add. Not retried.
 *   `TOKEN_EXPIRED` once the checkout was shown: the backend stopped taking the token before it told a final
 *   status; the `ended` panel asks the payer not to pay again. Learn the outcome on your server before offering another checkout.
 * @fires {CustomEvent<MomoRetryDetail>} momo-retry - The payer pressed "Try again" after a failed payment: `{ checkoutId, reason }`.
 *   Cancelable: call `event.preventDefault()` to say a new checkout is coming, create it on your server and set its
 *   `token`. Without `preventDefault()` the element tells the payer to ask you for a new payment link instead.
 *
 * @cssprop [--momo-color-brand=#0f766e] - Accent: buttons, links, status indicator. Dark theme `#2dd4bf`.
 * @cssprop [--momo-color-on-brand=#ffffff] - Text on the accent colour. Dark theme `#042f2e`.
 * @cssprop [--momo-color-text=#0f172a] - Main text. Dark theme `#f1f5f9`.
 * @cssprop [--momo-color-muted=#475569] - Secondary text. Dark theme `#94a3b8`.
 * @cssprop [--momo-color-background=#ffffff] - Card background. Dark theme `#0f172a`.
 * @cssprop [--momo-color-subtle=#f6f8fa] - Status bar and code box background. Dark theme `#1e293b`.
 * @cssprop [--momo-color-border=#e2e8f0] - Borders and dividers. Dark theme `#334155`.
 * @cssprop [--momo-color-success=#15803d] - Paid. Dark theme `#4ade80`.
 * @cssprop [--momo-color-danger=#b91c1c] - Failed and errors. Dark theme `#f87171`.
 * @cssprop [--momo-color-warning=#b45309] - Expired and cancelled. Dark theme `#fbbf24`.
 * @cssprop [--momo-font-family=system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif] - Text font: the system UI font.
 * @cssprop [--momo-font-family-mono=ui-monospace, "SF Mono", SFMono-Regular, Menlo, Consolas, "Roboto Mono", "Liberation Mono", "DejaVu Sans Mono", monospace] - Codes: the system monospace font.
 * @cssprop [--momo-radius=14px] - Card corner radius.
 * @cssprop [--momo-shadow=0 1px 2px rgb(15 23 42 / 0.06), 0 12px 32px -8px rgb(15 23 42 / 0.16)] - Card shadow. Dark theme
 *   `0 1px 2px rgb(0 0 0 / 0.3), 0 12px 32px -8px rgb(0 0 0 / 0.5)`.
 *
 * @csspart card - The card around everything.
 * @csspart merchant - The merchant's name.
 * @csspart amount - The formatted amount; once a provider fee applies to the payer, the total they pay.
 * @csspart charge - Under `amount` once a fee applies: the checkout's amount plus the fee.
 * @csspart description - What the payment is for.
 * @csspart reference - The merchant's reference (an invoice number, a pupil's name and class), when given.
 * @csspart payer-name - The payer's name, when the merchant gave it.
 * @csspart items - What is paid for, one line per item (name × quantity, amount); beyond a few, folded until the checkout is final.
 * @csspart countdown - The time left to pay ("Expires in 14:32"), from the checkout's `expiresAt`.
 * @csspart instructions - The list of ways to pay.
 * @csspart ussd - The USSD block.
 * @csspart ussd-code - The USSD code itself.
 * @csspart copy-button - Copy buttons.
 * @csspart dial-button - Tap-to-dial link (phones only): the USSD code, or inside `push-help` the code listing approvals waiting.
 * @csspart qr - The QR block (the `<svg>` or `<img>` and its caption), also inside `deeplink` on desktops.
 * @csspart qr-text - The QR code's payload as copyable text, folded under the caption.
 * @csspart qr-other-phone - On phones, the QR block folded as "pay from another phone" (the payer cannot scan their own screen).
 * @csspart deeplink - The wallet app link block.
 * @csspart open-app - The "Open <app>" button (phones only).
 * @csspart web-link - The link to the provider's payment page, when there is one.
 * @csspart code - The wallet code block.
 * @csspart code-value - The wallet code itself.
 * @csspart code-expiry - "Valid until …", inside `code`.
 * @csspart bank-reference - The bank reference slip (entity, reference, amount, due date).
 * @csspart print-button - Prints the payment slip, or the receipt once paid.
 * @csspart push - The phone number form of a push method.
 * @csspart phone-input - The phone number field.
 * @csspart pay-button - Sends the approval request to the phone.
 * @csspart phone-error - Why the number was refused, under the field (the field is marked invalid).
 * @csspart push-notice - Why the request did not go when the number is not at fault (the network, the provider), beside the button.
 * @csspart push-ended - Above the form once the last request ended unapproved: why, and where and when it went.
 * @csspart push-other - "Use another number", beside `push-ended`: empties the field.
 * @csspart push-wait - "Approve the payment on your phone", while a request is on the phone (also after a reload).
 * @csspart push-sent - "Sent to +256 77• ••• 456 · 10:42", inside `push-wait`.
 * @csspart push-help - "Wrong number or didn't get it?", folded inside `push-wait`: what to do meanwhile, and when another request may go.
 * @csspart push-fee - The provider's fee and the total the payer pays, when the payer bears a fee.
 * @csspart status - The live status line.
 * @csspart reconnecting - "Connection lost. Reconnecting…", on its own line in `status`, while status checks keep failing.
 * @csspart final - The panel shown once the status is final.
 * @csspart reason - Why a payment failed, or why its outcome is unknown, inside `final`.
 * @csspart payment-proof - Inside `final` once paid: amount charged, date and time, merchant, reference, payer and
 *   transaction id. Printed, the checkout is this receipt (no buttons, no status line, black on white).
 * @csspart transaction-id - The provider's transaction id, inside `payment-proof`, when the provider gives one (copyable).
 * @csspart receipt - The provider's own receipt link, inside `final`, when the provider gives one.
 * @csspart retry-button - "Try again" after a failed payment, inside `final` (fires `momo-retry`).
 * @csspart retry-note - Replaces `retry-button` when no listener took `momo-retry`: ask the merchant for a new link.
 * @csspart ended - Replaces the ways to pay when the backend stopped taking the token before it told a final
 *   status: the merchant confirms the outcome; the payer is asked not to pay again.
 * @csspart error - The panel shown when the checkout can't be loaded.
 */
export class MomoCheckout extends LitElement {
  static override properties = {
    token: { type: String },
    locale: { type: String },
    prefer: { type: String },
    theme: { type: String, reflect: true },
    session: { attribute: 'session', converter: sessionAttribute },
    device: { type: String },
    payAction: { attribute: 'pay-action', type: String },
    _state: { state: true },
  };

  static override styles = [unsafeCSS(themeCss), unsafeCSS(sharedCss), unsafeCSS(checkoutCss), unsafeCSS(receiptCss)];

  /** The checkout token (a compact JWS) from your server. Changing it starts over; an empty one is refused (`TOKEN_MISSING`). */
  declare token: string | null | undefined;
  /**
   * BCP 47 locale for texts, amounts and dates: `en`, `fr`, `pt-AO`, `vi`, `sw` (a region
   * variant such as `fr-CI` or `sw-KE` gets that language with the region's number formats).
   * Without it, or when the element doesn't speak it: the checkout's locale (token, then
   * session), then the browser's languages in order, then English.
   */
  declare locale: string | undefined;
  /**
   * Instruction kinds to show first, most wanted first, separated by spaces: `qr`, `ussd`,
   * `deeplink`, `push`, `code`, `bank-reference`. E.g. `prefer="ussd"` on a page for feature
   * phones' owners. Other kinds follow in the device's order.
   */
  declare prefer: string | undefined;
  /**
   * `light` or `dark` forces that theme; by default it follows the payer's
   * `prefers-color-scheme`. Only the defaults change: `--momo-*` values you set still win.
   */
  declare theme: 'light' | 'dark' | undefined;
  /**
   * The checkout's session as your server got it with the checkout (`session` in the answer to
   * `POST /v1/checkouts`), or as JSON in the attribute: the element shows it at once, without
   * reading it from the backend first, and follows the status from there. Taken only when its
   * `id` is the token's checkout; otherwise (or malformed) the element reads the session itself.
   */
  declare session: Session | undefined;
  /**
   * Which layout to draw: `phone`, `ios` (a phone whose dialer ignores `*` and `#` in links, so
   * USSD codes are not tap-to-dial) or `desktop`. Normally left out: the element detects it. A
   * page rendered on the server (`renderCheckout`) sets it to what it rendered for.
   */
  declare device: CheckoutDevice | undefined;
  /**
   * A URL the phone number form of a push method posts to (`phone`, and `fee` when a fee is shown,
   * form-encoded) when script does not run: on a hosted page, a payer without JavaScript can still
   * send the request to their phone. With script the element sends it itself, as without the attribute.
   */
  declare payAction: string | undefined;
  declare private _state: CardState;

  #follower = new StatusFollower(this, {
    onUpdate: (update) => this.#onStatus(update),
    onFatal: (error) => this.#onFollowFailed(error),
  });
  #loader = new CheckoutLoader(this, {
    token: () => this.token,
    handed: (checkoutId) => handedSession(this.session, checkoutId),
    locale: () => this.locale,
    onStart: () => this.#reset(),
    onIdle: () => {
      this._state = { kind: 'idle' };
    },
    onLoading: (quiet) => {
      if (!quiet || this._state.kind !== 'error') this._state = { kind: 'loading' };
    },
    onSession: (session, client, signal) => this.#show(session, client, signal),
    onError: (error, retryable) => this.#fail(error, retryable),
  });
  #countdown = new Countdown(this, {
    deadline: () => payableUntil(this._state),
    onEnd: () => this.#follower.check(), // the backend settles it as expired about now
  });
  #copy = new CopyFeedback(this);
  #newCheckout = new NewCheckoutRequest(this);
  /** Each view's own state and actions (the push view's request to the phone, say): the shell knows none of them. */
  #views = new ViewActionsStore({
    element: this,
    client: () => this.#loader.client,
    onStatus: (update) => this.#onStatus(update),
    refreshInstructions: () => this.#refreshInstructions(),
  });
  /** Focus follows the panel that appears (`focusTarget` says where). */
  // Constructed for its effect: it registers itself as a controller of this element.
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: a Lit controller works through addController, not through this field
  #focus = new FocusOnChange(this, () => focusTarget(this._state, this.#newCheckout));

  constructor() {
    super();
    // Without a `locale` of its own, the element speaks the browser's language, which may change.
    new LanguageChange(this);
    this.token = undefined;
    this.locale = undefined;
    this.prefer = undefined;
    this.theme = undefined;
    this.session = undefined;
    this.device = undefined;
    this._state = { kind: 'idle' };
  }

  /** The current status, once the checkout is loaded; `undefined` again once the session ended with no final status (the `ended` panel). */
  get status(): CheckoutStatus | undefined {
    return this._state.kind === 'ready' ? this._state.status : undefined;
  }

  /** The views registered by the time the element is defined are in its own styles, so a server renders them too. */
  protected static override finalizeStyles(styles?: CSSResultGroup): CSSResultOrNative[] {
    return [...LitElement.finalizeStyles(styles), ...viewStyles()];
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    // Views registered later (plugins) bring their own styles too.
    const { elementStyles } = this.constructor as typeof MomoCheckout;
    adoptStyles(root as ShadowRoot, [...elementStyles, ...viewStyles().filter((style) => !elementStyles.includes(style))]);
    return root;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const state = this._state;
    if (changed.has('token') || changed.has('session')) {
      // A session handed with the token is drawn in this very update: no loading state first, and
      // on a server-rendered page the first render matches the HTML it hydrates.
      const decoded = this.token ? decodeToken(this.token.trim()) : undefined;
      const handed = handedSession(this.session, decoded?.ok ? decoded.claims.sub : undefined);
      if (handed && !(state.kind === 'ready' && state.session.id === handed.id)) this._state = this.#ready(handed);
    }
    // A language the element was not sent: the backend has its texts.
    if (changed.has('locale') && this.locale && this._state.kind === 'ready' && resolveLocale([this.locale]) === 'en' && !/^en\b/i.test(this.locale)) {
      void this.#refreshInstructions();
    }
    if (changed.has('prefer') && this._state.kind === 'ready') this._state = { ...this._state, plan: this.#plan(this._state.session) };
  }

  #ready(session: Session): CardState {
    adoptTranslation(session.translation);
    return { kind: 'ready', session, plan: this.#plan(session), ...shownAtLoad(session.status) };
  }

  #plan(session: Session): PlannedInstruction[] {
    return planInstructions(session.instructions, deviceOf(this.device).device, this.prefer?.split(/[\s,]+/));
  }

  /** Another checkout starts loading: drop whatever the previous one started. */
  #reset(): void {
    this.#follower.stop();
    this.#views.reset();
    this.#copy.reset();
    this.#newCheckout.reset();
  }

  async #show(session: Session, client: ApiClient, signal: AbortSignal): Promise<void> {
    this._state = this.#ready(session);
    await this.updateComplete; // `momo-ready` once the checkout is on screen
    if (signal.aborted) return;
    this.#newCheckout.shown(); // focus has moved to it by now
    // The follower reports asynchronously, so `momo-ready` still precedes every status event.
    this.#follower.follow(client, session.status);
    emit(this, 'momo-ready', { session });
  }

  #onStatus(update: StatusUpdate): void {
    const state = this._state;
    if (state.kind !== 'ready') return;
    const { shown, events } = nextShown(state, update);
    if (shown !== state) this._state = { ...state, ...shown };
    for (const name of events) emit(this, name, update);
    // A push sent or ended (here, in another tab, at the provider): the push view shows it from the session.
    if (!isFinalStatus(update.status) && sentChanged(state.session, update)) void this.#refreshInstructions();
  }

  #onFollowFailed(error: MomoApiError): void {
    const state = this._state;
    // Paid and waiting for its receipt, say: what is shown is final, whatever a read says now.
    if (state.kind === 'ready' && isFinalStatus(state.status)) return;
    const detail = { code: error.code, message: error.message };
    // The token's reads are over (the settle window past the checkout's expiry) and the backend had
    // no final status to tell with its refusal (one it has comes as an update instead). Whether the
    // payer paid is for the merchant to confirm: say so, and make no status up.
    if (error.code === 'TOKEN_EXPIRED' && state.kind === 'ready') {
      this._state = endedFrom(state);
      emit(this, 'momo-error', detail);
      return;
    }
    this.#fail(detail, error.transient);
  }

  /** Shows the error panel; `momo-error` once per code in a row (quiet retries fail alike). */
  #fail(error: MomoErrorDetail, retryable: boolean): void {
    this.#follower.stop();
    const repeated = this._state.kind === 'error' && this._state.error.code === error.code;
    this._state = { kind: 'error', error, retryable };
    if (retryable) this.#loader.retryLater();
    if (!repeated) emit(this, 'momo-error', error);
  }

  /** Reads the checkout again for its instructions (and texts) only: its status keeps coming from the follower. */
  async #refreshInstructions(): Promise<void> {
    const client = this.#loader.client;
    if (!client) return;
    const session = await client.getSession(AbortSignal.timeout(10_000), this.locale).catch(() => undefined);
    const state = this._state;
    if (!session || client !== this.#loader.client || state.kind !== 'ready') return;
    adoptTranslation(session.translation);
    const updated = { ...state.session, instructions: session.instructions, qrCodes: session.qrCodes };
    this._state = { ...state, session: updated, plan: this.#plan(updated) };
  }

  #reload = (): void => this.#loader.reload();

  #askForNewCheckout = (): void => {
    const state = this._state;
    if (state.kind === 'ready') this.#newCheckout.ask(state.session.id, reasonOf(state));
  };

  protected override render(): TemplateResult {
    const locale = this.#locale();
    return renderCard(this._state, {
      t: resolveTranslation(locale),
      locale,
      ...deviceOf(this.device),
      remainingMs: this.#countdown.remainingMs,
      reconnecting: this.#follower.reconnecting,
      copy: this.#copy.copy,
      copyState: this.#copy.state,
      reload: this.#reload,
      tryAgain: this.#newCheckout.unanswered ? undefined : this.#askForNewCheckout,
      actionsOf: ({ view }) => this.#views.for(view),
    });
  }

  /** The `locale` attribute, the token's, the checkout's, the browser's: the first the element speaks. */
  #locale(): string {
    const session = shownSession(this._state)?.locale;
    return resolveLocale([this.locale, this.#loader.tokenLocale, session, ...(globalThis.navigator?.languages ?? [])]);
  }
}
