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
