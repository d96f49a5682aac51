import { html, unsafeCSS } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import cssText from '/src/views/push.css.ts.vanilla.css?inline';
import { formatAmount, formatDate, isDecimal } from '../core/format.js';
import { internationalForm, phoneDigits } from '../core/phone.js';
import { isPushEndReason, type PhoneRules, type PushFee, type PushSent } from '../../contract/index.js';
import { indicator } from '../styles/checkout.css.js';
import { block, blockTitle, button, hint, primaryButton } from '../styles/shared.css.js';
import * as css from './push.css.js';
import { checkedRules, operatorsText, phoneInput, shownNumber } from './phone-field.js';
import { isNumberProblem, payErrorText } from './push-errors.js';
import { pushActions, type PushActions } from './push-actions.js';
import { checkedSent, newest, pushLive } from './push-sent.js';
import type { InstructionView, ViewContext } from './types.js';

/**
 * Push methods: the payer gives their number, the provider sends an approval request to that
 * phone, and the payer approves it there. The view's own actions send the request (`push-actions.ts`).
 * Never two live requests: while one is on the phone (the backend's `sent`, also after a reload)
 * the wait screen replaces the form; once it ended unpaid (`canResend`) the form comes back.
 */
export const pushView: InstructionView<'push', PushActions> = {
  kind: 'push',
  order: { phone: 20, desktop: 20 },
  styles: unsafeCSS(cssText),
  actions: pushActions,
  render({ needsPhone, phonePattern, phoneExample, phoneRules, operators, prefill, fee, sent: told, approvalsCode }, ctx, actions) {
    const { t, status, locale } = ctx;
    const rules = checkedRules(phoneRules);
    const { state } = actions;
    const checked = checkedFee(fee);
    const own = state.step === 'sent' ? state : undefined;
    const sent = newest(checkedSent(told), own?.sent);
    const error = state.step === 'form' ? state.error : undefined;
    // While sending, or once refused (nothing went), a word of a push from before the answer is stale;
    // after no answer (the network, the provider), the backend's word on a live push decides.
    const settled = state.step !== 'sending' && !(error && !error.transient);
    // Without `needsPhone` the backend knows the number already and has sent the request.
    if (!needsPhone || (settled && ((own && !sent) || pushLive(sent, status)))) {
      const to = sent?.to ?? (own?.phone && internationalForm(own.phone, rules));
      return html`
        <section part="push-wait" class=${css.wait} tabindex="-1">
          <span class="${indicator.processing} ${css.spinner}" aria-hidden="true"></span>
          <h3 class=${css.waitTitle}>${t.push.waitTitle}</h3>
          ${to ? html`<p part="push-sent" class=${hint}>${sentLine(to, sent, ctx)}</p>` : undefined}
          <p class=${hint}>${t.push.waitHint}</p>
          ${feeLine(checked, ctx)}
          <details part="push-help" class=${css.help}>
            <summary class=${css.helpSummary}>${t.push.help}</summary>
            <div class=${css.helpBody}>${approvals(approvalsCode, ctx)}<p class=${hint}>${t.push.resend(inMinutes(sent?.liveUntil, locale))}</p></div>
          </details>
        </section>
      `;
    }
    const pattern = String(phonePattern ?? '');
    // Numbers as the country writes them at home ("0772 123 456"); the payer may type any form.
    const example = shownNumber(phoneExample, rules);
    const wallets = operatorsText(operators, locale);
    const ended = sent?.canResend ? sent : undefined;
    // Only the number's own problems go on the field; the network's or the provider's are a notice.
    const fieldError = error && isNumberProblem(error) ? error : undefined;
    const notice = fieldError ? undefined : error;
    const sending = state.step === 'sending';
    // The number last sent to from this page (a request may go to it again), else the merchant's.
    const filled = shownNumber(state.phone ?? prefill, rules);
    // A hosted page's form posts there when script does not run; with script, `submit` sends it instead.
    const { payAction } = actions;
    return html`
      <form part="push" class=${block} method=${ifDefined(payAction && 'post')} action=${ifDefined(payAction)} novalidate @submit=${(event: SubmitEvent) => submit(event, actions, pattern, checked?.amount, rules)}>
        <h3 class=${blockTitle}>${t.push.title}</h3>
        ${
          ended
            ? html`<p part="push-ended" class=${css.notice} role="status">
                ${isPushEndReason(ended.endReason) ? t.reasons[ended.endReason] : t.push.ended} <br /><span class=${hint}>${sentLine(ended.to, ended, ctx)}</span>
              </p>`
            : undefined
        }
        ${feeLine(checked, ctx) /* before the number is typed: the payer agrees to the total by sending */}
        ${payAction && checked ? html`<input type="hidden" name="fee" value=${checked.amount} />` : undefined}
        <label class=${css.label} for="momo-phone">${t.push.label}</label>
        <div class=${css.field}>
          ${phoneInput({
            rules,
            placeholder: example,
            prefill: filled,
            invalid: Boolean(fieldError),
            describedBy: fieldError ? 'momo-phone-error' : checked ? `momo-phone-hint ${FEE_ID}` : 'momo-phone-hint',
          })}
          <button part="pay-button" class="${primaryButton} ${css.submit}" aria-disabled=${sending}>
            ${sending ? t.push.sending : ended && filled ? t.push.again : t.push.submit}
          </button>
        </div>
        ${ended && filled && !sending ? html`<button part="push-other" class="${button} ${css.other}" type="button" @click=${(event: Event) => another(event, actions)}>${t.push.other}</button>` : undefined}
        ${fieldError ? html`<p id="momo-phone-error" part="phone-error" class=${css.error} role="alert">${payErrorText(fieldError, example, ctx)}</p>` : undefined}
        ${notice ? html`<p part="push-notice" class=${css.notice} role="alert">${payErrorText(notice, example, ctx)}</p>` : undefined}
        <p id="momo-phone-hint" class=${hint}>
          ${wallets ? html`<strong>${wallets}</strong> &middot; ` : ''}${example ? html`${t.push.example(example.replaceAll(' ', '\u00a0')) /* the number never breaks across lines */} &middot; ` : ''}${t.push.hint}
        </p>
      </form>
    `;
  },
};

