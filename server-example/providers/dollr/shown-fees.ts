/** Checkouts whose shown fees are remembered at once; the oldest is forgotten first. */
const MAX_CHECKOUTS = 10_000;

/**
 * The fees each checkout's payer was shown, per wallet method (operator): the market's main one
 * before the phone, another operator's with a FEE_CHANGED. A payer who corrects their number
 * back to an operator whose fee they saw agrees to that fee, though the page now shows the
 * other's. In memory: after a restart the correction costs one more FEE_CHANGED, never an unseen fee.
 */
export function createShownFees(maxCheckouts = MAX_CHECKOUTS) {
  const byCheckout = new Map<string, Map<string, string>>();
  return {
    note(checkoutId: string, method: string, fee: string | undefined): void {
      if (fee === undefined) return;
      const fees = byCheckout.get(checkoutId) ?? new Map<string, string>();
      byCheckout.delete(checkoutId); // re-inserted last: the most recently used is kept longest
      byCheckout.set(checkoutId, fees.set(method, fee));
      if (byCheckout.size > maxCheckouts) byCheckout.delete(byCheckout.keys().next().value!);
    },
    wasShown(checkoutId: string, method: string, fee: string): boolean {
      return byCheckout.get(checkoutId)?.get(method) === fee;
    },
  };
}

/** Decimal strings in major units, compared exactly (scaled to ten-thousandths, the most the pay body takes). */
const scaled = (amount: string): bigint => {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, '0').slice(0, 4) || '0');
};

/** `fee` is no more than `shown`: a push never asks the payer more than the page showed. */
export const notMoreThan = (fee: string, shown: string): boolean => scaled(fee) <= scaled(shown);
