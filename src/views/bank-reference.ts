import { html, unsafeCSS } from 'lit';
import cssText from '/src/views/bank-reference.css.ts.vanilla.css?inline';
import { formatAmount, formatDate } from '../core/format.js';
import { block, blockTitle, button } from '../styles/shared.css.js';
import * as css from './bank-reference.css.js';
import { copyButton, copyNote, grouped, icons, skip } from './parts.js';
import type { InstructionView, ViewContext } from './types.js';

/**
 * A bank payment reference (entity, reference, amount, due date) to pay at an ATM or in a
 * banking app, maybe days later: copy buttons, and a slip that prints cleanly.
 */
export const bankReferenceView: InstructionView<'bank-reference'> = {
  kind: 'bank-reference',
  order: { phone: 50, desktop: 50 },
  styles: unsafeCSS(cssText),
  render({ entity, reference, amount, dueDate }, ctx) {
    if (typeof entity !== 'string' || typeof reference !== 'string' || !entity || !reference) {
      return skip('bank-reference', 'lacks its entity or reference');
    }
    const { t, locale, session } = ctx;
    return html`
      <section part="bank-reference" class=${block}>
        <h3 class=${blockTitle}>${t.bank.title}</h3>
        <dl class=${css.slip}>
          ${row(t.bank.entity, entity, ctx)} ${row(t.bank.reference, reference, ctx)}
          ${amount ? row(t.bank.amount, formatAmount(amount, session.currency, locale, session.country)) : ''}
          ${dueDate ? row(t.bank.dueDate, formatDate(dueDate, locale, { dateStyle: 'long' })) : ''}
          ${session.createdAt ? row(t.bank.issued, formatDate(session.createdAt, locale, { dateStyle: 'long' })) : ''}
        </dl>
        ${copyNote([entity, reference], ctx, t.bank.hint)}
        <button part="print-button" class="${button} ${css.print}" type="button" @click=${() => print()}>${icons.print}${t.bank.print}</button>
      </section>
    `;
  },
};

/** With a context, the value is grouped and copyable. */
const row = (label: string, value: string, ctx?: ViewContext) => html`
  <div>
    <dt>${label}</dt>
    <dd>${ctx ? html`<span class=${css.number}>${grouped(value)}</span>${copyButton(value, ctx, label)}` : value}</dd>
  </div>
`;