const FEE_ID = 'momo-push-fee';

/** The fee when it is well formed; anything else is ignored, so a bad field never breaks paying. */
function checkedFee(fee: unknown): PushFee | undefined {
  if (typeof fee !== 'object' || fee === null) return undefined;
  const { amount, currency, payerAmount } = fee as Record<string, unknown>;
  if (!isDecimal(amount) || typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return undefined;
  return isDecimal(payerAmount) ? { amount, currency, payerAmount } : { amount, currency };
}

/** "Fee: UGX 500 · You pay UGX 10,500 in total", in the payer's locale. */
function feeLine(fee: PushFee | undefined, { t, locale, session }: ViewContext) {
  if (!fee) return undefined;
  const money = (amount: string) => formatAmount(amount, fee.currency, locale, session.country);
  const total = fee.payerAmount === undefined ? undefined : t.push.total(money(fee.payerAmount));
  return html`<p id=${FEE_ID} part="push-fee" class=${hint}>${t.push.fee(money(fee.amount))}${total ? html` &middot; ${total}` : ''}</p>`;
}

/** "Sent to +256 77• ••• 456 · 10:42": the number as the backend masked it (or as typed here), never broken across lines. */
const sentLine = (to: string, sent: PushSent | undefined, { t, locale }: ViewContext) =>
  `${t.push.sentTo(to.replaceAll(' ', '\u00a0'))}${sent ? ` · ${formatDate(sent.at, locale, { hour: 'numeric', minute: '2-digit' })}` : ''}`;

/** "in 2 minutes" until `until`, in the payer's language; '' when past or unknown. The element re-renders every second. */
function inMinutes(until: string | undefined, locale: string): string {
  const minutes = Math.ceil((Date.parse(until ?? '') - Date.now()) / 60_000);
  try {
    return minutes > 0 ? new Intl.RelativeTimeFormat(locale).format(minutes, 'minute') : '';
  } catch {
    return ''; // a locale this browser cannot format in
  }
}

/** MTN's code for the approvals waiting on the phone, as text, and tap-to-dial where a phone dials `*`/`#` from a link (not iOS). */
function approvals(code: unknown, { t, device, canDialCodes }: ViewContext) {
  if (typeof code !== 'string' || !/^\*[\d*]{1,20}#$/.test(code)) return undefined;
  return html`<p class=${hint}>${t.push.approvals(code)}</p>${
    device === 'phone' && canDialCodes ? html`<a part="dial-button" class=${button} href=${`tel:${encodeURIComponent(code)}`}>${t.ussd.dial}</a>` : undefined
  }`;
}

/** Sends the number, in whatever form it was typed, with the fee shown beside it, which is what the payer agrees to. */
async function submit(event: SubmitEvent, actions: PushActions, pattern: string, fee: string | undefined, rules: PhoneRules | undefined): Promise<void> {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const root = form.getRootNode() as ParentNode;
  await actions.pay(phoneDigits((form.elements.namedItem('phone') as HTMLInputElement).value, pattern, rules), pattern, fee);
  // Focus follows the outcome: the field with its error, or the "approve on your phone" block.
  root.querySelector<HTMLElement>('[part~=push-wait], [part~=phone-input]')?.focus();
}

/** "Use another number": the field emptied, for the payer to type it. */
function another(event: Event, actions: PushActions): void {
  const input = ((event.currentTarget as HTMLElement).getRootNode() as ParentNode).querySelector<HTMLInputElement>('#momo-phone');
  actions.another();
  if (input) input.value = '';
  input?.focus();
}

export { formatPhone } from '../core/phone.js';
