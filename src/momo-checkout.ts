import { adoptStyles, html, LitElement, svg, unsafeCSS, type PropertyValues, type TemplateResult } from 'lit';
import { createApiClient, MomoApiError, type ApiClient } from './core/api';
import { emit, type MomoErrorDetail } from './core/events';
import { decodeToken } from './core/token';
import { formatAmount } from './core/format';
import { isHttpUrl } from './core/url';
import { isFinalStatus, type CheckoutStatus, type FailureReason, type FinalStatus, type Session, type StatusUpdate } from '../contract';
import { PayController } from './controllers/pay';
import { Countdown, formatRemaining } from './controllers/countdown';
import { FocusOnChange } from './controllers/focus';
import { LanguageChange } from './controllers/language-change';
import { AutoRetry } from './controllers/retry';
import { StatusFollower } from './controllers/status-follower';
import { resolveLocale, resolveTranslation, type Translation } from './i18n/index';
import * as css from './styles/checkout.css';
import { primaryButton, visuallyHidden } from './styles/shared.css';
import checkoutCss from '/src/styles/checkout.css.ts.vanilla.css?inline';
import sharedCss from '/src/styles/shared.css.ts.vanilla.css?inline';
import themeCss from '/src/styles/theme.css.ts.vanilla.css?inline';
import { planInstructions, renderInstruction, viewStyles, type PlannedInstruction } from './views/index';
import type { CopyState, Device, ViewContext } from './views/types';

type State =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error'; error: MomoErrorDetail; retryable: boolean }
  | {
      kind: 'ready';
      session: Session;
      plan: PlannedInstruction[];
      status: CheckoutStatus;
      update: StatusUpdate | undefined;
    }
  /**
   * The backend stopped taking the token before it told a final status: the checkout's outcome is
   * not known here, and no status is made up for it.
   */
  | { kind: 'ended'; session: Session };

