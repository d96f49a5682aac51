import { isFinalStatus } from '../../contract/index.js';
import type { CardState } from './card-state.js';

export interface RetryProgress {
  /** "Try again" was pressed and no page took `momo-retry`. */
  unanswered: boolean;
  /** The checkout shown came from a "Try again" the page took. */
  answered: boolean;
}

/**
 * Where focus goes when the card changes: the heading of the final, ended or error panel, the note
 * that replaces an unanswered "Try again", the ways to pay of the checkout "Try again" brought.
 */
export function focusTarget(state: CardState, { unanswered, answered }: RetryProgress): string | undefined {
  if (state.kind === 'error') return '[part~=error] h2';
  if (state.kind === 'ended') return '[part~=ended] h2';
  if (state.kind !== 'ready') return undefined;
  if (isFinalStatus(state.status)) return unanswered ? '[part~=retry-note]' : '[part~=final] h2';
  // The "Try again" button is gone with the old checkout: the new one's ways to pay come next.
  return answered ? '[part~=instructions] h2' : undefined;
}
