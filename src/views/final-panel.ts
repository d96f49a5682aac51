import { html, type TemplateResult } from 'lit';
import { moneyOf } from '../core/charge.js';
import { isUnconfirmed } from '../core/status-policy.js';
import { isHttpUrl } from '../core/url.js';
import type { Charge, FailureReason, FinalStatus, StatusUpdate } from '../../contract/index.js';
import * as css from '../styles/checkout.css.js';
import * as rc from '../styles/receipt.css.js';
import { primaryButton } from '../styles/shared.css.js';
import { panelIcons } from './panel-icons.js';
import { printButton, renderReceipt } from './receipt.js';
import type { ViewContext } from './types.js';

export interface FinalPanel {
  status: FinalStatus;
  reason: FailureReason | undefined;
  /** The latest update (its receipt link, its proof of payment). */
  update: StatusUpdate | undefined;
  /** Once a provider fee applies to the payer: the panel says the total they pay, not the checkout's amount. */
  charge: Charge | undefined;
  /**
   * "Try again" on a failed payment; `undefined` once it went unanswered (no page listens for
   * `momo-retry`): the payer then needs a new link from the merchant, and the panel says only that.
   */
  retry: (() => void) | undefined;
}

/** Replaces the ways to pay once the status is final; once paid, with the proof of payment, which prints as a receipt. */
export function renderFinal({ status, reason, update, charge, retry }: FinalPanel, ctx: ViewContext): TemplateResult {
  const { t, session } = ctx;
  const { merchant } = session;
  // A payment request went out and nobody can say whether it was paid: no new link, no "Try again".
  const unconfirmed = isUnconfirmed(status, reason);
  const copy = unconfirmed ? t.final.outcomeUnknown : t.final[status];
  const tone = status === 'paid' ? 'success' : status === 'failed' ? 'danger' : 'neutral';
  const receiptUrl = update?.receiptUrl;
  const receipt = receiptUrl && isHttpUrl(receiptUrl) ? receiptUrl : undefined;
  const icon = status === 'paid' ? panelIcons.check : status === 'failed' ? panelIcons.cross : unconfirmed ? panelIcons.alert : panelIcons.clock;
  // Once "Try again" went unanswered, the body no longer invites trying here: the note says how.
  const body = status === 'failed' && !retry ? t.failedNoRetry : copy.body(moneyOf(session, ctx.locale)(charge?.total ?? session.amount), merchant);
  const paid = status === 'paid';
  return html`
    <div part="final" class=${css.panel} data-status=${status}>
      <span class=${css.icon[tone]} aria-hidden="true">${icon}</span>
      <h2 class=${css.panelTitle} tabindex="-1">${copy.title}</h2>
      ${(status === 'failed' || unconfirmed) && reason ? html`<p part="reason" class=${css.reason}>${t.reasons[reason] ?? t.reasons.provider_error}</p>` : undefined}
      <p class="${css.panelBody} ${paid ? rc.screenOnly : ''}">${body}</p>
      ${paid ? renderReceipt(update, charge, ctx) : undefined}
      ${
        paid || receipt
          ? html`<div class=${rc.actions}>
              ${receipt ? html`<a part="receipt" class="${primaryButton} ${rc.screenOnly}" href=${receipt} target="_blank" rel="noopener noreferrer">${t.receipt}</a>` : undefined}
              ${paid ? printButton(t.proof.print) : undefined}
            </div>`
          : undefined
      }
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
