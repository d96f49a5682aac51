import { isFinalStatus, type Instruction, type Session, type StatusUpdate } from '../../src/core/types';
import type { CheckoutEvent, CheckoutRecord } from '../store/types';
import { PushFee } from './schema';

/** A fee that breaks the contract is left out rather than shown wrong: the payer can still pay. */
function withCheckedFee(instruction: Instruction): Instruction {
  if (instruction.kind !== 'push' || instruction.fee === undefined || PushFee.safeParse(instruction.fee).success) return instruction;
  const { fee: _malformed, ...rest } = instruction;
  return rest;
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
    instructions: isFinalStatus(checkout.status) ? [] : checkout.instructions.map(withCheckedFee),
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

/** The merchant's view, with the history of status changes. */
export function toMerchantCheckout(checkout: CheckoutRecord, events: CheckoutEvent[]) {
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
    events: events.map(toEventView),
  };
}

/** One status change as merchants see it (checkouts and payouts alike). */
export function toEventView({ at, source, status, reason, providerStatus }: Pick<CheckoutEvent, 'at' | 'source' | 'status' | 'reason' | 'providerStatus'>) {
  return { at, source, status, reason, providerStatus };
}
