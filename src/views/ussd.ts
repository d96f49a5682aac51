import { html, unsafeCSS } from 'lit';
import cssText from '/src/views/ussd.css.ts.vanilla.css?inline';
import { actions, block, blockTitle, codeBox, codeText, group, primaryButton } from '../styles/shared.css.js';
import { copyButton, copyNote, groupRun } from './parts.js';
import * as css from './ussd.css.js';
import type { InstructionView } from './types.js';

/** A USSD code, large and grouped, with copy (and tap-to-dial on phones). */
export const ussdView: InstructionView<'ussd'> = {
  kind: 'ussd',
  order: { phone: 10, desktop: 30 },
  styles: unsafeCSS(cssText),
  render({ code }, ctx) {
    if (typeof code !== 'string' || code.trim() === '') return undefined;
    const { t, device, canDialCodes } = ctx;
    const dial = device === 'phone' && canDialCodes;
    return html`
      <section part="ussd" class=${block}>
        <h3 class=${blockTitle}>${t.ussd.title}</h3>
        <div class=${codeBox}>
          <code part="ussd-code" class=${codeText}>${groupCode(code).map(renderToken)}</code>
          <span class=${actions}>
            ${dial ? html`<a part="dial-button" class=${primaryButton} href=${`tel:${encodeURIComponent(code)}`}>${t.ussd.dial}</a>` : undefined}
            ${copyButton(code, ctx)}
          </span>
        </div>
        ${copyNote([code], ctx, device === 'phone' && !canDialCodes ? t.ussd.noDial : t.ussd.hint)}
      </section>
    `;
  },
};

type Token = { kind: 'separator' | 'digits'; text: string; grouped?: boolean };

/**
 * Splits `*165*3*12345678*1#` into separators and digit groups; long runs are grouped in
 * threes and fours so a payer can read them off the screen and type them.
 */
export function groupCode(code: string): Token[] {
  const tokens: Token[] = [];
  for (const part of code.trim().match(/[*#]|[^*#]+/g) ?? []) {
    if (part === '*' || part === '#') tokens.push({ kind: 'separator', text: part });
    else
      groupRun(part).forEach((text, g) => {
        tokens.push({ kind: 'digits', text, grouped: g > 0 });
      });
  }
  return tokens;
}

function renderToken(token: Token) {
  // A line may break after a separator only, never inside a group of digits.
  if (token.kind === 'separator') return html`<span class=${css.separator}>${token.text}</span><wbr />`;
  return token.grouped ? html`<span class=${group}>${token.text}</span>` : token.text;
}
