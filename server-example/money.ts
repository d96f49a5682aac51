/** Minor units per ISO 4217 currency we accept. UGX, VND, XAF, XOF, GNF and RWF have none. */
export const MINOR_UNITS: Readonly<Record<string, number>> = {
  AOA: 2,
  CDF: 2,
  EUR: 2,
  GHS: 2,
  GNF: 0,
  KES: 2,
  LRD: 2,
  MWK: 2,
  RWF: 0,
  SZL: 2,
  TZS: 2,
  UGX: 0,
  USD: 2,
  VND: 0,
  XAF: 0,
  XOF: 0,
  ZAR: 2,
  ZMW: 2,
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

const NON_NEGATIVE_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** A non-negative decimal string as an integer and its scale: "12.50" → 1250n at scale 2. */
function scaled(amount: string): { units: bigint; scale: number } {
  const match = NON_NEGATIVE_DECIMAL.exec(amount);
  if (!match) throw new TypeError(`Not a non-negative decimal: ${JSON.stringify(amount)}`);
  const fraction = match[2] ?? '';
  return { units: BigInt(`${match[1]}${fraction}`), scale: fraction.length };
}

/** Compares two non-negative decimal strings exactly (no float): -1, 0 or 1. "10.0" equals "10". */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const x = scaled(a);
  const y = scaled(b);
  const scale = Math.max(x.scale, y.scale);
  const left = x.units * 10n ** BigInt(scale - x.scale);
  const right = y.units * 10n ** BigInt(scale - y.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Whether `amount` lies within `range`, both ends included, compared exactly. */
export function isWithin(amount: string, range: { min: string; max: string }): boolean {
  return compareDecimal(amount, range.min) >= 0 && compareDecimal(amount, range.max) <= 0;
}

/**
 * For providers that document no limits: the amounts a JSON number read as an IEEE double
 * (JavaScript, Python's float) holds to the minor unit, which is 15 significant digits, from
 * one minor unit up. Beyond it a provider may round the amount without saying so.
 */
export const DOUBLE_EXACT_AMOUNTS = { min: '0.01', max: '9999999999999.99' } as const;
