import { isFinalStatus } from '../../contract';
import type { ProviderStatus } from '../providers/types';
import type { CheckoutRecord } from '../store/types';
import { UNKNOWN_OUTCOME } from './rules';

/** The times the expiry rules depend on (configured as `reconcile` in server-example/config.ts). */
export interface ExpiryTimes {
  /** How long past its expiry a checkout the provider still calls open is kept open. */
  expiryGraceMs: number;
  /**
   * How long after a provider call started it may still answer (longer than the slowest push:
   * Multicaixa Express holds its answer up to 120 s). Until then an expiry waits for it.
   */
  payInFlightMs: number;
  /** How long past its expiry (and grace) a checkout the provider keeps open is followed before a person must look. */
  giveUpAfterMs: number;
}

/** What the reconciler does with a checkout once it has asked the provider. */
export type Settlement =
  | { kind: 'wait' }
  /** Close the payment at the provider first, so nobody pays after; then it is expired. */
  | { kind: 'close' }
  /** Expire it now; `needsPerson` says why someone must look (its outcome may be paid). */
  | { kind: 'expire'; update: ProviderStatus; needsPerson?: string };

/** A provider call started at `startedAt` may still be waiting for its answer. */
export const callMayStillAnswer = (startedAt: string | undefined, now: number, times: ExpiryTimes): boolean => startedAt !== undefined && now < Date.parse(startedAt) + times.payInFlightMs;

/**
 * The expiry rules (docs/status-model.md, "Expiry"). `answer` is what the provider said on this
 * pass (undefined: it has no such payment, or cannot say); `reportsStatus` whether it can be asked.
 */
export function settle(checkout: CheckoutRecord, answer: ProviderStatus | undefined, now: number, times: ExpiryTimes, reportsStatus: boolean): Settlement {
  const overdueAt = Date.parse(checkout.expiresAt) + times.expiryGraceMs;
  if (isFinalStatus(checkout.status) || now <= overdueAt) return { kind: 'wait' };
  if (answer) {
    // Only a provider that answered may be overruled: closed there first, so nobody pays after.
    if (now <= overdueAt + times.giveUpAfterMs) return { kind: 'close' };
    // It still calls it open, long after it should have ended, and will not close it (an MTN push
    // that never lapses, a MoMo VN order): the payer may yet pay.
    return { kind: 'expire', update: { ...UNKNOWN_OUTCOME, raw: `STILL_OPEN:${answer.raw}` }, needsPerson: 'still open at the provider long after expiry: reconcile by hand' };
  }
  // The provider has no word. What went out for it?
  if (checkout.providerReference) {
    // A provider that reports on its payments and has none by that id: nothing arrived.
    if (reportsStatus) return { kind: 'expire', update: { status: 'expired', reason: 'expired', raw: 'UNKNOWN_TO_PROVIDER' } };
  } else if (!checkout.payStartedAt) {
    return { kind: 'expire', update: { status: 'expired', reason: 'expired', raw: 'UNKNOWN_TO_PROVIDER' } };
  } else if (callMayStillAnswer(checkout.payStartedAt, now, times)) {
    // A push whose call is still waiting for its answer: the answer is the outcome.
    return { kind: 'wait' };
  }
  // Sent to a provider that cannot report on it (Multicaixa Express has no status query), or a push
  // whose answer we will never have: the payer may have paid, and must not pay again.
  return { kind: 'expire', update: { ...UNKNOWN_OUTCOME, raw: 'OUTCOME_UNKNOWN' }, needsPerson: 'outcome unknown at expiry: reconcile by hand' };
}
