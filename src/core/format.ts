/**
 * Currencies without minor units (ISO 4217 exponent 0). Browsers' ICU data has disagreed with
 * ISO before (UGX once had two decimals), and a payer must never see `UGX 150,000.00`.
 */
const NO_MINOR_UNITS = /^(?:BIF|CLP|DJF|GNF|ISK|JPY|KMF|KRW|PYG|RWF|UGX|VND|VUV|XAF|XOF|XPF)$/i;

/**
 * `amount` is a decimal string in major units, shown in `locale` with the currency's minor
 * units: `formatAmount('150000', 'UGX', 'sw')` → `UGX 150,000`, `('259000', 'VND', 'vi')` → `259.000 ₫`.
 */
export function formatAmount(amount: string, currency: string, locale: string): string {
  const digits = NO_MINOR_UNITS.test(currency) ? 0 : undefined;
  try {
    // ES2023 Intl.NumberFormat takes decimal strings exactly; older engines convert to a number.
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount as unknown as number);
  } catch {
    return `${amount} ${currency}`; // an unknown currency code
  }
}

/** A date from the backend for people, in `locale`; anything unreadable is shown as given. */
export function formatDate(value: string, locale: string, options: Intl.DateTimeFormatOptions): string {
  const date = new Date(value);
  if (Number.isNaN(+date)) return value;
  // A bare date (`2026-12-01`) is that day wherever the payer is, not UTC midnight moved to their zone.
  if (/^\d{4}-\d\d-\d\d$/.test(value)) options = { ...options, timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}
