import type { ProviderStatus } from '../types';
import type { QueryResponse } from './wire';

/**
 * A query's answer: its resultCode, and once paid MoMo's transId as the proof. A transId is a
 * Long; past 2^53 a JSON number no longer holds it exactly, and no id is better than a wrong one.
 */
export function mapQuery(order: Pick<QueryResponse, 'resultCode' | 'transId'>): ProviderStatus {
  const status = mapResultCode(order.resultCode ?? Number.NaN);
  const { transId } = order;
  if (status.status !== 'paid' || transId === undefined || !Number.isSafeInteger(transId) || transId <= 0) return status;
  return { ...status, payment: { transactionId: String(transId) } };
}

/**
 * The one place MoMo's resultCode (every code of its table, docs/providers.md, "MoMo Vietnam") becomes our
 * status and reason. Outcome rule: 0 is paid; the pending codes wait; anything else failed.
 */
export function mapResultCode(code: number): ProviderStatus {
  const raw = `resultCode:${code}`;
  switch (code) {
    case 0:
      return { status: 'paid', raw };
    case 1000: // initiated, waiting for the payer
    case 8000: // waiting for the payer to re-confirm
      return { status: 'pending', raw };
    case 7000: // being processed
    case 7002: // being processed by the payment instrument's provider
    case 9000: // authorized; captured automatically (autoCapture defaults to true)
      return { status: 'processing', raw };
    case 1001:
      return { status: 'failed', reason: 'insufficient_funds', raw };
    case 1004:
      return { status: 'failed', reason: 'payer_limit', raw };
    case 1005:
      return { status: 'expired', reason: 'expired', raw };
    case 1002: // refused by the issuer of the payment method
    case 1006: // the payer denied it
    case 1026: // promotion rules
    case 4100: // the payer failed to log in
      return { status: 'failed', reason: 'rejected', raw };
    case 1007: // inactive or nonexistent account
    case 4001: // account restricted
    case 4002: // account not verified by C06
      return { status: 'failed', reason: 'invalid_payer', raw };
    case 1003: // cancelled after authorization
    case 1017: // cancelled by the merchant
      return { status: 'cancelled', reason: 'cancelled', raw };
    case 98: // QR not generated
    case 99: // unknown error
    // Request-level codes (a query answers these about the request, not the payment) and
    // refund codes: never a payment's state; failed if one ever is.
    case 10:
    case 11:
    case 12:
    case 13:
    case 20:
    case 21:
    case 22:
    case 40:
    case 41:
    case 42:
    case 43:
    case 45:
    case 47:
    case 1080:
    case 1081:
    case 1088:
    case 2019:
      return { status: 'failed', reason: 'provider_error', raw };
    default:
      return { status: 'failed', reason: 'provider_error', raw };
  }
}

/** Answers that leave a request's outcome unknown (maintenance, unknown error): ask again, never assume. */
export const UNKNOWN_OUTCOME_CODES: ReadonlySet<number> = new Set([10, 99]);
