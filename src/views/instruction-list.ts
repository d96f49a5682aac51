import { html, type TemplateResult } from 'lit';
import type { Translation } from '../i18n/translation.js';
import * as css from '../styles/checkout.css.js';
import { visuallyHidden } from '../styles/shared.css.js';
import { type PlannedInstruction, renderInstruction } from './registry.js';
import type { ViewActions, ViewContext } from './types.js';

/** The ways to pay, in the planned order, "or" between them; each view gets its own actions. */
export function renderInstructionList(plan: readonly PlannedInstruction[], context: ViewContext, actionsOf: (planned: PlannedInstruction) => ViewActions, t: Translation): TemplateResult {
  const blocks = plan.map((planned) => renderInstruction(planned, context, actionsOf(planned))).filter((block) => block !== undefined);
  return html`
    <div part="instructions" class=${css.instructions}>
      <h2 class=${visuallyHidden} tabindex="-1">${t.howToPay}</h2>
      ${blocks.length === 0 ? html`<p>${t.noInstructions}</p>` : blocks.map((block, index) => (index === 0 ? block : html`<div class=${css.divider} aria-hidden="true">${t.or}</div>${block}`))}
    </div>
  `;
}
