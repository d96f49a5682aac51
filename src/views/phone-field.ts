import { html, nothing, type TemplateResult } from 'lit';
import type { PhoneRules } from '../../contract/index.js';
import { formatPhone, nationalForm } from '../core/phone.js';
import * as css from './push.css.js';

/** A phone number as the backend sends examples and prefills: digits only, E.164's length at most. */
const DIGITS = /^\d{6,15}$/;

const isCounts = (value: unknown, min: number): value is number[] => Array.isArray(value) && value.length > 0 && value.length <= 8 && value.every((n) => Number.isInteger(n) && n >= min && n <= 15);

/** The country's phone rules when well formed; anything else is ignored, and digits go in threes as before. */
export function checkedRules(rules: unknown): PhoneRules | undefined {
  if (typeof rules !== 'object' || rules === null) return undefined;
  const { country, callingCode, nationalPrefix, lengths, groups } = rules as Record<string, unknown>;
  if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country) || typeof callingCode !== 'string' || !/^\d{1,3}$/.test(callingCode)) return undefined;
  if (nationalPrefix !== undefined && (typeof nationalPrefix !== 'string' || !/^\d{1,3}$/.test(nationalPrefix))) return undefined;
  if (!isCounts(lengths, 4) || !isCounts(groups, 1)) return undefined;
  return { country, callingCode, ...(nationalPrefix ? { nationalPrefix } : {}), lengths, groups };
}

/** A number the backend sent (an example, a prefill), as the country writes it at home ("0772 123 456"); undefined when not digits. */
export function shownNumber(digits: unknown, rules: PhoneRules | undefined): string | undefined {
  return typeof digits === 'string' && DIGITS.test(digits) ? nationalForm(digits, rules) : undefined;
}

/** Operator names joined in the payer's language: "MTN or Orange", "MTN ou Orange", "MTN hoặc Orange". */
export function operatorsText(operators: unknown, locale: string): string | undefined {
  if (!Array.isArray(operators)) return undefined;
  const names = operators.filter((name): name is string => typeof name === 'string' && name.trim() !== '').slice(0, 6);
  if (names.length === 0) return undefined;
  try {
    return new Intl.ListFormat(locale, { type: 'disjunction' }).format(names);
  } catch {
    return names.join(' / '); // a locale this browser cannot format lists in
  }
}

/** Digits and `+`: what the caret is counted by, since grouping moves the spaces. */
const SIGNIFICANT = /[\d+]/;

/** Regroups the field as the country writes the form being typed, the caret after the same digit. */
function regroup(event: Event, rules: PhoneRules | undefined): void {
  const input = event.target as HTMLInputElement;
  const before = [...input.value.slice(0, input.selectionStart ?? input.value.length)].filter((char) => SIGNIFICANT.test(char)).length;
  input.value = formatPhone(input.value, rules);
  let caret = 0;
  for (let seen = 0; seen < before && caret < input.value.length; caret++) if (SIGNIFICANT.test(input.value[caret]!)) seen++;
  input.setSelectionRange(caret, caret);
}

/** Deleting next to a space the grouping put there deletes the digit beyond it, or the space would come straight back. */
function deleteAcrossSpace(event: InputEvent): void {
  const input = event.target as HTMLInputElement;
  const at = input.selectionStart;
  if (at === null || at !== input.selectionEnd) return;
  if (event.inputType === 'deleteContentBackward' && input.value[at - 1] === ' ') input.setSelectionRange(at - 1, at - 1);
  if (event.inputType === 'deleteContentForward' && input.value[at] === ' ') input.setSelectionRange(at + 1, at + 1);
}

export interface PhoneInputOptions {
  rules: PhoneRules | undefined;
  /** The example as the country writes it, the placeholder. */
  placeholder: string | undefined;
  /** The merchant's number for the payer, as the country writes it: in the field, still editable. */
  prefill: string | undefined;
  invalid: boolean;
  describedBy: string;
}

/** The phone number field, grouping digits as the payer types them. */
export function phoneInput({ rules, placeholder, prefill, invalid, describedBy }: PhoneInputOptions): TemplateResult {
  return html`
    <input
      part="phone-input"
      id="momo-phone"
      name="phone"
      class=${css.input}
      type="tel"
      inputmode="tel"
      autocomplete="tel"
      value=${prefill ?? nothing /* the attribute, the default value: rendered on the server too, for a form posted without script */}
      placeholder=${placeholder ?? nothing}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${describedBy}
      @beforeinput=${deleteAcrossSpace}
      @input=${(event: Event) => regroup(event, rules)}
    />
  `;
}
