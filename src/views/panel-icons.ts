/** The large icons of the final, ended and error panels (decorative: the heading says it). */
import { html, svg, type TemplateResult } from 'lit';

const icon = (content: TemplateResult, strokeWidth = 2.5): TemplateResult =>
  html`<svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width=${strokeWidth} stroke-linecap="round" stroke-linejoin="round">${content}</svg>`;

export const panelIcons = {
  check: icon(svg`<path d="M20 6 9 17l-5-5"/>`),
  cross: icon(svg`<path d="M18 6 6 18M6 6l12 12"/>`),
  clock: icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`, 2),
  alert: icon(svg`<path d="M12 8v5M12 16.5v.01"/><circle cx="12" cy="12" r="9"/>`, 2),
};
