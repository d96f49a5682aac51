import { chargeOf } from '../core/charge.js';
import type { MomoErrorDetail } from '../core/events.js';
import type { ShownStatus } from '../core/status-policy.js';
import { isFinalStatus, type FailureReason, type Session } from '../../contract/index.js';
import type { PlannedInstruction } from './registry.js';

/** A loaded checkout: its session, the ways to pay in the order shown, and the status shown. */
export type ReadyCard = { kind: 'ready'; session: Session; plan: PlannedInstruction[] } & ShownStatus;

/** What the checkout's card shows: one of these at a time. */
export type CardState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error'; error: MomoErrorDetail; retryable: boolean }
  | ReadyCard
  /**
   * The backend stopped taking the token before it told a final status: the checkout's outcome is
   * not known here, and no status is made up for it.
   */
  | { kind: 'ended'; session: Session };

/** Why the checkout ended as it did: the latest update's word, else the session's. */
export const reasonOf = (state: ReadyCard): FailureReason | undefined => state.update?.reason ?? state.session.reason;

/** The session shown, once one is loaded (also on the `ended` panel). */
export const shownSession = (state: CardState): Session | undefined => (state.kind === 'ready' || state.kind === 'ended' ? state.session : undefined);

/** When the checkout stops taking payment, while it is shown and still open; `undefined` otherwise. */
export const payableUntil = (state: CardState): string | undefined => (state.kind === 'ready' && !isFinalStatus(state.status) ? state.session.expiresAt : undefined);

/** The `ended` panel for a shown checkout: it keeps what was charged, as the last update said it. */
export const endedFrom = (state: ReadyCard): CardState => ({ kind: 'ended', session: { ...state.session, charge: chargeOf(state.session, state.update) } });
