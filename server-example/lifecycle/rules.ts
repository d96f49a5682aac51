import { FINAL_STATUSES, isFinalStatus, isPushEndReason, type CheckoutStatus, type FailureReason, type FinalStatus } from '../../contract';

/**
 * The status model, in one place (docs/status-model.md): which status may follow which, which
 * are open, and which merchant webhook each change sends. The lifecycle applies these rules; the
 * store's SQL takes its status lists from the constants here.
 */

export type TransitionDecision =
  | 'apply'
  /** Nothing changes: the checkout is already in that status. */
  | 'same'
  /** A final status never changes, whatever arrives later or twice. */
  | 'final'
  /** Late news of an earlier stage, e.g. `pending` arriving after `processing`. */
  | 'backwards';

/** The only status in which a push to the payer's phone may start: nothing has happened yet. */
export const PAYABLE_STATUS = 'pending' satisfies CheckoutStatus;

/** Still waiting for an outcome: the reconciler follows these. */
export const OPEN_STATUSES = ['pending', 'processing'] as const satisfies readonly CheckoutStatus[];

const RANK: Record<CheckoutStatus, number> = {
  pending: 0,
  processing: 1,
  paid: 2,
  failed: 2,
  expired: 2,
  cancelled: 2,
};

/** The status machine: pending → processing → paid | failed | expired | cancelled. */
export function decideTransition(from: CheckoutStatus, to: CheckoutStatus): TransitionDecision {
  if (isFinalStatus(from)) return from === to ? 'same' : 'final';
  if (from === to) return 'same';
  return RANK[to] > RANK[from] ? 'apply' : 'backwards';
}

/**
 * What a provider's word about a push to the payer's phone does (docs/status-model.md, "Push attempts"):
 * - `reopen`: the live push ended unpaid without the payer's answer (PUSH_END_REASONS) while the
 *   checkout is still payable: an attempt ended, not the checkout. It is `pending` again, and
 *   another push (again, or to another number) may go.
 * - `stale`: it is about a push that is no longer live (it ended, or another followed): it moves
 *   nothing, unless it says paid — money moved, and that stays the checkout's outcome.
 * - `outcome`: the status machine decides (decideTransition), as for any word.
 */
export type PushWordDecision = 'reopen' | 'stale' | 'outcome';

/** Only the provider's words end a push; ours (expiry, a merchant's cancel, an operator) close the checkout. */
const PUSH_ENDING_SOURCES: readonly string[] = ['payer', 'callback', 'poll', 'sandbox'];

export function decidePushWord(
  checkout: { status: CheckoutStatus; expiresAt: string; push?: { id: string; endedAt?: string } },
  word: { status: CheckoutStatus; reason?: FailureReason; aboutPush?: string },
  source: StatusSource,
  now: number,
): PushWordDecision {
  if (word.aboutPush === undefined || isFinalStatus(checkout.status)) return 'outcome';
  const live = checkout.push?.id === word.aboutPush && checkout.push.endedAt === undefined;
  if (!live) return word.status === 'paid' ? 'outcome' : 'stale';
  const endsThePush = isFinalStatus(word.status) && word.status !== 'paid' && isPushEndReason(word.reason);
  return endsThePush && PUSH_ENDING_SOURCES.includes(source) && now < Date.parse(checkout.expiresAt) ? 'reopen' : 'outcome';
}

/** A payout: `processing` until the provider settles it; `paid` and `failed` are final. */
export const PAYOUT_STATES = ['processing', 'paid', 'failed'] as const;
export type PayoutState = (typeof PAYOUT_STATES)[number];
export const OPEN_PAYOUT_STATES = ['processing'] as const satisfies readonly PayoutState[];

export function decidePayoutTransition(from: PayoutState, to: PayoutState): TransitionDecision {
  if (from !== 'processing') return from === to ? 'same' : 'final';
  return from === to ? 'same' : 'apply';
}

/** Who told us about a status change. */
export const STATUS_SOURCES = ['create', 'payer', 'callback', 'poll', 'merchant', 'sandbox', 'expiry', 'operator'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

/** The merchant webhooks, one per kind of change (docs/architecture.md, "Merchant webhooks"). */
export const WEBHOOK_EVENT_TYPES = ['checkout.paid', 'checkout.failed', 'checkout.expired', 'checkout.cancelled', 'checkout.receipt', 'checkout.resolved', 'payout.paid', 'payout.failed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The webhook a checkout's change of status sends: one for each final status, none for `processing`. */
export function checkoutEventType(status: CheckoutStatus): WebhookEventType | undefined {
  return (FINAL_STATUSES as readonly string[]).includes(status) ? (`checkout.${status as FinalStatus}` as WebhookEventType) : undefined;
}

export function payoutEventType(state: PayoutState): WebhookEventType | undefined {
  return state === 'processing' ? undefined : `payout.${state}`;
}

/** What a person (or a provider's late word) decided about a checkout whose outcome was unknown. */
export const RESOLUTION_OUTCOMES = ['paid', 'not_paid'] as const;
export type ResolutionOutcome = (typeof RESOLUTION_OUTCOMES)[number];
export const RESOLUTION_SOURCES = ['operator', 'provider'] as const;
export type ResolutionSource = (typeof RESOLUTION_SOURCES)[number];

export interface Resolution {
  outcome: ResolutionOutcome;
  note?: string;
  source: ResolutionSource;
  resolvedAt: string;
  providerTransactionId?: string;
}

/** A checkout whose outcome nobody knows: it may have been paid, and a person (or the provider's late word) must say. */
export const UNKNOWN_OUTCOME = { status: 'expired', reason: 'outcome_unknown' } as const satisfies { status: CheckoutStatus; reason: FailureReason };

/** Only an unknown outcome is resolved, and only once: a known one is the provider's word, and stays. */
export function canResolve(checkout: { status: CheckoutStatus; reason?: string; resolution?: Resolution }): boolean {
  return checkout.status === UNKNOWN_OUTCOME.status && checkout.reason === UNKNOWN_OUTCOME.reason && checkout.resolution === undefined;
}

/** A provider's late word on a checkout whose outcome was unknown: paid, or (any other final) not paid. */
export function resolutionFromProvider(status: CheckoutStatus): ResolutionOutcome | undefined {
  if (status === 'paid') return 'paid';
  return isFinalStatus(status) ? 'not_paid' : undefined;
}

/** `'pending', 'processing'` for SQL `IN (…)`: the lists above, never restated as literals. */
export function sqlList(values: readonly string[]): string {
  return values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ');
}
