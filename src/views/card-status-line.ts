import { isUnconfirmed } from '../core/status-policy.js';
import { isFinalStatus } from '../../contract/index.js';
import type { Translation } from '../i18n/translation.js';
import { reasonOf, type CardState } from './card-state.js';
import { openStatusText, type StatusLine } from './status-line.js';
import { isLastMinute } from './summary.js';

export interface StatusLineInputs {
  /** Status checks keep failing. */
  reconnecting: boolean;
  /** Time left to pay, while the countdown runs. */
  remainingMs: number | undefined;
}

/** What the live status line says for a state of the card. */
export function statusLineOf(state: CardState, t: Translation, { reconnecting, remainingMs }: StatusLineInputs): StatusLine {
  if (state.kind === 'loading') return { text: t.loading, dot: 'loading' };
  if (state.kind === 'ended') return { text: t.sessionEnded.title, hidden: true }; // the panel says it visibly
  if (state.kind !== 'ready') return { text: '' };
  const { status } = state;
  // The final panel says it visibly.
  if (isFinalStatus(status)) return { text: isUnconfirmed(status, reasonOf(state)) ? t.final.outcomeUnknown.title : t.status[status], hidden: true };
  const text = openStatusText(status, t, state.session, state.update);
  // Checks keep failing: a still dot, not a live pulse; the text stays for the whole outage, so it is said once.
  return {
    text,
    dot: reconnecting ? 'offline' : status,
    reconnecting: reconnecting ? t.reconnecting : undefined,
    lastMinute: isLastMinute(remainingMs) ? t.countdown.lastMinute : undefined, // added once, so said once
  };
}
