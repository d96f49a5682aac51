import { html } from 'lit';
import { formatDate } from '../core/format.js';
import { actions, block, blockTitle, codeBox, codeText } from '../styles/shared.css.js';
import { copyButton, copyNote, grouped, skip } from './parts.js';
import type { InstructionView } from './types.js';

/** A short code the payer types into the wallet app, large, with copy and its expiry. */
export const codeView: InstructionView<'code'> = {
  kind: 'code',
  order: { phone: 30, desktop: 40 },
  render({ code: raw, expiresAt }, ctx) {
    const code = typeof raw === 'string' ? raw.trim() : '';
    if (!code) return skip('code', 'has no code');
    const { t, locale } = ctx;
    const today = new Date(expiresAt!).toDateString() === new Date().toDateString();
    const until = expiresAt && formatDate(expiresAt, locale, { dateStyle: today ? undefined : 'medium', timeStyle: 'short' });
    return html`
      <section part="code" class=${block}>
        <h3 class=${blockTitle}>${t.code.title}</h3>
        <div class=${codeBox}>
          <code part="code-value" class=${codeText}>${grouped(code)}</code>
          <span class=${actions}>${copyButton(code, ctx)}</span>
        </div>
        ${copyNote([code], ctx, html`${until ? html`<strong part="code-expiry">${t.code.validUntil(until)}.</strong> ` : ''}${t.code.hint}`)}
      </section>
    `;
  },
};
