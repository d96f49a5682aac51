/** Minor units per ISO 4217 currency we accept. UGX, VND, XAF, XOF, GNF and RWF have none. */
export const MINOR_UNITS: Readonly<Record<string, number>> = {
  AOA: 2, CDF: 2, EUR: 2, GHS: 2, GNF: 0, KES: 2, LRD: 2, MWK: 2, RWF: 0, SZL: 2,
  TZS: 2, UGX: 0, USD: 2, VND: 0, XAF: 0, XOF: 0, ZAR: 2, ZMW: 2,
};

const DECIMAL = /^(0|[1-9]\d{0,14})(?:\.(\d+))?$/;

export type AmountProblem = 'UNSUPPORTED_CURRENCY' | 'INVALID_AMOUNT';

/**
 * Checks a decimal amount in major units against the currency's minor units.
 * Returns the problem, or undefined when the amount is valid and positive.
 */
export function checkAmount(amount: string, currency: string): AmountProblem | undefined {
  const minorUnits = MINOR_UNITS[currency];
  if (minorUnits === undefined) return 'UNSUPPORTED_CURRENCY';
  const match = DECIMAL.exec(amount);
  if (!match) return 'INVALID_AMOUNT';
  const fraction = match[2] ?? '';
  if (fraction.length > minorUnits) return 'INVALID_AMOUNT';
  if (/^[0.]+$/.test(amount)) return 'INVALID_AMOUNT';
  return undefined;
}
