/** Pieces several views share: copy buttons and their feedback, grouped text, icons. */
import { html, svg, type TemplateResult } from 'lit';
import { button, group, hint, visuallyHidden } from '../styles/shared.css.js';
import type { ViewContext } from './types.js';

const icon = (d: string): TemplateResult =>
  html`<svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${svg`<path d=${d} />`}</svg>`;

export const icons = {
  copy: icon('M11 9h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-8a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2zM5 15V5a2 2 0 0 1 2-2h10'),
  check: icon('M20 6 9 17l-5-5'),
  print: icon('M6 9V3h12v6M6 18H4a2 2 0 0 1-2-2v-5a2 2 0 0 1 2-2h16a2 2 0 0 1 2 2v5a2 2 0 0 1-2 2h-2M6 14h12v7H6z'),
};

/** Copies `text`; `label` (hidden) says what, for screen readers, when a view has several. */
export function copyButton(text: string, { t, copy, copyState }: ViewContext, label = ''): TemplateResult {
  const copied = copyState(text) === 'copied';
  return html`<button part="copy-button" class=${button} type="button" @click=${() => copy(text)}>
    ${copied ? icons.check : icons.copy}${copied ? t.copied : t.copy}${label ? html`<span class=${visuallyHidden}> ${label}</span>` : ''}
  </button>`;
}

/** The hint under copyable texts (or why copying failed), and a live "Copied" for screen readers. */
export function copyNote(texts: string[], { t, copyState }: ViewContext, note: unknown): TemplateResult {
  const states = texts.map(copyState);
  return html`<p class=${hint}>${states.includes('failed') ? t.copyFailed : note}</p>
    <span class=${visuallyHidden} role="status">${states.includes('copied') ? t.copied : ''}</span>`;
}

/**
 * Splits a run of characters into even groups of 3 to 5 to read off the screen and type:
 * 6 → 3+3, 7 → 3+4, 8 → 4+4, 9 → 3+3+3, 10 → 3+3+4; 5 or fewer, and text with spaces, stay whole.
 */
export function groupRun(run: string): string[] {
  const count = run.length <= 5 || /\s/.test(run) ? 1 : Math.ceil(run.length / 4);
  const groups: string[] = [];
  for (let g = 0, start = 0; g < count; g++) {
    const size = Math.floor((run.length + g) / count);
    groups.push(run.slice(start, start + size));
    start += size;
  }
  return groups;
}

/** Text in groups, spaced by CSS: selecting and copying it gives the text exactly. */
export const grouped = (text: string): unknown[] => groupRun(text).map((part, index) => (index ? html`<span class=${group}>${part}</span>` : part));

/** Fails loudly, as the registry does for an unknown kind; the view then shows nothing. */
export function skip(kind: string, problem: string): undefined {
  console.error(`[momo-checkout] A "${kind}" instruction ${problem}; it was skipped.`);
  return undefined;
}
