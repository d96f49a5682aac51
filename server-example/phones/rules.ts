import { getCountryCallingCode, getExampleNumber, isSupportedCountry, Metadata, parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { groupDigits, type PhoneRules } from '../../contract';

/**
 * Where payers group their numbers otherwise than libphonenumber's metadata does: Ugandans
 * write mobiles "0772 123 456" and "+256 772 123 456" (the metadata: "0772 123456").
 */
const GROUPS_AS_WRITTEN: Readonly<Record<string, readonly number[]>> = { UG: [3, 3, 3] };

/** A mobile number of `country` to learn its forms from: the provider's example, else the country's own. */
function sampleOf(country: string, example: string | undefined): PhoneNumber | undefined {
  if (!isSupportedCountry(country)) return undefined;
  const given = example ? parsePhoneNumberFromString(`+${example}`) : undefined;
  if (given && given.countryCallingCode === getCountryCallingCode(country)) return given;
  return getExampleNumber(country, examples);
}

/** A mobile number of `country` (digits, international), from libphonenumber's examples. */
export function countryExample(country: string): string | undefined {
  return isSupportedCountry(country) ? getExampleNumber(country, examples)?.number.slice(1) : undefined;
}

/**
 * The few numbering rules the element needs to read and group what payers type in `country`
 * (contract PhoneRules), from libphonenumber's metadata; the groups are those of `example`, the
 * method's own example number (digits, international), when it is a number of that country.
 * Undefined for a country the metadata does not know.
 */
export function phoneRulesFor(country: string, example?: string): PhoneRules | undefined {
  const sample = sampleOf(country, example);
  if (!sample || !isSupportedCountry(country)) return undefined;
  const nsn = sample.nationalNumber;
  const national = sample.formatNational().replace(/\D/g, '');
  // What comes before the national significant number in the national form: the trunk prefix.
  const nationalPrefix = national.endsWith(nsn) ? national.slice(0, -nsn.length) : '';
  const metadataGroups = sample
    .formatInternational()
    .split(' ')
    .slice(1)
    .map((group) => group.replace(/\D/g, '').length);
  const groups = [GROUPS_AS_WRITTEN[country], metadataGroups].find((candidate) => candidate && sum(candidate) === nsn.length) ?? [nsn.length];
  const metadata = new Metadata();
  metadata.selectNumberingPlan(country);
  const lengths = metadata.numberingPlan?.possibleLengths() ?? [nsn.length];
  return { country, callingCode: sample.countryCallingCode, ...(nationalPrefix ? { nationalPrefix } : {}), lengths: [...lengths], groups: [...groups] };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/**
 * A number (digits, international) in the two forms its country writes it, for messages:
 * `256772123456` → "0772 123 456" and "+256 772 123 456". A number of another country, or of
 * none these rules know, is written international only, in groups of three.
 */
export function writtenForms(digits: string, rules: PhoneRules | undefined): { national?: string; international: string } {
  if (!rules || !digits.startsWith(rules.callingCode)) return { international: `+${digits.replace(/\d{3}(?=\d)/g, '$& ')}` };
  const nsn = groupDigits(digits.slice(rules.callingCode.length), rules.groups);
  return { national: `${rules.nationalPrefix ?? ''}${nsn}`, international: `+${rules.callingCode} ${nsn}` };
}

/**
 * A number (international digits) as dialled at home, digits only: `84999888999` → `0999888999`.
 * For providers that take the national form (MoMo Vietnam's `userInfo.phoneNumber`); one of no
 * country the metadata knows stays as given.
 */
export function nationalDigits(digits: string): string {
  const number = parsePhoneNumberFromString(`+${digits.replace(/^\+/, '')}`);
  return number?.country ? number.formatNational().replace(/\D/g, '') : digits;
}
