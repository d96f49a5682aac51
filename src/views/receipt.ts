import { html, type TemplateResult } from 'lit';
import { moneyOf } from '../core/charge.js';
import { formatDate } from '../core/format.js';
import type { Charge, StatusUpdate } from '../../contract/index.js';
import * as rc from '../styles/receipt.css.js';
import { button } from '../styles/shared.css.js';
import { copyButton, icons } from './parts.js';
import type { ViewContext } from './types.js';

/** Date and time on paper: the zone too, as the payer's browser is set (the payment's time, wherever it is read later). */
const WHEN: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };

/**
 * The proof of a paid checkout, inside the paid panel: what was charged, when, to whom, the
 * merchant's reference, the payer and the provider's transaction id (copyable). It prints as the
 * receipt (receipt.css.ts): the summary above it says what was paid for.
 */
export function renderReceipt(update: StatusUpdate | undefined, charge: Charge | undefined, ctx: ViewContext): TemplateResult {
  const { session, t, locale } = ctx;
  const money = moneyOf(session, locale);
  const payment = update?.payment ?? session.payment;
  const paidAt = payment?.paidAt ?? update?.updatedAt;
  const transactionId = typeof payment?.transactionId === 'string' && payment.transactionId ? payment.transactionId : undefined;
  const row = (label: string, value: unknown) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<dl part="payment-proof" class=${rc.proof}>
    ${row(t.proof.amount, html`${money(charge?.total ?? session.amount)}${charge ? html` <span class=${rc.breakdown}>${t.details.charge(money(charge.amount), money(charge.fee))}</span>` : ''}`)}
    ${paidAt ? row(t.proof.paidAt, formatDate(paidAt, locale, WHEN)) : ''} ${row(t.proof.merchant, session.merchant)}
    ${session.reference ? row(t.details.reference, session.reference) : ''} ${session.payerName ? row(t.details.payer, session.payerName) : ''}
    ${transactionId ? row(t.proof.transactionId, html`<span part="transaction-id" class=${rc.transactionId}>${transactionId}</span>${copyButton(transactionId, ctx, t.proof.transactionId)}`) : ''}
  </dl>`;
}

/** Prints the page; inside the element only the receipt is left on paper. */
export const printButton = (label: string): TemplateResult => html`<button part="print-button" class=${button} type="button" @click=${() => print()}>${icons.print}${label}</button>`;
