import { isFinalStatus, type CheckoutStatus, type FailureReason, type FinalStatus, type StatusUpdate } from '../../contract/index.js';

/** What the element shows of a checkout's status. */
export interface ShownStatus {
  status: CheckoutStatus;
  /** The latest update taken (its reason, receipt, proof of payment). */
  update: StatusUpdate | undefined;
  /**
   * Whether `momo-status` has told the page about `status`. A status at load counts as told unless
   * it is final: a checkout that loads final still fires its final event once, with the full update.
   */
  announced: boolean;
}

export type StatusEvent = 'momo-status' | 'momo-paid' | 'momo-failed' | 'momo-expired' | 'momo-cancelled';

export const FINAL_EVENTS = {
  paid: 'momo-paid',
  failed: 'momo-failed',
  expired: 'momo-expired',
  cancelled: 'momo-cancelled',
} as const satisfies Record<FinalStatus, StatusEvent>;

/** Ranks for the one order statuses go in: pending → processing → a final one. */
const RANK: Record<CheckoutStatus, number> = { pending: 0, processing: 1, paid: 2, failed: 2, expired: 2, cancelled: 2 };

export const shownAtLoad = (status: CheckoutStatus): ShownStatus => ({ status, update: undefined, announced: !isFinalStatus(status) });

/**
 * What to show once `incoming` arrives, and which events to fire with it (in order). A final
 * status never changes, whatever arrives later or twice; only a late receipt or proof of payment
 * is added to it. Late news of an earlier stage (`pending` after `processing`) changes nothing,
 * unless it tells that the latest push ended unpaid (`reopens`).
 */
export function nextShown(shown: ShownStatus, incoming: StatusUpdate): { shown: ShownStatus; events: StatusEvent[] } {
  const { status } = shown;
  if (isFinalStatus(status)) {
    if (incoming.status !== status) return { shown, events: [] };
    if (!shown.announced) return { shown: { status, update: incoming, announced: true }, events: ['momo-status', FINAL_EVENTS[status]] };
    return { shown: withProof(shown, incoming), events: [] };
  }
  if (incoming.status === status) return { shown: { ...shown, update: incoming }, events: [] };
  if (RANK[incoming.status] < RANK[status] && !reopens(shown, incoming)) return { shown, events: [] };
  const events: StatusEvent[] = ['momo-status'];
  if (isFinalStatus(incoming.status)) events.push(FINAL_EVENTS[incoming.status]);
  return { shown: { status: incoming.status, update: incoming, announced: true }, events };
}

/**
 * The latest push ended unpaid, and the checkout is payable again: `pending` after `processing`,
 * as the server's lifecycle reopens it (decidePushWord); its `sent` says another push may go.
 */
const reopens = ({ update }: ShownStatus, { sent }: StatusUpdate): boolean => Boolean(sent?.canResend) && !(Date.parse(update?.sent?.at ?? '') > Date.parse(sent!.at));

/** Adds what the shown final update lacks (a receipt, the proof of payment, what was charged); replaces nothing. */
function withProof(shown: ShownStatus, incoming: StatusUpdate): ShownStatus {
  const { update } = shown;
  if (!update) return shown;
  const receiptUrl = update.receiptUrl ?? incoming.receiptUrl;
  const payment = update.payment ?? incoming.payment;
  const charge = update.charge ?? incoming.charge;
  if (receiptUrl === update.receiptUrl && payment === update.payment && charge === update.charge) return shown;
  const added: StatusUpdate = { ...update };
  if (receiptUrl) added.receiptUrl = receiptUrl;
  if (payment) added.payment = payment;
  if (charge) added.charge = charge;
  return { ...shown, update: added };
}

/** Expired after a payment request went out that nobody can confirm: the payer must not pay again. */
export const isUnconfirmed = (status: CheckoutStatus, reason: FailureReason | undefined): boolean => status === 'expired' && reason === 'outcome_unknown';
