import type { Charge, Session, StatusUpdate } from '../../contract/index.js';
import { formatAmount, isDecimal } from './format.js';

/** A charge in the checkout's currency with well-formed amounts; anything else is ignored, and the checkout's amount stays shown. */
function checked(charge: Charge | undefined, currency: string): Charge | undefined {
  const { amount, fee, total } = charge ?? {};
  return charge?.currency === currency && [amount, fee, total].every(isDecimal) ? charge : undefined;
}

/**
 * What the payer pays in all once a provider fee applies to them: the latest update's word (every
 * update repeats the charge while it applies, and drops it when the push it came with ended), else the session's.
 */
export const chargeOf = (session: Session, update: StatusUpdate | undefined): Charge | undefined => checked(update ? update.charge : session.charge, session.currency);

/** Formats amounts of `session`'s currency for the payer, with the checkout's country (an ambiguous `$` becomes the code). */
export const moneyOf =
  (session: Session, locale: string) =>
  (amount: string): string =>
    formatAmount(amount, session.currency, locale, session.country);
