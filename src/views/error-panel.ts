import { html, type TemplateResult } from 'lit';
import type { MomoErrorDetail } from '../core/events.js';
import type { Translation } from '../i18n/translation.js';
import * as css from '../styles/checkout.css.js';
import { primaryButton } from '../styles/shared.css.js';
import { panelIcons } from './panel-icons.js';

/**
 * The checkout can't be shown. `retry` (network trouble only) offers "Try again"; the element
 * retries by itself too, and says so.
 */
export function renderError({ code }: MomoErrorDetail, t: Translation, retry: (() => void) | undefined): TemplateResult {
  return html`
    <div part="error" class=${css.panel} role="alert">
      <span class=${css.icon.danger} aria-hidden="true">${panelIcons.alert}</span>
      <h2 class=${css.panelTitle} tabindex="-1">${t.errors.title}</h2>
      <p class=${css.panelBody}>${errorMessage(code, t)} ${retry ? t.errors.autoRetry : ''}</p>
      <p class=${css.errorCode}>${t.errors.code(code)}</p>
      ${retry ? html`<div class=${css.panelActions}><button class=${primaryButton} type="button" @click=${retry}>${t.errors.retry}</button></div>` : undefined}
    </div>
  `;
}

/** The payer's words for an error code; the code itself is shown under them, for the merchant. */
export function errorMessage(code: string, t: Translation): string {
  switch (code) {
    case 'TOKEN_MALFORMED':
      return t.errors.tokenMalformed;
    case 'TOKEN_MISSING':
      return t.errors.tokenMissing;
    case 'TOKEN_INVALID':
      return t.errors.tokenInvalid;
    case 'TOKEN_EXPIRED':
      return t.errors.tokenExpired;
    case 'NOT_FOUND':
    case 'CHECKOUT_NOT_FOUND':
      return t.errors.notFound;
    case 'NETWORK_ERROR':
    case 'TIMEOUT':
      return t.errors.network;
    case 'CSP_BLOCKED':
      return t.errors.cspBlocked;
    default:
      return t.errors.generic;
  }
}
