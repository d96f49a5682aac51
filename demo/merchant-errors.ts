import { BackendRefusal } from './sandbox';

/**
 * The merchant form's errors, as a merchant reads them: the backend's message in plain words
 * beside the field it is about (with `aria-invalid` and `aria-describedby`), or under the button
 * when it names none. Its text only ever becomes text.
 */
export type FieldName = 'provider' | 'method' | 'amount' | 'currency' | 'reference' | 'description' | 'payerPhone';

/** Which field a refusal is about: the path of a validation failure, or what a 422's code concerns. */
const FIELD_OF_PATH: Record<string, FieldName> = {
  provider: 'provider',
  method: 'method',
  amount: 'amount',
  currency: 'currency',
  reference: 'reference',
  description: 'description',
  'payer.phone': 'payerPhone',
};
const FIELD_OF_CODE: Record<string, FieldName> = {
  UNSUPPORTED_PROVIDER: 'provider',
  UNSUPPORTED_METHOD: 'method',
  AMOUNT_OUT_OF_RANGE: 'amount',
  UNSUPPORTED_CURRENCY: 'currency',
  PAYER_PHONE_REQUIRED: 'payerPhone',
  INVALID_PAYER_PHONE: 'payerPhone',
};

/** "5000000" → "5,000,000", leaving ids and dates (letters or dashes beside the digits) alone. */
const grouped = (text: string): string => text.replace(/(?<![\w.-])\d{4,}(?![\w-])/g, (digits) => digits.replace(/\B(?=(\d{3})+$)/g, ','));
const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export interface PlainError {
  field?: FieldName;
  text: string;
}

/** A refusal (or any failure) as a field and a sentence, without its code or path. */
export function plainError(error: unknown): PlainError {
  if (!(error instanceof BackendRefusal)) return { text: 'The demo merchant could not reach the backend. Is it running?' };
  const path = error.code === 'VALIDATION_FAILED' ? /^([\w.]+): (.*)$/s.exec(error.message) : null;
  if (path) return { field: FIELD_OF_PATH[path[1]!], text: sentence(path[2]!) };
  // Amounts grouped as people read them; other numbers (a phone, a reference) stay as they are.
  const text = error.code === 'AMOUNT_OUT_OF_RANGE' ? grouped(error.message) : error.message;
  return { field: error.code ? FIELD_OF_CODE[error.code] : undefined, text };
}

export interface MerchantErrors {
  show(error: PlainError): void;
  clear(): void;
}

/** `#merchant-error` for the form, and `#<field>-error` beside each field named `name="<field>"`. */
export function merchantErrors(form: HTMLFormElement, general: HTMLElement): MerchantErrors {
  const shown: HTMLElement[] = [];
  const control = (field: FieldName) => form.elements.namedItem(field) as HTMLInputElement | HTMLSelectElement | null;
  const place = (field: FieldName) => form.querySelector<HTMLElement>(`[data-error-for="${field}"]`);
  function clear(): void {
    for (const element of shown.splice(0)) {
      element.hidden = true;
      element.textContent = '';
    }
    for (const element of form.querySelectorAll('[aria-invalid="true"]')) element.removeAttribute('aria-invalid');
  }
  return {
    clear,
    show({ field, text }) {
      clear();
      const input = field ? control(field) : null;
      const target = (field && place(field)) || general;
      target.textContent = text;
      target.hidden = false;
      shown.push(target);
      if (input && target !== general) {
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      }
    },
  };
}
