import type { CheckoutEvent, CheckoutRecord, CheckoutStatusRecord, EndedPush, PayoutEvent, PayoutRecord, WebhookEventRecord } from './types';

/** A row of either engine (SQLite or PostgreSQL): the columns are the same, so one mapper serves both. */
export type Row = Record<string, unknown>;

export const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
export const parse = <T>(value: unknown): T | undefined => (typeof value === 'string' ? (JSON.parse(value) as T) : undefined);
const optional = <T>(value: unknown) => (value === null || value === undefined ? undefined : (value as T));
/** PostgreSQL's BIGINT columns come back as strings (pg keeps 64-bit values exact), SQLite's as numbers; ours stay far below 2^53. */
const seq = (value: unknown) => Number(value);

/** The columns Store.checkoutStatus reads: what the status answer shows, and the version its ETag names. */
export const CHECKOUT_STATUS_COLUMNS = 'version, status, reason, updated_at, receipt_url, charge, payment, push, pay_started_at';

/** A CHECKOUT_STATUS_COLUMNS row of checkout `id`, mapped as toCheckout maps those columns. */
export function toCheckoutStatus(id: string, row: Row): CheckoutStatusRecord {
  return {
    id,
    version: row.version as number,
    status: row.status as CheckoutRecord['status'],
    reason: optional(row.reason),
    updatedAt: row.updated_at as string,
    receiptUrl: optional(row.receipt_url),
    charge: parse(row.charge),
    payment: parse(row.payment),
    push: parse(row.push),
    payStartedAt: optional(row.pay_started_at),
  };
}

export function toCheckout(row: Row): CheckoutRecord {
  return {
    id: row.id as string,
    provider: row.provider as string,
    method: row.method as string,
    amount: row.amount as string,
    currency: row.currency as string,
    reference: row.reference as string,
    description: optional(row.description),
    payer: parse(row.payer),
    items: parse(row.items),
    locale: optional(row.locale),
    metadata: parse(row.metadata),
    status: row.status as CheckoutRecord['status'],
    reason: optional(row.reason),
    providerReference: optional(row.provider_reference),
    providerStatus: optional(row.provider_status),
    instructions: parse(row.instructions) ?? [],
    receiptUrl: optional(row.receipt_url),
    expiresAt: row.expires_at as string,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    version: row.version as number,
    nextPollAt: optional(row.next_poll_at),
    pollAttempts: row.poll_attempts as number,
    payStartedAt: optional(row.pay_started_at),
    receiptPollAt: optional(row.receipt_poll_at),
    receiptPolls: row.receipt_polls as number,
    resolution: parse(row.resolution),
    push: parse(row.push),
    payment: parse(row.payment),
    charge: parse(row.charge),
    shownFees: parse(row.shown_fees),
  };
}

export function toEndedPush(row: Row): EndedPush {
  return {
    checkoutId: row.checkout_id as string,
    provider: row.provider as string,
    providerReference: row.provider_reference as string,
    pushId: row.push_id as string,
    endedAt: row.ended_at as string,
    withdrawnAt: optional(row.withdrawn_at),
  };
}

export function toEvent(row: Row): CheckoutEvent {
  return {
    seq: seq(row.seq),
    checkoutId: row.checkout_id as string,
    at: row.at as string,
    source: row.source as CheckoutEvent['source'],
    status: row.status as CheckoutEvent['status'],
    reason: optional(row.reason),
    providerStatus: optional(row.provider_status),
    resolution: parse(row.resolution),
  };
}

export function toWebhookEvent(row: Row): WebhookEventRecord {
  return {
    seq: seq(row.seq),
    id: row.id as string,
    type: row.type as WebhookEventRecord['type'],
    subjectId: row.subject_id as string,
    createdAt: row.created_at as string,
    payload: row.payload as string,
    state: row.state as WebhookEventRecord['state'],
    attempts: row.attempts as number,
    scheduleStep: row.schedule_step as number,
    nextAttemptAt: optional(row.next_attempt_at),
    lastAttemptAt: optional(row.last_attempt_at),
    lastStatus: optional(row.last_status),
    lastError: optional(row.last_error),
    lastResponse: optional(row.last_response),
    deliveredAt: optional(row.delivered_at),
  };
}

export function toPayout(row: Row): PayoutRecord {
  return {
    id: row.id as string,
    provider: row.provider as string,
    amount: row.amount as string,
    currency: row.currency as string,
    reference: row.reference as string,
    phone: row.phone as string,
    status: row.status as PayoutRecord['status'],
    reason: optional(row.reason),
    providerStatus: optional(row.provider_status),
    referenceId: row.reference_id as string,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    version: row.version as number,
    nextPollAt: optional(row.next_poll_at),
    pollAttempts: row.poll_attempts as number,
  };
}

export function toPayoutEvent(row: Row): PayoutEvent {
  return {
    seq: seq(row.seq),
    payoutId: row.payout_id as string,
    at: row.at as string,
    source: row.source as PayoutEvent['source'],
    status: row.status as PayoutEvent['status'],
    reason: optional(row.reason),
    providerStatus: optional(row.provider_status),
  };
}
