import { groupDigits, type PhoneRules } from '../../contract/index.js';

/**
 * Phone numbers as people write them, mirroring the few rules the backend reads them by (it
 * normalises every number itself, with full metadata): what goes between digits, `+` or `00`
 * before a calling code, a national form with or without the trunk prefix, and how the country
 * groups digits. Pure functions, no DOM.
 */

/** What people put between digits: spaces, dashes, dots, brackets, slashes. */
const SEPARATORS = /[\s\-.()/]/g;

/** `typed` without separators, split into its `+`/`00` (if any) and its digits; undefined if anything else is in it. */
function split(typed: string): { marker: string; digits: string } | undefined {
  const bare = typed.replace(SEPARATORS, '');
  const marker = /^(?:\+|00)/.exec(bare)?.[0] ?? '';
  const digits = bare.slice(marker.length);
  return /^\d*$/.test(digits) ? { marker, digits } : undefined;
}

/**
 * The international digits `typed` may stand for, likeliest first. With `+`/`00` it names its
 * country; otherwise, with the country's rules: national with the trunk prefix ("0772…"), with
 * the calling code ("256772…"), the bare national number ("772…"), then the digits as typed (a
 * number the provider takes as it is). Without rules, only the digits as typed: a pattern's
 * leading digits are no calling code (`^2449…` is Angola's 244 and a mobile prefix).
 */
function readingsOf(typed: string, rules: PhoneRules | undefined): string[] {
  const parts = split(typed);
  if (!parts) return [];
  const { marker, digits } = parts;
  if (marker || !rules) return [digits];
  const { callingCode, nationalPrefix = '', lengths } = rules;
  const readings: string[] = [];
  if (nationalPrefix && digits.startsWith(nationalPrefix) && lengths.includes(digits.length - nationalPrefix.length)) readings.push(callingCode + digits.slice(nationalPrefix.length));
  if (digits.startsWith(callingCode) && lengths.includes(digits.length - callingCode.length)) readings.push(digits);
  if (lengths.includes(digits.length)) readings.push(callingCode + digits);
  readings.push(digits);
  return [...new Set(readings)];
}

/** Whether `digits` match the method's `pattern`; one this browser can't compile leaves the judgement to the backend. */
export function fits(digits: string, pattern: string): boolean {
  try {
    return new RegExp(pattern).test(digits);
  } catch {
    return digits.length > 5;
  }
}

/**
 * What the payer typed, as the international digits the backend takes (`0772 123 456` →
 * `256772123456` for `^256…`): the first reading that fits `pattern`, else the likeliest; ''
 * when it is no number at all (letters, a `+` inside).
 */
export function phoneDigits(typed: string, pattern: string, rules?: PhoneRules): string {
  const readings = readingsOf(typed, rules);
  return readings.find((digits) => fits(digits, pattern)) ?? readings[0] ?? '';
}

const threes = (digits: string) => digits.replace(/\d{3}(?=\d)/g, '$& ');

/**
 * `typed` grouped as its country writes it, in the form it is typed: "0772 123 456",
 * "+256 772 123 456", "256 772 123 456", "772 123 456". A number of another country, or any
 * without rules, goes in groups of three. Anything that is no number is left as typed.
 */
export function formatPhone(typed: string, rules?: PhoneRules): string {
  const parts = split(typed);
  if (!parts) return typed;
  const { marker, digits } = parts;
  if (!rules) return marker + threes(digits);
  const { callingCode, nationalPrefix = '', groups } = rules;
  const afterCode = digits.slice(callingCode.length);
  if (marker) return digits.startsWith(callingCode) && afterCode ? `${marker}${callingCode} ${groupDigits(afterCode, groups)}` : marker + threes(digits);
  if (nationalPrefix && digits.startsWith(nationalPrefix)) return nationalPrefix + groupDigits(digits.slice(nationalPrefix.length), groups);
  if (digits.startsWith(callingCode) && afterCode) return `${callingCode} ${groupDigits(afterCode, groups)}`;
  return groupDigits(digits, groups);
}

/** International digits as the country writes them at home: `256772123456` → "0772 123 456" ("923 000 000" in Angola, which has no trunk prefix). */
export function nationalForm(digits: string, rules?: PhoneRules): string {
  if (!rules || !digits.startsWith(rules.callingCode)) return internationalForm(digits, rules);
  return (rules.nationalPrefix ?? '') + groupDigits(digits.slice(rules.callingCode.length), rules.groups);
}

/** International digits with their `+`: `256772123456` → "+256 772 123 456". Without rules, as before: "256 772 123 456". */
export function internationalForm(digits: string, rules?: PhoneRules): string {
  return rules ? formatPhone(`+${digits}`, rules) : threes(digits);
}
