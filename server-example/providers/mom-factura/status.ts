import type { ProviderStatus } from '../types';

/**
 * The one place Mom Factura's words become ours. `raw` is one of:
 * - a status-endpoint word (`paid`, `pending`, …; the docs name only these two),
 * - a webhook operationStatus (`op:1`, `op:3`, `op:4`, `op:5`),
 * - an MCX answer (`mcx:SUCCESS`, or `mcx:<code>` of its failure body).
 * A paid one carries its invoice (the receipt) and Mom Factura's id of the payment, when known.
 */
export function mapMomFacturaStatus(raw: string, invoiceUrl?: string, transactionId?: string): ProviderStatus {
  const receipt = invoiceUrl ? { receiptUrl: invoiceUrl } : {};
  const proof = transactionId ? { payment: { transactionId } } : {};
  switch (raw.toLowerCase()) {
    case 'paid':
    case 'op:1':
    case 'mcx:success':
      return { status: 'paid', raw, ...receipt, ...proof };
    case 'pending':
    case 'open':
      return { status: 'pending', raw };
    case 'expired':
    case 'cancelled':
    case 'op:3':
    // Ours: E-kwanza or a reference still "pending" well past its expirationDate or dueDate (nobody can pay it any more).
    case 'lapsed':
    // MCX: the payer let the push lapse ("Recusado pelo processador. Poderá ser TIMEOUT").
    case 'mcx:payment_timeout':
      return { status: 'expired', reason: 'expired', raw };
    case 'failed':
    case 'refused':
    case 'op:4':
    case 'mcx:payment_rejected':
      return { status: 'failed', reason: 'rejected', raw };
    case 'mcx:insufficient_balance':
      return { status: 'failed', reason: 'insufficient_funds', raw };
    case 'mcx:invalid_number':
      return { status: 'failed', reason: 'invalid_payer', raw };
    case 'error':
    case 'op:5':
      return { status: 'failed', reason: 'provider_error', raw };
    default:
      // Never take an unknown word as an outcome of a deferred payment: keep waiting, keep it for the log.
      if (raw.toLowerCase().startsWith('mcx:')) return { status: 'failed', reason: 'provider_error', raw };
      return { status: 'pending', raw: `UNKNOWN:${raw}` };
  }
}

/**
 * The failure code of an MCX answer whose body names none: Mom Factura's own SDK tests show
 * 402 "Saldo Insuficiente", 403 "Recusado pelo cliente.", 504 "Recusado pelo processador…".
 */
export function mcxFailureCode(httpStatus: number, code: string | undefined): string {
  if (code) return code;
  switch (httpStatus) {
    case 402:
      return 'INSUFFICIENT_BALANCE';
    case 403:
      return 'PAYMENT_REJECTED';
    case 504:
      return 'PAYMENT_TIMEOUT';
    default:
      return `HTTP_${httpStatus}`;
  }
}
