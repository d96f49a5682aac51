/** `amount` is a decimal string in major units; formatting the string keeps every digit. */
export function formatAmount(amount: string, currency: string, locale: string): string {
  try {
    // ES2023 Intl.NumberFormat takes decimal strings exactly; older engines convert to a number.
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount as unknown as number);
  } catch {
    return `${amount} ${currency}`; // an unknown currency code
  }
}

/** A date from the backend for people; anything unreadable is shown as given. */
export function formatDate(value: string, locale: string, options: Intl.DateTimeFormatOptions): string {
  const date = new Date(value);
  if (isNaN(+date)) return value;
  // A bare date (`2026-12-01`) is that day wherever the payer is, not UTC midnight moved to their zone.
  if (/^\d{4}-\d\d-\d\d$/.test(value)) options = { ...options, timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}
