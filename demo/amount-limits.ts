/**
 * The amount field knows what the chosen method takes (`/demo/providers` sends each method's
 * `amount: { min, max }`, the backend's own limits): it shows the range and refuses an amount
 * outside it before anything is sent. Compared as decimals, as the backend compares them.
 */
export interface AmountRange {
  min: string;
  max: string;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** -1, 0 or 1, exactly: no float rounds "9999999999999.99" to a neighbour. */
function compare(a: string, b: string): number {
  const [, ai = '', af = ''] = DECIMAL.exec(a) ?? [];
  const [, bi = '', bf = ''] = DECIMAL.exec(b) ?? [];
  const scale = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(scale, '0'));
  const y = BigInt(bi + bf.padEnd(scale, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** "5000000" → "5,000,000", keeping any decimals as written. */
export const groupDigits = (amount: string): string => amount.replace(/^\d+/, (digits) => digits.replace(/\B(?=(\d{3})+$)/g, ','));

export interface AmountLimits {
  /** The method (its range and a name for it) and currency now chosen; undefined when unknown. */
  set(range: AmountRange | undefined, label: string, currency: string): void;
  /** The message when the field's amount is outside the range, or '' (also the field's validity). */
  check(): string;
}

/** Binds the range to the amount `input`, its hint under it (`hint`), and the input's own validity. */
export function amountLimits(input: HTMLInputElement, hint: HTMLElement): AmountLimits {
  let current: { range: AmountRange; label: string; currency: string } | undefined;
  function check(): string {
    const value = input.value.trim();
    // A malformed amount is for the backend to word (its currency's decimals, say).
    const outside = current && DECIMAL.test(value) && (compare(value, current.range.min) < 0 || compare(value, current.range.max) > 0);
    const message = outside && current ? `${current.label} takes ${groupDigits(current.range.min)} to ${groupDigits(current.range.max)} ${current.currency}.` : '';
    input.setCustomValidity(message);
    return message;
  }
  input.addEventListener('input', check);
  return {
    set(range, label, currency) {
      current = range ? { range, label, currency } : undefined;
      hint.textContent = range ? `${groupDigits(range.min)} – ${groupDigits(range.max)} ${currency}` : '';
      hint.hidden = !range;
      check();
    },
    check,
  };
}
