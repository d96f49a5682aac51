import { html, type TemplateResult } from 'lit';
import { chargeOf } from '../core/charge.js';
import { isFinalStatus } from '../../contract/index.js';
import type { Translation } from '../i18n/translation.js';
import * as css from '../styles/checkout.css.js';
import { reasonOf, shownSession, type CardState, type ReadyCard } from './card-state.js';
import { statusLineOf } from './card-status-line.js';
import { renderEnded } from './ended-panel.js';
import { renderError } from './error-panel.js';
import { renderFinal } from './final-panel.js';
import { renderInstructionList } from './instruction-list.js';
import type { PlannedInstruction } from './registry.js';
import { renderSkeleton } from './skeleton.js';
import { renderStatusLine } from './status-line.js';
import { renderSummary } from './summary.js';
import type { CopyState, Device, ViewActions, ViewContext } from './types.js';

/** Everything the card needs besides its state, as plain values and callbacks. */
export interface CardInputs {
  readonly t: Translation;
  readonly locale: string;
  readonly device: Device;
  /** Whether `tel:` links with `*` and `#` dial (iOS refuses them). */
  readonly canDialCodes: boolean;
  /** Time left to pay, while the countdown runs. */
  readonly remainingMs: number | undefined;
  /** Status checks keep failing. */
  readonly reconnecting: boolean;
  copy(text: string): void;
  copyState(text: string): CopyState;
  /** Loads the checkout again (the error panel's "Try again", offered when the error is retryable). */
  reload(): void;
  /** "Try again" on a failed payment; `undefined` once it went unanswered. */
  readonly tryAgain: (() => void) | undefined;
  /** Each view's own actions. */
  actionsOf(planned: PlannedInstruction): ViewActions;
}

/** The whole checkout for one state: the card, what it holds, and the live status line under it. */
export function renderCard(state: CardState, inputs: CardInputs): TemplateResult {
  const { t } = inputs;
  const session = shownSession(state);
  const label = session ? t.checkoutLabel(session.merchant) : undefined;
  return html`
      <section part="card" class=${css.card} lang=${t.$code} dir=${t.$dir} aria-label=${label ?? t.loading} aria-busy=${state.kind === 'loading'}>
        ${renderBody(state, inputs)}
        ${renderStatusLine(statusLineOf(state, t, inputs))}
      </section>
    `;
}

function renderBody(state: CardState, inputs: CardInputs): TemplateResult | undefined {
  const { t, locale, remainingMs } = inputs;
  switch (state.kind) {
    case 'loading':
      return renderSkeleton();
    case 'error':
      return renderError(state.error, t, state.retryable ? inputs.reload : undefined);
    case 'ended':
      return html`${renderSummary(state.session, t, locale, remainingMs, { charge: chargeOf(state.session, undefined) })}${renderEnded(state.session.merchant, t)}`;
    case 'ready':
      return html`${renderSummary(state.session, t, locale, remainingMs, { charge: chargeOf(state.session, state.update), unfold: isFinalStatus(state.status) })}${renderReady(state, inputs)}`;
    default:
      return undefined;
  }
}

/** The final panel once the status is final, else the ways to pay. */
function renderReady(state: ReadyCard, inputs: CardInputs): TemplateResult | undefined {
  const { session, status } = state;
  const { t, locale, device, canDialCodes, copy, copyState } = inputs;
  const context: ViewContext = { session, status, t, locale, device, canDialCodes, copy, copyState };
  if (isFinalStatus(status)) {
    return renderFinal({ status, reason: reasonOf(state), update: state.update, charge: chargeOf(session, state.update), retry: inputs.tryAgain }, context);
  }
  return renderInstructionList(state.plan, context, inputs.actionsOf, t);
}
