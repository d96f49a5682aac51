import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { phoneRulesFor, writtenForms } from '../phones/rules';

const HIDDEN = '•';

/**
 * A phone number (digits, international) as the payer may be shown it after a push: enough to
 * recognise their own number, never the whole of it. Written as the country writes it, with the
 * national number's first two and last three digits kept: `256772123456` → "+256 77• ••• 456".
 * However short the number, at least three of its digits stay hidden.
 */
export function maskedPhone(digits: string): string {
  const country = parsePhoneNumberFromString(`+${digits}`)?.country;
  const rules = country ? phoneRulesFor(country) : undefined;
  const callingCode = rules && digits.startsWith(rules.callingCode) ? rules.callingCode : undefined;
  const { international } = writtenForms(digits, callingCode ? rules : undefined);
  // Without known rules the calling code is not known either: all of it is masked as national.
  const prefixDigits = callingCode?.length ?? 0;
  const national = digits.length - prefixDigits;
  const hidden = Math.min(national, Math.max(3, national - 5));
  const keepStart = Math.min(2, Math.floor((national - hidden) / 2));
  const keepEnd = national - hidden - keepStart;
  let seen = 0;
  return international.replace(/\d/g, (digit) => {
    const at = seen++ - prefixDigits;
    return at < 0 || at < keepStart || at >= national - keepEnd ? digit : HIDDEN;
  });
}
