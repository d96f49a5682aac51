import { isFinalStatus, type Instruction, type Session, type StatusUpdate } from '../../contract';
import type { CheckoutEvent, CheckoutRecord } from '../store/types';
import { PhoneExample, PushFee } from './schema';

/**
 * A fee or an example number that breaks the contract is left out rather than shown wrong: the
 * payer can still pay. An example must be one the method takes, or it would teach a wrong format.
 */
function checkedPush(instruction: Instruction): Instruction {
  if (instruction.kind !== 'push') return instruction;
  const { fee, phoneExample, ...rest } = instruction;
  const feeFits = fee !== undefined && PushFee.safeParse(fee).success;
  const exampleFits = PhoneExample.safeParse(phoneExample).success && fitsPattern(phoneExample!, rest.phonePattern);
  return { ...rest, ...(feeFits ? { fee } : {}), ...(exampleFits ? { phoneExample } : {}) };
}

function fitsPattern(phone: string, pattern: string): boolean {
  try {
    return new RegExp(pattern).test(phone);
  } catch {
    return false; // a stored pattern this runtime can't compile: no example rather than no session
  }
}

/** What the element may see: no provider ids, no payer details. */
export function toSession(checkout: CheckoutRecord, merchant: string): Session {
  return {
    id: checkout.id,
    merchant,
    amount: checkout.amount,
    currency: checkout.currency,
    description: checkout.description,
    status: checkout.status,
    reason: checkout.reason,
    expiresAt: checkout.expiresAt,
    locale: checkout.locale,
    instructions: isFinalStatus(checkout.status) ? [] : checkout.instructions.map(checkedPush),
  };
}

export function toStatusUpdate(checkout: CheckoutRecord): StatusUpdate {
  return {
    status: checkout.status,
    reason: checkout.reason,
    updatedAt: checkout.updatedAt,
    receiptUrl: checkout.receiptUrl,
  };
}

/** Changes with every status change; the `/v1/session/status` ETag. */
export function statusEtag(checkout: CheckoutRecord): string {
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
