import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { countryExample, phoneRulesFor, writtenForms } from './rules';

/** The numbers one checkout takes: its country's (when known), narrowed to the provider's. */
export interface CheckoutPhoneRule {
  /** ISO 3166-1 alpha-2: whose national forms are read. */
  country?: string;
  /** International digits, country code first. */
  pattern: RegExp;
  example: string;
}

export type PhoneReading = { ok: true; digits: string } | { ok: false; message: string };

/**
 * What people type, with what they put between digits taken out (spaces, dashes, dots,
 * brackets, slashes) and `00` read as `+`; undefined for anything else (letters, a `+` inside).
 */
function compact(typed: string): string | undefined {
  const bare = typed.replace(/[\s\-.()/]/g, '').replace(/^00/, '+');
  return /^\+?\d{4,17}$/.test(bare) ? bare : undefined;
}

/** The international digits `bare` may stand for in `country`: its reading there first, then as typed. */
function readingsOf(bare: string, country: string | undefined): string[] {
  const known = country !== undefined && isSupportedCountry(country);
  const parsed = known ? parsePhoneNumberFromString(bare, { defaultCountry: country }) : parsePhoneNumberFromString(bare.startsWith('+') ? bare : `+${bare}`);
  // As typed: a number the provider takes as it is, e.g. MTN's sandbox test numbers (46733123450–9), which are no country's.
  return [...(parsed ? [parsed.number.slice(1)] : []), bare.replace(/^\+/, '')];
}

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

/** "Enter a mobile money number in Uganda, as 0772 123 456 or +256 772 123 456.", from an example (digits, international). */
export function acceptedForms(country: string | undefined, example = '256772123456'): string {
  const rules = country ? phoneRulesFor(country, example) : undefined;
  // An example of no country's (MTN's sandbox test numbers) would teach nothing: show one of the country's.
  const shown = rules && !example.startsWith(rules.callingCode) ? (countryExample(rules.country) ?? example) : example;
  const { national, international } = writtenForms(shown, rules);
  const forms = national ? `${national} or ${international}` : international;
  const where = country && rules ? ` in ${REGION_NAMES.of(country) ?? country}` : ', with its country code';
  return `Enter a mobile money number${where}, as ${forms}.`;
}

/**
 * A number a payer typed, in any form people write it (`0772123456`, `0772 123 456`,
 * `+256 772 123 456`, `00256…`, `256772123456`), as the international digits the provider
 * takes: read with full metadata in the checkout's country, then checked against the
 * provider's pattern, which also refuses numbers of another country.
 */
export function readPhone(typed: string, rule: CheckoutPhoneRule): PhoneReading {
  const bare = compact(typed);
  const digits = bare === undefined ? undefined : readingsOf(bare, rule.country).find((candidate) => rule.pattern.test(candidate));
  return digits ? { ok: true, digits } : { ok: false, message: acceptedForms(rule.country, rule.example) };
}

/**
 * A payer's number the merchant gave (`payer.phone`), for any method: any possible number,
 * read in the checkout's country unless it says its own, as international digits.
 */
export function readPayerPhone(typed: string, country: string | undefined): PhoneReading {
  const bare = compact(typed);
  const known = country !== undefined && isSupportedCountry(country);
  // In the checkout's country first (a national form), then as an international number without its `+`.
  const candidates =
    bare === undefined ? [] : [known && !bare.startsWith('+') ? parsePhoneNumberFromString(bare, { defaultCountry: country }) : undefined, parsePhoneNumberFromString(`+${bare.replace(/^\+/, '')}`)];
  const number = candidates.find((candidate) => candidate?.isPossible());
  if (number) return { ok: true, digits: number.number.slice(1) };
  return { ok: false, message: acceptedForms(country, country ? countryExample(country) : undefined) };
}
