import type { Charge, PaymentProof } from '../../contract';
import { checkAmount, MINOR_UNITS } from '../money';
import type { ProviderStatus } from '../providers/types';
import type { CheckoutRecord } from '../store/types';

/** A transaction id as the payer may be shown it: provider text, so bounded and free of control characters. */
const TRANSACTION_ID = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]{1,100}$/u;

/**
 * The proof written with the paid status: the provider's transaction id when it gave a sane one,
 * and when it took the payment — its own time when it says, else `learntAt` (when we heard).
 */
export function paymentProof(given: ProviderStatus['payment'], learntAt: number): PaymentProof {
  const transactionId = given?.transactionId?.trim();
  const providerTime = given?.paidAt ? Date.parse(given.paidAt) : Number.NaN;
  return {
    paidAt: new Date(Number.isFinite(providerTime) ? providerTime : learntAt).toISOString(),
    ...(transactionId && TRANSACTION_ID.test(transactionId) ? { transactionId } : {}),
  };
}

function toMinor(amount: string, currency: string): bigint {
  const units = MINOR_UNITS[currency] ?? 0;
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 10n ** BigInt(units) + BigInt(fraction.padEnd(units, '0') || '0');
}

/**
 * A charge the payer may be shown: in the checkout's currency, on the checkout's amount, with a
 * positive fee, and a total that is their exact sum. Anything else is left out rather than shown wrong.
 */
export function acceptedCharge(charge: Charge | undefined, checkout: Pick<CheckoutRecord, 'amount' | 'currency'>): Charge | undefined {
  if (!charge || charge.currency !== checkout.currency) return undefined;
  const { amount, fee, total, currency } = charge;
  if ([amount, fee, total].some((value) => typeof value !== 'string' || checkAmount(value, currency) !== undefined)) return undefined;
  if (toMinor(amount, currency) !== toMinor(checkout.amount, currency)) return undefined;
  if (toMinor(amount, currency) + toMinor(fee, currency) !== toMinor(total, currency)) return undefined;
  return { amount, fee, total, currency };
}

export function sameCharge(a: Charge | undefined, b: Charge | undefined): boolean {
  return a?.amount === b?.amount && a?.fee === b?.fee && a?.total === b?.total && a?.currency === b?.currency;
}
