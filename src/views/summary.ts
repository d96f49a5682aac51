import { html, type TemplateResult } from 'lit';
import { formatRemaining } from '../controllers/countdown.js';
import { moneyOf } from '../core/charge.js';
import { isDecimal } from '../core/format.js';
import type { Charge, Session, SessionItem } from '../../contract/index.js';
import type { Translation } from '../i18n/translation.js';
import * as css from '../styles/checkout.css.js';
import * as rc from '../styles/receipt.css.js';

/** Further away than this, the countdown is noise (a bank reference's due date says it). */
const COUNTDOWN_HORIZON_MS = 86_400_000;
/** From here on the countdown is drawn urgent; screen readers hear it once on the status line. */
export const LAST_MINUTE_MS = 60_000;
/** More items than this, and all but the first `SHOWN_ITEMS` fold, so the ways to pay stay near the top on a phone. */
const FOLD_ITEMS_OVER = 4;
const SHOWN_ITEMS = 3;

/** Under a minute left to pay (still ahead: 0 means it is over). */
export const isLastMinute = (left: number | undefined): boolean => left !== undefined && left > 0 && left <= LAST_MINUTE_MS;

export interface SummaryExtras {
  /** Once a provider fee applies to the payer: the headline says the total, with the breakdown under it. */
  charge?: Charge | undefined;
  /** Every item shown (the checkout is final: nothing below needs the room, and the receipt prints them all). */
  unfold?: boolean;
}

/** Who is paid, how much (what the payer pays in all), for what, and (while counting) the time left to pay. */
export function renderSummary(session: Session, t: Translation, locale: string, left: number | undefined, { charge, unfold = false }: SummaryExtras = {}): TemplateResult {
  const money = moneyOf(session, locale);
  // Ticking text, outside the live region: not read out every second.
  const countdown =
    left !== undefined && left < COUNTDOWN_HORIZON_MS
      ? html`<p part="countdown" class=${left <= LAST_MINUTE_MS ? css.countdownUrgent : css.countdown} role="timer">${t.countdown.expiresIn(formatRemaining(left))}</p>`
      : undefined;
  return html`
    <header class=${css.summary}>
      <p part="merchant" class=${css.merchant}>${session.merchant}</p>
      <p part="amount" class=${css.amount}>${money(charge?.total ?? session.amount)}</p>
      ${charge ? html`<p part="charge" class=${css.description}>${t.details.charge(money(charge.amount), money(charge.fee))}</p>` : undefined}
      ${session.description ? html`<p part="description" class=${css.description}>${session.description}</p>` : undefined}
      ${renderMeta(session, t)} ${renderItems(session, t, money, unfold)} ${countdown}
    </header>
  `;
}

/** The merchant's reference and the payer's name, when the merchant gave them. */
function renderMeta({ reference, payerName }: Session, t: Translation): TemplateResult | undefined {
  if (!text(reference) && !text(payerName)) return undefined;
  return html`<dl class=${rc.meta}>
    ${text(reference) ? html`<div><dt>${t.details.reference}</dt><dd part="reference">${reference}</dd></div>` : undefined}
    ${text(payerName) ? html`<div><dt>${t.details.payer}</dt><dd part="payer-name">${payerName}</dd></div>` : undefined}
  </dl>`;
}

function renderItems(session: Session, t: Translation, money: (amount: string) => string, unfold: boolean): TemplateResult | undefined {
  const items = itemsOf(session);
  if (!items.length) return undefined;
  const shown = unfold || items.length <= FOLD_ITEMS_OVER ? items : items.slice(0, SHOWN_ITEMS);
  const folded = items.slice(shown.length);
  const list = (lines: SessionItem[]) =>
    html`<ul class=${rc.items}>${lines.map((item) => html`<li><span>${item.name} &times; ${item.quantity}</span> <span>${money(lineAmount(item))}</span></li>`)}</ul>`;
  return html`<div part="items">
    ${list(shown)}${folded.length ? html`<details class=${rc.more}><summary>${t.details.moreItems(String(folded.length))}</summary>${list(folded)}</details>` : undefined}
  </div>`;
}

const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** The items that can be shown: a name, a whole quantity, a decimal unit amount. */
const itemsOf = ({ items }: Session): SessionItem[] =>
  Array.isArray(items) ? items.filter((item) => text(item?.name) && Number.isInteger(item.quantity) && item.quantity > 0 && isDecimal(item.unitAmount)) : [];

/** quantity × unit amount; Intl rounds it to the currency's minor units. */
const lineAmount = ({ quantity, unitAmount }: SessionItem): string => (quantity === 1 ? unitAmount : String(Number(unitAmount) * quantity));
