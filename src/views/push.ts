import { html, nothing, unsafeCSS } from 'lit';
import cssText from '/src/views/push.css.ts.vanilla.css?inline';
import { formatAmount } from '../core/format';
import type { PushFee } from '../../contract';
import { indicator } from '../styles/checkout.css';
import { block, blockTitle, hint, primaryButton } from '../styles/shared.css';
import * as css from './push.css';
import { payErrorText } from './push-errors';
import type { InstructionView, ViewContext } from './types';

/**
 * Push methods: the payer gives their number, the provider sends an approval request to that
 * phone, and the payer approves it there. The element sends the request (`ctx.pay`).
 */
export const pushView: InstructionView<'push'> = {
  kind: 'push',
  order: { phone: 20, desktop: 20 },
  styles: unsafeCSS(cssText),
  render({ needsPhone, phonePattern, phoneExample, operatorHint, fee }, ctx) {
    const { t, payState: state, status } = ctx;
    const checked = checkedFee(fee);
    // Without `needsPhone` the backend knows the number already and has sent the request.
    if (state.step === 'sent' || status === 'processing' || !needsPhone) {
      return html`
        <section part="push-wait" class=${css.wait} tabindex="-1">
          <span class="${indicator.processing} ${css.spinner}" aria-hidden="true"></span>
          <h3 class=${css.waitTitle}>${t.push.waitTitle}</h3>
          ${state.step === 'sent' && state.phone ? html`<p class=${hint}>${t.push.sentTo(formatPhone(state.phone))}</p>` : undefined}
          <p class=${hint}>${t.push.waitHint}</p>
          ${feeLine(checked, ctx)}
        </section>
      `;
    }
    const pattern = String(phonePattern ?? '');
    const example = typeof phoneExample === 'string' && EXAMPLE.test(phoneExample) ? formatPhone(phoneExample) : undefined;
    const error = state.step === 'form' ? state.error : undefined;
    const sending = state.step === 'sending';
    return html`
      <form part="push" class=${block} novalidate @submit=${(event: SubmitEvent) => submit(event, ctx, pattern, checked?.amount)}>
        <h3 class=${blockTitle}>${t.push.title}</h3>
        ${feeLine(checked, ctx) /* before the number is typed: the payer agrees to the total by sending */}
        <label class=${css.label} for="momo-phone">${t.push.label}</label>
        <div class=${css.field}>
          <input
            part="phone-input"
            id="momo-phone"
            name="phone"
            class=${css.input}
            type="tel"
            inputmode="tel"
            autocomplete="tel"
            placeholder=${example ?? nothing}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${error ? 'momo-phone-error' : checked ? `momo-phone-hint ${FEE_ID}` : 'momo-phone-hint'}
            @input=${formatAsYouType}
          />
          <button part="pay-button" class="${primaryButton} ${css.submit}" aria-disabled=${sending}>
            ${sending ? t.push.sending : t.push.submit}
          </button>
        </div>
        ${error ? html`<p id="momo-phone-error" part="phone-error" class=${css.error} role="alert">${payErrorText(error, pattern, ctx)}</p>` : undefined}
        <p id="momo-phone-hint" class=${hint}>
          ${operatorHint ? html`<strong>${operatorHint}</strong> &middot; ` : ''}${example ? html`${t.push.example(example.replaceAll(' ', '\u00a0')) /* the number never breaks across lines */} &middot; ` : ''}${t.push.hint}
        </p>
      </form>
    `;
  },
};

const FEE_ID = 'momo-push-fee';
const DECIMAL = /^\d+(?:\.\d+)?$/;
/** A phone number as the backend sends examples: digits only, E.164's length at most. */
const EXAMPLE = /^\d{6,15}$/;

/** The fee when it is well formed; anything else is ignored, so a bad field never breaks paying. */
function checkedFee(fee: unknown): PushFee | undefined {
  if (typeof fee !== 'object' || fee === null) return undefined;
  const { amount, currency, payerAmount } = fee as Record<string, unknown>;
  if (typeof amount !== 'string' || !DECIMAL.test(amount) || typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return undefined;
  return typeof payerAmount === 'string' && DECIMAL.test(payerAmount) ? { amount, currency, payerAmount } : { amount, currency };
}

/** "Fee: UGX 500 · You pay UGX 10,500 in total", in the payer's locale. */
function feeLine(fee: PushFee | undefined, { t, locale }: ViewContext) {
  if (!fee) return undefined;
  const total = fee.payerAmount === undefined ? undefined : t.push.total(formatAmount(fee.payerAmount, fee.currency, locale));
  return html`<p id=${FEE_ID} part="push-fee" class=${hint}>${t.push.fee(formatAmount(fee.amount, fee.currency, locale))}${total ? html` &middot; ${total}` : ''}</p>`;
}

/** Sends the number with the fee shown beside it, which is what the payer agrees to. */
async function submit(event: SubmitEvent, ctx: ViewContext, pattern: string, fee: string | undefined): Promise<void> {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const root = form.getRootNode() as ParentNode;
  await ctx.pay((form.elements.namedItem('phone') as HTMLInputElement).value, pattern, fee);
  // Focus follows the outcome: the field with its error, or the "approve on your phone" block.
  root.querySelector<HTMLElement>('[part~=push-wait], [part~=phone-input]')?.focus();
}

/** `256772123456` → `256 772 123 456`: groups of three, digits only. */
export const formatPhone = (value: string): string => value.replace(/\D/g, '').replace(/\d{3}(?=\d)/g, '$& ');

function formatAsYouType(event: Event): void {
  const input = event.target as HTMLInputElement;
  const digitsBefore = input.value.slice(0, input.selectionStart ?? undefined).replace(/\D/g, '').length;
  input.value = formatPhone(input.value);
  // The caret stays after the same digit.
  let caret = 0;
  for (let seen = 0; seen < digitsBefore; caret++) if (/\d/.test(input.value[caret]!)) seen++;
  input.setSelectionRange(caret, caret);
}
