import { html, type TemplateResult } from 'lit';
import type { CheckoutStatus, Session, StatusUpdate } from '../../contract/index.js';
import type { Translation } from '../i18n/translation.js';
import * as css from '../styles/checkout.css.js';
import { visuallyHidden } from '../styles/shared.css.js';
import { checkedSent, newest, pushLive, sessionSent } from './push-sent.js';

export interface StatusLine {
  text: string;
  /** The dot beside the text: a status still open, loading, or checks failing (a still dot, not a live pulse). */
  dot?: Exclude<CheckoutStatus, 'paid' | 'failed' | 'expired' | 'cancelled'> | 'loading' | 'offline';
  /** Read out, not shown: a panel says it visibly. */
  hidden?: boolean;
  /** Status checks keep failing; said once for the whole outage. */
  reconnecting?: string;
  /** Said once by screen readers, when the last minute begins. */
  lastMinute?: string;
}

/** The live status line. It stays in the DOM from the start so screen readers announce changes. */
export function renderStatusLine({ text, dot, hidden = false, reconnecting, lastMinute }: StatusLine): TemplateResult {
  return html`<div part="status" class=${hidden ? visuallyHidden : css.status} role="status" aria-live="polite">${
    dot ? html`<span class=${css.indicator[dot]} aria-hidden="true"></span>` : undefined
  }${text ? html`<span>${text}</span>` : undefined}${
    reconnecting ? html`<span part="reconnecting" class=${css.reconnecting}>${reconnecting}</span>` : undefined
  }${lastMinute ? html`<span class=${visuallyHidden}>${lastMinute}</span>` : undefined}</div>`;
}

/**
 * The words for an open checkout. Once a push is on the payer's phone they are the same for every
 * provider, whether it says `pending` (Multicaixa Express, which answers once the payer acted) or
 * `processing` (MTN): what the payer does now. The latest update's word on the push comes first.
 */
export function openStatusText(status: CheckoutStatus, t: Translation, session: Session, update: StatusUpdate | undefined): string {
  const push = session.instructions.some(({ kind }) => kind === 'push');
  return push && pushLive(newest(checkedSent(update?.sent), sessionSent(session)), status) ? t.awaitingApproval : t.status[status];
}
