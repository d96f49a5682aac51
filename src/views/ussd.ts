import { html, svg, unsafeCSS } from 'lit';
import cssText from '/src/views/ussd.css.ts.vanilla.css?inline';
import { blockTitle, button, hint, primaryButton, visuallyHidden } from '../styles/shared.css';
import * as css from './ussd.css';
import type { InstructionView } from './types';

/** A USSD code, large and grouped, with copy (and tap-to-dial on phones). */
export const ussdView: InstructionView<'ussd'> = {
  kind: 'ussd',
  order: { phone: 0, desktop: 20 },
  styles: unsafeCSS(cssText),
  render({ code }, { t, device, copy, copyState }) {
    if (typeof code !== 'string' || code.trim() === '') return undefined;
    const state = copyState(code);
    const isCopied = state === 'copied';
    return html`
      <section part="ussd" class=${css.block}>
        <h3 class=${blockTitle}>${t.ussd.title}</h3>
        <div class=${css.codeRow}>
          <code part="ussd-code" class=${css.code}>${groupCode(code).map(renderToken)}</code>
          <span class=${css.actions}>
            ${device === 'phone'
              ? html`<a part="dial-button" class="${primaryButton} ${css.action}" href=${`tel:${encodeURIComponent(code)}`}>${t.ussd.dial}</a>`
              : undefined}
            <button part="copy-button" class="${button} ${css.action}" type="button" @click=${() => copy(code)}>
              ${isCopied ? checkIcon : copyIcon}${isCopied ? t.copied : t.copy}
            </button>
          </span>
        </div>
        <p class=${hint}>${state === 'failed' ? t.copyFailed : t.ussd.hint}</p>
        <span class=${visuallyHidden} role="status">${isCopied ? t.copied : ''}</span>
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
    if (part === '*' || part === '#') {
      tokens.push({ kind: 'separator', text: part });
      continue;
    }
    // 6 → 3+3, 7 → 3+4, 8 → 4+4, 9 → 3+3+3, 10 → 3+3+4: even groups, longer ones last.
    const groups = part.length <= 5 ? 1 : Math.ceil(part.length / 4);
    let start = 0;
    for (let g = 0; g < groups; g++) {
      const size = Math.floor((part.length + g) / groups);
      tokens.push({ kind: 'digits', text: part.slice(start, start + size), grouped: g > 0 });
      start += size;
    }
  }
  return tokens;
}

function renderToken(token: Token) {
  // A line may break after a separator only, never inside a group of digits.
  if (token.kind === 'separator') return html`<span class=${css.separator}>${token.text}</span><wbr />`;
  return token.grouped ? html`<span class=${css.group}>${token.text}</span>` : token.text;
}

const copyIcon = html`<svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${svg`<rect x="9" y="9" width="12" height="12" rx="2"/><path d="M5 15V5a2 2 0 0 1 2-2h10"/>`}</svg>`;
const checkIcon = html`<svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round">${svg`<path d="M20 6 9 17l-5-5"/>`}</svg>`;
