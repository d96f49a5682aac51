import type { Session } from '../../contract';
import { MomoApiError } from '../../src/core/api';
import { nationalForm } from '../../src/core/phone';
import type { Translation } from '../../src/i18n/index';
import { payErrorText } from '../../src/views/push-errors';

/**
 * Why a phone form posted without script sent nothing, carried back to the page in its query
 * (`?refused=INVALID_PHONE`, Post/Redirect/Get) and said there as the element says it with
 * script. Only these codes travel: anything else in the query shows nothing.
 */
const REFUSALS: Readonly<Record<string, number>> = {
  INVALID_PHONE: 400,
  MISSING_PHONE: 422,
  PAYER_NOT_FOUND: 422,
  UNSUPPORTED_PHONE: 422,
  CURRENCY_NOT_SUPPORTED: 422,
  NOT_ENOUGH_FUNDS: 422,
  PAYER_LIMIT_REACHED: 422,
  FEE_CHANGED: 409,
  FEE_UNKNOWN: 422,
  PROVIDER_UNAVAILABLE: 502,
  /** A provider's refusal without words of ours (its message, English, is not carried): a verdict, said generically. */
  PAY_REFUSED: 400,
};

/**
 * Nothing to say, the page says it: a request already live (its wait screen), a final checkout
 * (its panel), a checkout with no phone to push to (no form).
 */
const SHOWN_BY_THE_PAGE = new Set(['PUSH_LIVE', 'CHECKOUT_FINAL', 'PAY_NOT_SUPPORTED']);

/** The query code for a refusal's code; undefined when the page itself shows why. */
export function refusalCode(code: string): string | undefined {
  if (SHOWN_BY_THE_PAGE.has(code)) return undefined;
  return Object.hasOwn(REFUSALS, code) ? code : 'PAY_REFUSED';
}

/** The payer's words for a `?refused=` code, in the page's language; undefined for an unknown one. */
export function refusalText(code: string | undefined, session: Session, t: Translation): string | undefined {
  if (!code || !Object.hasOwn(REFUSALS, code)) return undefined;
  const push = session.instructions.find((instruction) => instruction.kind === 'push');
  // The example as the country writes it at home ("0772 123 456"), as the element shows it.
  const example = push?.phoneExample && /^\d{6,15}$/.test(push.phoneExample) ? nationalForm(push.phoneExample, push.phoneRules) : undefined;
  return payErrorText(new MomoApiError(code, '', REFUSALS[code]), example, { t } as Parameters<typeof payErrorText>[2]);
}
