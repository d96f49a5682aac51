import { html, type TemplateResult } from 'lit';
import type { Translation } from '../i18n/translation.js';
import * as css from '../styles/checkout.css.js';
import { panelIcons } from './panel-icons.js';

/**
 * The backend stopped taking the token before it told a final status. Like an unconfirmed
 * payment's panel: no "Try again", no new link, nothing that invites paying again.
 */
export function renderEnded(merchant: string, t: Translation): TemplateResult {
  return html`
    <div part="ended" class=${css.panel}>
      <span class=${css.icon.neutral} aria-hidden="true">${panelIcons.alert}</span>
      <h2 class=${css.panelTitle} tabindex="-1">${t.sessionEnded.title}</h2>
      <p class=${css.panelBody}>${t.sessionEnded.body(merchant)}</p>
    </div>
  `;
}
