import type { MomoApiError } from '../core/api.js';
import type { ViewContext } from './types.js';

/**
 * Why `POST /v1/session/pay` refused the number, in the payer's words. A provider's refusal
 * comes as a 422 with the provider's code (the backend passes it through); the codes below are
 * those the adapters raise for a number they can't charge. Any other code shows the provider's
 * own message, which is English and better than nothing.
 */
/** `example`: the method's example as the payer's country writes it ("0772 123 456"), if any. */
export function payErrorText(error: MomoApiError, example: string | undefined, { t }: ViewContext): string {
  switch (error.code) {
    case 'INVALID_PHONE': // the element's own check, or the backend's (400)
    case 'MISSING_PHONE': // Mom Factura: not an Angolan mobile number
      return t.push.invalid(example ?? '');
    case 'PAYER_NOT_FOUND': // MTN MoMo
    case 'UNSUPPORTED_PHONE': // Dollr: no wallet it reaches at this number
    case 'CURRENCY_NOT_SUPPORTED': // Dollr: the wallet holds another currency than the checkout's
      return t.reasons.invalid_payer;
    case 'NOT_ENOUGH_FUNDS': // MTN MoMo
      return t.reasons.insufficient_funds;
    case 'PAYER_LIMIT_REACHED': // MTN MoMo
      return t.reasons.payer_limit;
    case 'FEE_CHANGED': // Dollr: this number's operator charges another fee; the instruction now shows it
      return t.push.feeChanged;
    case 'FEE_UNKNOWN': // Dollr could not say this number's fee, so nothing was sent
      return t.errors.generic;
  }
  if (error.status === 422) return error.message; // rendered as text by Lit, never as HTML
  if (error.status === 502) return t.push.unavailable;
  return error.transient ? t.errors.network : t.errors.generic;
}

/**
 * The number's own problems, said on the field (`aria-invalid`): another number is the fix.
 * Anything else (the network, the provider, the wallet's balance, a fee) is a notice beside
 * the button, and the number stays as typed.
 */
export const isNumberProblem = ({ code }: MomoApiError): boolean => ['INVALID_PHONE', 'MISSING_PHONE', 'PAYER_NOT_FOUND', 'UNSUPPORTED_PHONE', 'CURRENCY_NOT_SUPPORTED'].includes(code);
