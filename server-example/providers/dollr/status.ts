import { MINOR_UNITS } from '../../money';
import type { ProviderStatus } from '../types';
import type { ExecutionBody } from './wire';

/**
 * The failure code of a FAILED execution. Dollr documents `gateway_message` only as "status
 * message from the gateway"; we read the pawaPay-style code before a colon (README of the sandbox).
 */
export function failureCode(body: Pick<ExecutionBody, 'gateway_message'>): string | undefined {
  const match = /^\s*([A-Z][A-Z0-9_]+)\b/.exec(body.gateway_message ?? '');
  return match?.[1];
}

/** The one place a failure code becomes our status and reason, with an explicit default. */
export function mapFailure(code: string | undefined): Pick<ProviderStatus, 'status' | 'reason'> {
  switch (code) {
    case 'PAYMENT_NOT_APPROVED':
      return { status: 'failed', reason: 'rejected' };
    case 'INSUFFICIENT_BALANCE':
      return { status: 'failed', reason: 'insufficient_funds' };
    case 'PAYER_NOT_FOUND':
      return { status: 'failed', reason: 'invalid_payer' };
    case 'PAYER_LIMIT_REACHED':
      return { status: 'failed', reason: 'payer_limit' };
    case 'EXPIRED':
      return { status: 'expired', reason: 'expired' };
    case 'UNSPECIFIED_FAILURE':
      return { status: 'failed', reason: 'provider_error' };
    default:
      return { status: 'failed', reason: 'provider_error' };
  }
}

/**
 * The one place execution statuses become ours (PENDING → PROCESSING → COMPLETED | FAILED).
 * An execution exists only once the payer gave their phone, so PENDING is `processing` too;
 * PROCESSING may last minutes and is never taken as an outcome.
 */
export function mapExecution(body: Pick<ExecutionBody, 'status' | 'gateway_message'>): ProviderStatus {
  switch (body.status) {
    case 'PENDING':
    case 'PROCESSING':
      return { status: 'processing', raw: body.status };
    case 'COMPLETED':
      return { status: 'paid', raw: body.status };
    case 'FAILED': {
      const code = failureCode(body);
      return { ...mapFailure(code), raw: code ? `FAILED:${code}` : 'FAILED' };
    }
    default:
      // An undocumented status is never an outcome: keep waiting and keep it for the log.
      return { status: 'processing', raw: `UNKNOWN:${String(body.status)}` };
  }
}

/** A decimal string in minor units of `units` decimals ("25" → 2500n for USD). */
function minorOf(decimal: string, units: number): bigint {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return BigInt(whole) * 10n ** BigInt(units) + BigInt(fraction.padEnd(units, '0').slice(0, units) || '0');
}

function decimalOf(minor: bigint, units: number): string {
  if (units === 0) return minor.toString();
  const text = minor.toString().padStart(units + 1, '0');
  return `${text.slice(0, -units)}.${text.slice(-units)}`;
}

/**
 * What an execution says about the payer's money: what they are charged once Dollr adds its fee
 * on top (fee bearer PAYER: `payer_amount` above the checkout's amount, in its currency), and
 * once COMPLETED the pawaPay transaction id and, from the receipt when it came with it, when it was paid.
 */
export function executionProof(
  body: Pick<ExecutionBody, 'status' | 'payer_amount' | 'payer_currency' | 'provider_transaction_id'>,
  checkout: { amount: string; currency: string },
  paidAt?: string,
): Pick<ProviderStatus, 'charge' | 'payment'> {
  const units = MINOR_UNITS[checkout.currency] ?? 0;
  const payerAmount = body.payer_amount;
  // A float amount (Dollr's JSON numbers), read to the currency's minor unit.
  const total = body.payer_currency === checkout.currency && typeof payerAmount === 'number' && Number.isFinite(payerAmount) ? minorOf(payerAmount.toFixed(units), units) : undefined;
  const amount = minorOf(checkout.amount, units);
  const charge = total !== undefined && total > amount ? { amount: checkout.amount, fee: decimalOf(total - amount, units), total: decimalOf(total, units), currency: checkout.currency } : undefined;
  const transactionId = body.provider_transaction_id ?? undefined;
  const payment = body.status === 'COMPLETED' && (transactionId || paidAt) ? { ...(transactionId ? { transactionId } : {}), ...(paidAt ? { paidAt } : {}) } : undefined;
  return { ...(charge ? { charge } : {}), ...(payment ? { payment } : {}) };
}
