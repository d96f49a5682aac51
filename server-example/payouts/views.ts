import { toEventView } from '../checkouts/views';
import type { PayoutEvent, PayoutRecord } from '../store/types';

/** What `POST /v1/payouts` answers. */
export function toPayoutSummary(payout: PayoutRecord) {
  const { id, status, reason, provider, amount, currency, reference, createdAt } = payout;
  return { id, status, reason, provider, amount, currency, reference, createdAt };
}

/** The merchant's view of a payout: `GET /v1/payouts/{id}` without its history, and every payout webhook's `data`. */
export function toMerchantPayoutData(payout: PayoutRecord) {
  return { ...toPayoutSummary(payout), phone: payout.phone, providerReference: payout.referenceId, updatedAt: payout.updatedAt };
}

/** The merchant's view of a payout, with the history of its status changes. */
export function toMerchantPayout(payout: PayoutRecord, events: PayoutEvent[]) {
  return { ...toMerchantPayoutData(payout), events: events.map(toEventView) };
}
