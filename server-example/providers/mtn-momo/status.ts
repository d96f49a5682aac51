import type { FailureReason } from '../../../src/core/types';
import type { ProviderStatus } from '../types';
import type { InvoiceStatusBody } from './wire';

/** MTN's failure codes (seed 002 enum and the published RequestToPay reasons) in our words. */
function failure(code: string | undefined): Pick<ProviderStatus, 'status' | 'reason'> {
  switch (code) {
    case 'EXPIRED':
      return { status: 'expired', reason: 'expired' };
    case 'TRANSACTION_CANCELED.':
    case 'TRANSACTION_CANCELED':
      return { status: 'cancelled', reason: 'cancelled' };
    case 'NOT_ENOUGH_FUNDS':
      return { status: 'failed', reason: 'insufficient_funds' };
    case 'PAYER_LIMIT_REACHED':
      return { status: 'failed', reason: 'payer_limit' };
    case 'PAYER_NOT_FOUND':
    case 'SENDER_ACCOUNT_NOT_ACTIVE':
      return { status: 'failed', reason: 'invalid_payer' };
    case 'APPROVAL_REJECTED':
    case 'PAYMENT_NOT_APPROVED':
      return { status: 'failed', reason: 'rejected' };
    case 'COULD_NOT_PERFORM_TRANSACTION':
      return { status: 'failed', reason: 'timeout' };
    default:
      return { status: 'failed', reason: 'provider_error' satisfies FailureReason };
  }
}

/** The one place MTN invoice statuses become ours. */
export function mapInvoiceStatus(body: InvoiceStatusBody): ProviderStatus {
  switch (body.status) {
    case 'CREATED':
    case 'PENDING':
      return { status: 'pending', raw: body.status };
    case 'SUCCESSFUL':
      return { status: 'paid', raw: body.status };
    case 'FAILED': {
      const code = body.errorReason?.code;
      return { ...failure(code), raw: code ? `FAILED:${code}` : 'FAILED' };
    }
    default:
      // An undocumented status is never taken as an outcome: keep waiting and keep it for the log.
      return { status: 'pending', raw: `UNKNOWN:${String(body.status)}` };
  }
}
