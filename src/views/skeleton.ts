import { html, type TemplateResult } from 'lit';
import * as css from '../styles/checkout.css.js';

/** While the checkout loads: the summary and a QR-like block, where they will be. */
export function renderSkeleton(): TemplateResult {
  return html`
    <div class=${css.summary} aria-hidden="true">
      <div class=${css.skeleton.merchant}></div>
      <div class=${css.skeleton.amount}></div>
      <div class=${css.skeleton.description}></div>
    </div>
    <div class=${css.instructions} aria-hidden="true">
      <div class=${css.skeletonRow}>
        <div class=${css.skeleton.qr}></div>
        <div class=${css.skeletonLines}><div class=${css.skeleton.text}></div><div class=${css.skeleton.text}></div></div>
      </div>
      <div class=${css.skeleton.line}></div>
    </div>
  `;
}