const COPIED_FEEDBACK_MS = 2_000;
/** Further away than this, the countdown is noise (a bank reference's due date says it). */
const COUNTDOWN_HORIZON_MS = 86_400_000;

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
 * @fires momo-ready - The checkout was loaded and shown. Detail: `{ session }`.
 * @fires momo-status - The status changed (also once on load when it is already final). Detail: `StatusUpdate`.
 * @fires momo-paid - The payment succeeded. Detail: `StatusUpdate`.
 * @fires momo-failed - The payment failed; `detail.reason` says why. Detail: `StatusUpdate`.
 * @fires momo-expired - The checkout expired. Detail: `StatusUpdate`; `detail.reason` `outcome_unknown`: a payment
 *   request went out and nobody could confirm whether it was paid, so do not ask the payer to pay again before checking.
 * @fires momo-cancelled - The merchant cancelled the checkout. Detail: `StatusUpdate`.
 * @fires momo-error - The token or the network stopped the checkout. Detail: `{ code, message }`. Network
 *   errors are retried by the element itself (with back-off, and at once when the browser is back online).
 *   `TOKEN_EXPIRED` once the checkout was shown: the backend stopped taking the token before it told a final
 *   status; the `ended` panel asks the payer not to pay again. Learn the outcome on your server before offering another checkout.
 * @fires momo-retry - The payer pressed "Try again" after a failed payment. Cancelable: call `event.preventDefault()`
 *   to say a new checkout is coming, create it on your server and set its `token`. Without `preventDefault()` the
 *   element tells the payer to ask you for a new payment link instead. Detail: `{ checkoutId, reason }`.
 *
 * @cssprop --momo-color-brand - Accent: buttons, links, status indicator. Default `#0f766e`, dark `#2dd4bf`.
 * @cssprop --momo-color-on-brand - Text on the accent colour. Default `#ffffff`, dark `#042f2e`.
 * @cssprop --momo-color-text - Main text. Default `#0f172a`, dark `#f1f5f9`.
 * @cssprop --momo-color-muted - Secondary text. Default `#475569`, dark `#94a3b8`.
 * @cssprop --momo-color-background - Card background. Default `#ffffff`, dark `#0f172a`.
 * @cssprop --momo-color-subtle - Status bar and code box background. Default `#f6f8fa`, dark `#1e293b`.
 * @cssprop --momo-color-border - Borders and dividers. Default `#e2e8f0`, dark `#334155`.
 * @cssprop --momo-color-success - Paid. Default `#15803d`, dark `#4ade80`.
 * @cssprop --momo-color-danger - Failed and errors. Default `#b91c1c`, dark `#f87171`.
 * @cssprop --momo-color-warning - Expired and cancelled. Default `#b45309`, dark `#fbbf24`.
 * @cssprop --momo-font-family - Text font. Default: the system UI font.
 * @cssprop --momo-font-family-mono - Codes. Default: the system monospace font.
 * @cssprop --momo-radius - Card corner radius. Default `14px`.
 * @cssprop --momo-shadow - Card shadow.
 *
 * @csspart card - The card around everything.
 * @csspart merchant - The merchant's name.
 * @csspart amount - The formatted amount.
 * @csspart description - What the payment is for.
 * @csspart countdown - The time left to pay ("Expires in 14:32"), from the checkout's `expiresAt`.
 * @csspart instructions - The list of ways to pay.
 * @csspart ussd - The USSD block.
 * @csspart ussd-code - The USSD code itself.
 * @csspart copy-button - Copy buttons.
 * @csspart dial-button - Tap-to-dial link (phones only).
 * @csspart qr - The QR block (the `<svg>` or `<img>` and its caption), also inside `deeplink` on desktops.
 * @csspart qr-text - The QR code's payload as copyable text, folded under the caption.
 * @csspart deeplink - The wallet app link block.
 * @csspart open-app - The "Open <app>" button (phones only).
 * @csspart web-link - The link to the provider's payment page, when there is one.
 * @csspart code - The wallet code block.
 * @csspart code-value - The wallet code itself.
 * @csspart code-expiry - "Valid until …", inside `code`.
 * @csspart bank-reference - The bank reference slip (entity, reference, amount, due date).
 * @csspart print-button - Prints the payment slip.
 * @csspart push - The phone number form of a push method.
 * @csspart phone-input - The phone number field.
 * @csspart pay-button - Sends the approval request to the phone.
 * @csspart phone-error - Why the number was refused, under the field.
 * @csspart push-wait - "Approve the payment on your phone", once the request is sent.
 * @csspart push-fee - The provider's fee and the total the payer pays, when the payer bears a fee.
 * @csspart status - The live status line.
 * @csspart final - The panel shown once the status is final.
 * @csspart reason - Why a payment failed, or why its outcome is unknown, inside `final`.
 * @csspart receipt - The receipt link, inside `final`, when the provider gives one.
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
    _state: { state: true },
    _copy: { state: true },
    _retryUnanswered: { state: true },
  };

  static override styles = [unsafeCSS(themeCss), unsafeCSS(sharedCss), unsafeCSS(checkoutCss)];

  /** The checkout token (a compact JWS) from your server. Changing it starts over. */
  declare token: string | undefined;
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
  declare private _state: State;
  declare private _copy: { text: string; state: CopyState } | undefined;
  /** "Try again" was pressed and no listener of `momo-retry` called `preventDefault()`. */
  declare private _retryUnanswered: boolean;

  #follower = new StatusFollower(this, {
    onUpdate: (update) => this.#onStatus(update),
    onFatal: (error) => this.#onFollowFailed(error),
  });
  #pay = new PayController(this, (update) => this.#onStatus(update));
  #countdown = new Countdown(this, {
    deadline: () => (this._state.kind === 'ready' && !isFinalStatus(this._state.status) ? this._state.session.expiresAt : undefined),
    onEnd: () => this.#follower.check(), // the backend settles it as expired about now
  });
  #autoRetry = new AutoRetry(this);
  /**
   * Focus goes to the heading of the final, ended or error panel when it appears, to the note that
   * replaces an unanswered "Try again", and to the ways to pay of the checkout "Try again" brought.
   */
  // Constructed for its effect: it registers itself as a controller of this element.
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: a Lit controller works through addController, not through this field
  #focus = new FocusOnChange(this, () => {
    const state = this._state;
    if (state.kind === 'error') return '[part~=error] h2';
    if (state.kind === 'ended') return '[part~=ended] h2';
    if (state.kind !== 'ready') return undefined;
    if (isFinalStatus(state.status)) return this._retryUnanswered ? '[part~=retry-note]' : '[part~=final] h2';
    // The "Try again" button is gone with the old checkout: the new one's ways to pay come next.
    return this.#retryAnswered ? '[part~=instructions] h2' : undefined;
  });
  /** A listener took `momo-retry`: the next checkout to load was asked for with "Try again". */
  #retryAnswered = false;
  /** When a listener last took `momo-retry`. */
  #retryTakenAt = -Infinity;
  #client: ApiClient | undefined;
  #loadController: AbortController | undefined;
  #loadInterrupted = false;
  /** The status last announced with `momo-status`; the status at load counts unless final. */
  #announced: CheckoutStatus | undefined;
  /** The token's `locale` claim: known before the session, so loading and errors speak it too. */
  #tokenLocale: string | undefined;
  #copyTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    // Without a `locale` of its own, the element speaks the browser's language, which may change.
    new LanguageChange(this);
    this.token = undefined;
    this.locale = undefined;
    this.prefer = undefined;
    this.theme = undefined;
    this._state = { kind: 'idle' };
    this._copy = undefined;
    this._retryUnanswered = false;
  }

  /** The current status, once the checkout is loaded; `undefined` again once the session ended with no final status (the `ended` panel). */
  get status(): CheckoutStatus | undefined {
    return this._state.kind === 'ready' ? this._state.status : undefined;
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    // Views bring their own styles; take those registered by now (built-ins and plugins).
    adoptStyles(root as ShadowRoot, [...(this.constructor as typeof MomoCheckout).elementStyles, ...viewStyles()]);
    return root;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#loadInterrupted) this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#loadController) {
      this.#loadController.abort();
      this.#loadController = undefined;
      this.#loadInterrupted = true;
    }
    clearTimeout(this.#copyTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('token')) {
      this.#autoRetry.reset();
      this.#load();
    }
    const state = this._state;
    if (changed.has('prefer') && state.kind === 'ready') this._state = { ...state, plan: this.#plan(state.session) };
  }

  #plan(session: Session): PlannedInstruction[] {
    return planInstructions(session.instructions, detectDevice(), this.prefer?.split(/[\s,]+/));
  }

  /**
   * Loads the checkout for the current token, dropping whatever the previous one started.
   * `quiet` (automatic retries) leaves an error panel up until there is something else to show.
   */
  #load(quiet = false): void {
    this.#autoRetry.cancel();
    this.#loadController?.abort();
    this.#loadController = undefined;
    this.#loadInterrupted = false;
    this.#follower.stop();
    this.#pay.reset();
    this.#client = undefined;
    this.#announced = undefined;
    this._copy = undefined;
    this._retryUnanswered = false;

    const token = this.token?.trim();
    if (!token) {
      this._state = { kind: 'idle' };
      return;
    }
    const decoded = decodeToken(token);
    this.#tokenLocale = decoded.ok ? decoded.claims.locale : undefined;
    if (!decoded.ok) {
      this.#fail('TOKEN_MALFORMED', `The checkout token is malformed: ${decoded.problem}.`, false);
      return;
    }
    const client = createApiClient(decoded.claims.iss, token);
    this.#client = client;
    const controller = new AbortController();
    this.#loadController = controller;
    if (!quiet || this._state.kind !== 'error') this._state = { kind: 'loading' };
    void this.#fetchSession(client, controller);
  }

  async #fetchSession(client: ApiClient, controller: AbortController): Promise<void> {
    const { signal } = controller;
    let session: Session;
    try {
      session = await client.getSession(signal);
    } catch (error) {
      if (signal.aborted) return;
      this.#loadController = undefined;
      const { code, message, transient } = error instanceof MomoApiError ? error : new MomoApiError('NETWORK_ERROR', String(error));
      this.#fail(code, message, transient);
      return;
    }
    if (signal.aborted) return; // the token changed, or the element left the page
    this.#autoRetry.reset();

    this._state = {
      kind: 'ready',
      session,
      plan: this.#plan(session),
      status: session.status,
      update: undefined,
    };
    this.#announced = isFinalStatus(session.status) ? undefined : session.status;
    await this.updateComplete; // `momo-ready` once the checkout is on screen
    if (signal.aborted) return;
    this.#loadController = undefined;
    this.#retryAnswered = false; // focus has moved to it by now
    // The follower reports asynchronously, so `momo-ready` still precedes every status event.
    this.#follower.follow(client, session.status);
    emit(this, 'momo-ready', { session });
  }

  #onStatus(update: StatusUpdate): void {
    const state = this._state;
    if (state.kind !== 'ready') return;
    // A final status never changes, whatever arrives later; only its receipt may come after it.
    if (this.#announced && isFinalStatus(this.#announced)) {
      const receiptUrl = update.status === this.#announced && !state.update?.receiptUrl ? update.receiptUrl : undefined;
      if (receiptUrl && state.update) this._state = { ...state, update: { ...state.update, receiptUrl } };
      return;
    }
    this._state = { ...state, status: update.status, update };
    if (update.status === this.#announced) return;
    this.#announced = update.status;
    emit(this, 'momo-status', update);
    if (isFinalStatus(update.status)) emit(this, FINAL_EVENTS[update.status], update);
  }

  #onFollowFailed(error: MomoApiError): void {
    const state = this._state;
    // Paid and waiting for its receipt, say: what is shown is final, whatever a read says now.
    if (state.kind === 'ready' && isFinalStatus(state.status)) return;
    // The token's reads are over (the settle window past the checkout's expiry) and the backend had
    // no final status to tell with its refusal (one it has comes as an update instead). Whether the
    // payer paid is for the merchant to confirm: say so, and make no status up.
    if (error.code === 'TOKEN_EXPIRED' && state.kind === 'ready') {
      this._state = { kind: 'ended', session: state.session };
      emit(this, 'momo-error', { code: error.code, message: error.message });
      return;
    }
    this.#fail(error.code, error.message, error.transient);
  }

  #fail(code: string, message: string, retryable: boolean): void {
    this.#follower.stop();
    const repeated = this._state.kind === 'error' && this._state.error.code === code;
    this._state = { kind: 'error', error: { code, message }, retryable };
    if (retryable) this.#autoRetry.schedule(() => this.#load(true));
    if (!repeated) emit(this, 'momo-error', { code, message });
  }

  #copy = (text: string): void => {
    const done = (state: CopyState): void => {
      this._copy = { text, state };
      clearTimeout(this.#copyTimer);
      this.#copyTimer = setTimeout(() => (this._copy = undefined), COPIED_FEEDBACK_MS);
    };
    if (!navigator.clipboard) {
      done('failed');
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => done('copied'),
      () => done('failed'),
    );
  };

  #retry = (): void => this.#load();

  async #sendPush(phone: string, pattern: string, fee?: string): Promise<void> {
    await this.#pay.send(this.#client, phone, pattern, fee);
    const { state: pay } = this.#pay;
    // The operator of this number charges another fee than the one shown: show the new one
    // (the backend has put it on the push instruction); sending again agrees to it.
    if (pay.step === 'form' && pay.error?.code === 'FEE_CHANGED') await this.#refreshInstructions();
  }

  /** Reads the checkout again for its instructions only: its status keeps coming from the follower. */
  async #refreshInstructions(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    const session = await client.getSession(AbortSignal.timeout(10_000)).catch(() => undefined);
    const state = this._state;
    if (!session || client !== this.#client || state.kind !== 'ready') return;
    const updated = { ...state.session, instructions: session.instructions };
    this._state = { ...state, session: updated, plan: this.#plan(updated) };
  }

  #askForNewCheckout = (): void => {
    const state = this._state;
    // Once taken, a new checkout is on its way: a double click must not ask for two. Should the
    // page fail to make it, a press a moment later asks again.
    if (state.kind !== 'ready' || Date.now() - this.#retryTakenAt < RETRY_TAKEN_MS) return;
    // A page that makes a new checkout says so with preventDefault(); otherwise the button would do nothing.
    const answered = !emit(this, 'momo-retry', { checkoutId: state.session.id, reason: reasonOf(state) });
    if (answered) {
      this.#retryAnswered = true;
      this.#retryTakenAt = Date.now();
    } else this._retryUnanswered = true;
  };

  protected override render(): TemplateResult {
    const state = this._state;
    const t = resolveTranslation(this.#locale());
    const label = state.kind === 'ready' || state.kind === 'ended' ? t.checkoutLabel(state.session.merchant) : undefined;
    return html`
      <section part="card" class=${css.card} lang=${t.$code} dir=${t.$dir} aria-label=${label ?? t.loading} aria-busy=${state.kind === 'loading'}>
        ${state.kind === 'ready' ? this.#renderReady(state, t) : undefined}
        ${state.kind === 'ended' ? this.#renderEnded(state.session, t) : undefined}
        ${state.kind === 'loading' ? renderSkeleton() : undefined}
        ${state.kind === 'error' ? this.#renderError(state, t) : undefined}
        ${this.#renderStatus(state, t)}
      </section>
    `;
  }

  #renderReady(state: Extract<State, { kind: 'ready' }>, t: Translation): TemplateResult {
    const { session, status } = state;
    const locale = this.#locale();
    const amount = formatAmount(session.amount, session.currency, locale);
    return html`
      ${this.#renderSummary(session, amount, t)}
      ${
        isFinalStatus(status)
          ? renderFinal(status, reasonOf(state), state.update?.receiptUrl, amount, session.merchant, t, this._retryUnanswered ? undefined : this.#askForNewCheckout)
          : this.#renderInstructions(state, t, locale)
      }
    `;
  }

  #renderSummary(session: Session, amount: string, t: Translation): TemplateResult {
    const left = this.#countdown.remainingMs; // ticking text, outside the live region: not read out every second
    return html`
      <header class=${css.summary}>
        <p part="merchant" class=${css.merchant}>${session.merchant}</p>
        <p part="amount" class=${css.amount}>${amount}</p>
        ${session.description ? html`<p part="description" class=${css.description}>${session.description}</p>` : undefined}
        ${left !== undefined && left < COUNTDOWN_HORIZON_MS ? html`<p part="countdown" class=${css.countdown} role="timer">${t.countdown.expiresIn(formatRemaining(left))}</p>` : undefined}
      </header>
    `;
  }

  /** Like an unconfirmed payment's panel: no "Try again", no new link, nothing that invites paying again. */
  #renderEnded(session: Session, t: Translation): TemplateResult {
    return html`
      ${this.#renderSummary(session, formatAmount(session.amount, session.currency, this.#locale()), t)}
      <div part="ended" class=${css.panel}>
        <span class=${css.icon.neutral} aria-hidden="true">${icons.alert}</span>
        <h2 class=${css.panelTitle} tabindex="-1">${t.sessionEnded.title}</h2>
        <p class=${css.panelBody}>${t.sessionEnded.body(session.merchant)}</p>
      </div>
    `;
  }

  #renderInstructions(state: Extract<State, { kind: 'ready' }>, t: Translation, locale: string): TemplateResult {
    const copy = this._copy;
    const context: ViewContext = {
      session: state.session,
      status: state.status,
      t,
      locale,
      device: detectDevice(),
      canDialCodes: !isIOS(),
      copy: this.#copy,
      copyState: (text) => (copy?.text === text ? copy.state : 'idle'),
      payState: this.#pay.state,
      pay: (phone, pattern, fee) => this.#sendPush(phone, pattern, fee),
    };
    const blocks = state.plan.map((planned) => renderInstruction(planned, context)).filter((block) => block !== undefined);
    return html`
      <div part="instructions" class=${css.instructions}>
        <h2 class=${visuallyHidden} tabindex="-1">${t.howToPay}</h2>
        ${blocks.length === 0 ? html`<p>${t.noInstructions}</p>` : blocks.map((block, index) => (index === 0 ? block : html`<div class=${css.divider} aria-hidden="true">${t.or}</div>${block}`))}
      </div>
    `;
  }

  #renderStatus(state: State, t: Translation): TemplateResult {
    // The live region stays in the DOM from the start so screen readers announce changes.
    let text = '';
    let indicator: TemplateResult | undefined;
    let hidden = false;
    let extra: TemplateResult | undefined;
    let reconnecting: TemplateResult | undefined;
    if (state.kind === 'loading') {
      text = t.loading;
      indicator = html`<span class=${css.indicator.loading} aria-hidden="true"></span>`;
    } else if (state.kind === 'ready') {
      const left = this.#countdown.remainingMs ?? 0;
      // Added once, so said once.
      if (left > 0 && left <= 60_000) extra = html`<span class=${visuallyHidden}>${t.countdown.lastMinute}</span>`;
      text = isUnconfirmed(state.status, reasonOf(state)) ? t.final.outcomeUnknown.title : t.status[state.status];
      hidden = isFinalStatus(state.status); // the final panel says it visibly
      if (!isFinalStatus(state.status)) {
        // Checks keep failing: a still dot, not a live pulse; the text stays for the whole outage, so it is said once.
        const offline = this.#follower.reconnecting;
        if (offline) reconnecting = html`<span>${t.reconnecting}</span>`;
        indicator = html`<span class=${offline ? css.indicator.loading : css.indicator[state.status]} aria-hidden="true"></span>`;
      }
    } else if (state.kind === 'ended') {
      text = t.sessionEnded.title;
      hidden = true; // the panel says it visibly
    }
    return html`<div part="status" class=${hidden ? visuallyHidden : css.status} role="status" aria-live="polite">${indicator}${text ? html`<span>${text}</span>` : undefined}${reconnecting}${extra}</div>`;
  }

  #renderError(state: Extract<State, { kind: 'error' }>, t: Translation): TemplateResult {
    const { code } = state.error;
    return html`
      <div part="error" class=${css.panel} role="alert">
        <span class=${css.icon.danger} aria-hidden="true">${icons.alert}</span>
        <h2 class=${css.panelTitle} tabindex="-1">${t.errors.title}</h2>
        <p class=${css.panelBody}>${errorMessage(code, t)} ${state.retryable ? t.errors.autoRetry : ''}</p>
        <p class=${css.errorCode}>${t.errors.code(code)}</p>
        ${state.retryable ? html`<div class=${css.panelActions}><button class=${primaryButton} type="button" @click=${this.#retry}>${t.errors.retry}</button></div>` : undefined}
      </div>
    `;
  }

  /** The `locale` attribute, the token's, the checkout's, the browser's: the first the element speaks. */
  #locale(): string {
    const state = this._state;
    const session = state.kind === 'ready' || state.kind === 'ended' ? state.session.locale : undefined;
    return resolveLocale([this.locale, this.#tokenLocale, session, ...(navigator.languages ?? [navigator.language])]);
  }
}

/** How long after a page took "Try again" another press is taken for the same one (a double click). */
const RETRY_TAKEN_MS = 2_000;

const FINAL_EVENTS = {
  paid: 'momo-paid',
  failed: 'momo-failed',
  expired: 'momo-expired',
  cancelled: 'momo-cancelled',
} as const satisfies Record<FinalStatus, string>;

/** Why the checkout ended as it did: the latest update's word, else the session's. */
const reasonOf = (state: Extract<State, { kind: 'ready' }>): FailureReason | undefined => state.update?.reason ?? state.session.reason;

/** Expired after a payment request went out that nobody can confirm: the payer must not pay again. */
const isUnconfirmed = (status: CheckoutStatus, reason: FailureReason | undefined): boolean => status === 'expired' && reason === 'outcome_unknown';

function renderFinal(
  status: FinalStatus,
  reason: StatusUpdate['reason'],
  receiptUrl: string | undefined,
  amount: string,
  merchant: string,
  t: Translation,
  /** Undefined once "Try again" went unanswered: the payer needs a new link from the merchant. */
  retry: (() => void) | undefined,
): TemplateResult {
  // A payment request went out and nobody can say whether it was paid: no new link, no "Try again".
  const unconfirmed = isUnconfirmed(status, reason);
  const copy = unconfirmed ? t.final.outcomeUnknown : t.final[status];
  const tone = status === 'paid' ? 'success' : status === 'failed' ? 'danger' : 'neutral';
  const receipt = receiptUrl && isHttpUrl(receiptUrl) ? receiptUrl : undefined;
  const icon = status === 'paid' ? icons.check : status === 'failed' ? icons.cross : unconfirmed ? icons.alert : icons.clock;
  return html`
    <div part="final" class=${css.panel} data-status=${status}>
      <span class=${css.icon[tone]} aria-hidden="true">${icon}</span>
      <h2 class=${css.panelTitle} tabindex="-1">${copy.title}</h2>
      ${(status === 'failed' || unconfirmed) && reason ? html`<p part="reason" class=${css.reason}>${t.reasons[reason] ?? t.reasons.provider_error}</p>` : undefined}
      <p class=${css.panelBody}>${copy.body(amount, merchant)}</p>
      ${receipt ? html`<div class=${css.panelActions}><a part="receipt" class=${primaryButton} href=${receipt} target="_blank" rel="noopener noreferrer">${t.receipt}</a></div>` : undefined}
      ${
        status === 'failed'
          ? html`<div class=${css.panelActions}>${
              retry
                ? html`<button part="retry-button" class=${primaryButton} type="button" @click=${retry}>${t.errors.retry}</button>`
                : html`<p part="retry-note" class=${css.panelBody} tabindex="-1">${t.askForNewLink(merchant)}</p>`
            }</div>`
          : undefined
      }
    </div>
  `;
}

function renderSkeleton(): TemplateResult {
  return html`
    <div class=${css.summary} aria-hidden="true">
      <div class=${css.skeleton.merchant}></div>
      <div class=${css.skeleton.amount}></div>
      <div class=${css.skeleton.description}></div>
    </div>
    <div class=${css.instructions} aria-hidden="true">
      <div class=${css.skeletonRow}>
        <div class=${css.skeleton.qr}></div>
        <div class=${css.skeletonLines}><div class=${css.skeleton.text}></div><div class=${css.skeleton.text}></div></div>
      </div>
      <div class=${css.skeleton.line}></div>
    </div>
  `;
}

function errorMessage(code: string, t: Translation): string {
  switch (code) {
    case 'TOKEN_MALFORMED':
      return t.errors.tokenMalformed;
    case 'TOKEN_MISSING':
      return t.errors.tokenMissing;
    case 'TOKEN_INVALID':
      return t.errors.tokenInvalid;
    case 'TOKEN_EXPIRED':
      return t.errors.tokenExpired;
    case 'NOT_FOUND':
    case 'CHECKOUT_NOT_FOUND':
      return t.errors.notFound;
    case 'NETWORK_ERROR':
    case 'TIMEOUT':
      return t.errors.network;
    default:
      return t.errors.generic;
  }
}

function detectDevice(): Device {
  return globalThis.matchMedia?.('(pointer: coarse)').matches ? 'phone' : 'desktop';
}

/** iPhones and iPads (which say "MacIntel" but have touch): their dialer ignores `*`/`#` links. */
function isIOS(): boolean {
  return /iP(hone|ad|od)/.test(navigator.userAgent) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
}

const icon = (content: TemplateResult, strokeWidth = 2.5): TemplateResult =>
  html`<svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width=${strokeWidth} stroke-linecap="round" stroke-linejoin="round">${content}</svg>`;

const icons = {
  check: icon(svg`<path d="M20 6 9 17l-5-5"/>`),
  cross: icon(svg`<path d="M18 6 6 18M6 6l12 12"/>`),
  clock: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`, 2),
  alert: icon(svg`<path d="M12 8v5M12 16.5v.01"/><circle cx="12" cy="12" r="9"/>`, 2),
};
