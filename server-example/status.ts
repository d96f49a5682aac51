import { isFinalStatus, type CheckoutStatus } from '../src/core/types';

export type TransitionDecision =
  | 'apply'
  /** Nothing changes: the checkout is already in that status. */
  | 'same'
  /** A final status never changes, whatever arrives later or twice. */
  | 'final'
  /** Late news of an earlier stage, e.g. `pending` arriving after `processing`. */
  | 'backwards';

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

/** Who told us about a status change. */
export type StatusSource = 'create' | 'payer' | 'callback' | 'poll' | 'merchant' | 'sandbox' | 'expiry';
