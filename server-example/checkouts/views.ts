import { isFinalStatus, type Instruction, type PushInstruction, type Session, type SessionItem, type StatusUpdate } from '../../contract';
import type { CheckoutEvent, CheckoutRecord, CheckoutStatusRecord } from '../store/types';
import { phoneRulesFor } from '../phones/rules';
import { Operators, PhoneExample, PushFee } from './schema';
import { pushSentOf, withPushState } from './push-view';
import { qrCodesFor } from './qr-codes';

/**
 * A fee or an example number that breaks the contract is left out rather than shown wrong: the
 * payer can still pay. An example must be one the method takes, or it would teach a wrong format.
 * Added as served, not stored: the country's phone rules (how its people write numbers), and
 * the merchant's `payer.phone` to prefill while a number is asked for, when the method takes it.
 */
function checkedPush(instruction: Instruction, checkout: CheckoutRecord, country: string | undefined): Instruction {
  if (instruction.kind !== 'push') return instruction;
  // `operatorHint`: English text that older checkouts stored; `operators` replaced it.
  const { fee, phoneExample, operators, phoneRules: _stored, prefill: _given, operatorHint: _english, ...rest } = instruction as PushInstruction & { operatorHint?: unknown };
  const feeFits = fee !== undefined && PushFee.safeParse(fee).success;
  const exampleFits = PhoneExample.safeParse(phoneExample).success && fitsPattern(phoneExample!, rest.phonePattern);
  const operatorsFit = Operators.safeParse(operators).success;
  const phoneRules = country ? phoneRulesFor(country, exampleFits ? phoneExample : undefined) : undefined;
  const payerPhone = checkout.payer?.phone?.replace(/^\+/, '');
  const prefill = rest.needsPhone && PhoneExample.safeParse(payerPhone).success && fitsPattern(payerPhone!, rest.phonePattern) ? payerPhone : undefined;
  return {
    ...rest,
    ...(exampleFits ? { phoneExample } : {}),
    ...(phoneRules ? { phoneRules } : {}),
    ...(operatorsFit ? { operators } : {}),
    ...(prefill ? { prefill } : {}),
    ...(feeFits ? { fee } : {}),
  };
}

function fitsPattern(phone: string, pattern: string): boolean {
  try {
    return new RegExp(pattern).test(phone);
  } catch {
    return false; // a stored pattern this runtime can't compile: no example rather than no session
  }
}

/** The lines as the payer reads them: a tax rate is the merchant's bookkeeping, not the slip's. */
const toSessionItems = (items: CheckoutRecord['items']): SessionItem[] | undefined => items?.map(({ name, quantity, unitAmount }) => ({ name, quantity, unitAmount }));

/**
 * What the element may see: what is paid for and by whom as the merchant gave it, what was
 * charged and the proof of payment; no provider ids but the payment's transaction id, and of the
 * payer nothing but the name (and, while a push asks for it, the number to prefill). `country`:
 * the checkout's (phones/checkout-country.ts), which says how its payers write phone numbers.
 */
export function toSession(checkout: CheckoutRecord, merchant: string, country?: string): Session {
  // The element draws these QR codes; a final checkout shows no instructions, so none.
  const qrCodes = isFinalStatus(checkout.status) ? undefined : qrCodesFor(checkout.instructions);
  return {
    id: checkout.id,
    merchant,
    amount: checkout.amount,
    currency: checkout.currency,
    description: checkout.description,
    reference: checkout.reference,
    items: toSessionItems(checkout.items),
    payerName: checkout.payer?.name,
    ...(country ? { country } : {}),
    createdAt: checkout.createdAt,
    status: checkout.status,
    reason: checkout.reason,
    expiresAt: checkout.expiresAt,
    locale: checkout.locale,
    charge: checkout.charge,
    payment: checkout.payment,
    instructions: isFinalStatus(checkout.status) ? [] : checkout.instructions.map((instruction) => checkedPush(withPushState(instruction, checkout), checkout, country)),
    ...(qrCodes ? { qrCodes } : {}),
  };
}

export function toStatusUpdate(checkout: CheckoutStatusRecord): StatusUpdate {
  return {
    status: checkout.status,
    reason: checkout.reason,
    updatedAt: checkout.updatedAt,
    receiptUrl: checkout.receiptUrl,
    charge: checkout.charge,
    payment: checkout.payment,
    sent: pushSentOf(checkout),
  };
}

/** Changes with every status change; the `/v1/session/status` ETag. */
export function statusEtag(checkout: Pick<CheckoutRecord, 'id' | 'version'>): string {
  return `"${checkout.id}.${checkout.version}"`;
}

/** The merchant's view of a checkout: `GET /v1/checkouts/{id}` without its history, and every webhook's `data`. */
export function toMerchantCheckoutData(checkout: CheckoutRecord) {
  return {
    id: checkout.id,
    provider: checkout.provider,
    method: checkout.method,
    amount: checkout.amount,
    currency: checkout.currency,
    reference: checkout.reference,
    description: checkout.description,
    metadata: checkout.metadata,
    providerReference: checkout.providerReference,
    status: checkout.status,
    reason: checkout.reason,
    receiptUrl: checkout.receiptUrl,
    ...(checkout.charge ? { charge: checkout.charge } : {}),
    ...(checkout.payment ? { payment: checkout.payment } : {}),
    expiresAt: checkout.expiresAt,
    createdAt: checkout.createdAt,
    updatedAt: checkout.updatedAt,
    ...(checkout.resolution ? { resolution: checkout.resolution } : {}),
  };
}

/** The merchant's view, with the history of status changes. */
export function toMerchantCheckout(checkout: CheckoutRecord, events: CheckoutEvent[]) {
  return { ...toMerchantCheckoutData(checkout), events: events.map(toEventView) };
}

/** One status change as merchants see it (checkouts and payouts alike). */
export function toEventView({
  at,
  source,
  status,
  reason,
  providerStatus,
  resolution,
}: Pick<CheckoutEvent, 'at' | 'source' | 'status' | 'reason' | 'providerStatus'> & { resolution?: CheckoutEvent['resolution'] }) {
  return { at, source, status, reason, providerStatus, ...(resolution ? { resolution } : {}) };
}
