/**
 * Currencies without minor units (ISO 4217 exponent 0). Browsers' ICU data has disagreed with
 * ISO before (UGX once had two decimals), and a payer must never see `UGX 150,000.00`.
 */
const NO_MINOR_UNITS = /^(?:BIF|CLP|DJF|GNF|ISK|JPY|KMF|KRW|PYG|RWF|UGX|VND|VUV|XAF|XOF|XPF)$/i;

/**
 * The currencies people price in, by country (ISO 3166-1 alpha-2), where the checkouts of the
 * backend's providers happen. Where two of them share a glyph (Liberia: LRD and USD, both "$"),
 * that glyph names neither. A country not listed keeps the locale's symbols.
 */
const CURRENCIES_IN_USE: Readonly<Record<string, readonly string[]>> = {
  AO: ['AOA'],
  BJ: ['XOF'],
  CG: ['XAF'],
  CI: ['XOF'],
  CM: ['XAF'],
  GH: ['GHS'],
  GN: ['GNF'],
  LR: ['LRD', 'USD'],
  RW: ['RWF'],
  SZ: ['SZL', 'ZAR'],
  UG: ['UGX'],
  VN: ['VND'],
  ZA: ['ZAR'],
  ZM: ['ZMW'],
};

/**
 * `amount` is a decimal string in major units, shown in `locale` with the currency's minor
 * units: `formatAmount('150000', 'UGX', 'sw')` → `UGX 150,000`, `('259000', 'VND', 'vi')` → `259.000 ₫`.
 * With the checkout's `country`, a symbol that another currency used there shares becomes the
 * code: `('4500', 'LRD', 'en-LR', 'LR')` → `LRD 4,500.00`, not `$4,500.00`.
 */
/** A decimal string in major units, as the backend sends amounts ("1500", "12.50"). */
export const isDecimal = (value: unknown): value is string => typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value);

export function formatAmount(amount: string, currency: string, locale: string, country?: string): string {
  const digits = NO_MINOR_UNITS.test(currency) ? 0 : undefined;
  try {
    // ES2023 Intl.NumberFormat takes decimal strings exactly; older engines convert to a number.
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: isAmbiguous(currency, locale, country) ? 'code' : 'symbol',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount as unknown as number);
  } catch {
    return `${amount} ${currency}`; // an unknown currency code
  }
}

/**
 * Whether `currency`'s symbol in `locale` is also how another currency used in `country` is
 * written (its symbol or its narrow symbol in that locale): `$` for USD in Liberia, where LRD is `$` too.
 */
export function isAmbiguous(currency: string, locale: string, country: string | undefined): boolean {
  const code = currency.toUpperCase();
  const others = CURRENCIES_IN_USE[country?.toUpperCase() ?? '']?.filter((other) => other !== code);
  if (!others?.length) return false;
  const shown = symbolOf(code, locale, 'symbol');
  if (shown === undefined || shown === code) return false;
  return others.some((other) => symbolOf(other, locale, 'symbol') === shown || symbolOf(other, locale, 'narrowSymbol') === shown);
}

/** Symbols by locale, currency and display: the countdown re-renders every second. */
const symbols = new Map<string, string | undefined>();

function symbolOf(currency: string, locale: string, display: 'symbol' | 'narrowSymbol'): string | undefined {
  const key = `${locale}|${currency}|${display}`;
  if (!symbols.has(key)) {
    let symbol: string | undefined;
    try {
      const parts = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: display }).formatToParts(1);
      symbol = parts.find((part) => part.type === 'currency')?.value;
    } catch {
      symbol = undefined; // an unknown currency code or locale
    }
    symbols.set(key, symbol);
  }
  return symbols.get(key);
}

/** A date from the backend for people, in `locale`; anything unreadable is shown as given. */
export function formatDate(value: string, locale: string, options: Intl.DateTimeFormatOptions): string {
  const date = new Date(value);
  if (Number.isNaN(+date)) return value;
  // A bare date (`2026-12-01`) is that day wherever the payer is, not UTC midnight moved to their zone.
  if (/^\d{4}-\d\d-\d\d$/.test(value)) options = { ...options, timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}
