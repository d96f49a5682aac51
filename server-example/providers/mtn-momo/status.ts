import type { ProviderStatus } from '../types';
import type { InvoiceStatusBody, PaymentStatusBody, RequestToPayStatusBody } from './wire';

/**
 * The one place MTN's failure codes become our reasons: every code of seed 002's enum and
 * every RequestToPay `reason` MTN published (docs/providers.md, "MTN MoMo", "Status mapping"), with an explicit default.
 */
export function mapFailure(code: string | undefined): Pick<ProviderStatus, 'status' | 'reason'> {
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
    case 'SENDER_ACCOUNT_NOT_ACTIVE': // a blocked payer
      return { status: 'failed', reason: 'invalid_payer' };
    case 'APPROVAL_REJECTED':
    case 'PAYMENT_NOT_APPROVED':
      return { status: 'failed', reason: 'rejected' };
    case 'COULD_NOT_PERFORM_TRANSACTION': // MTN: "payer did not enter the PIN"
    case 'TRANSACTION_NOT_COMPLETED':
      return { status: 'failed', reason: 'timeout' };
    // The merchant's side or MTN's, never the payer's: a retry with another number would not help.
    case 'INTERNAL_PROCESSING_ERROR': // MTN's catch-all ("predominantly insufficient funds", but not only)
    case 'SERVICE_UNAVAILABLE':
    case 'PAYEE_NOT_FOUND':
    case 'PAYEE_NOT_ALLOWED_TO_RECEIVE':
    case 'NOT_ALLOWED': // a blocked partner
    case 'NOT_ALLOWED_TARGET_ENVIRONMENT':
    case 'INVALID_CALLBACK_URL_HOST':
    case 'INVALID_CURRENCY':
    case 'RESOURCE_NOT_FOUND':
    case 'RESOURCE_ALREADY_EXIST':
    case 'TRANSACTION_NOT_FOUND':
    case 'NOT_FOUND':
    // Consent scopes (MTN's bc-authorize flow), meaningless for a payment but in the enum.
    case 'INFORMATIONAL_SCOPE_INSTRUCTION':
    case 'MISSING_SCOPE_INSTRUCTION':
    case 'MORE_THAN_ONE_FINANCIAL_SCOPE_NOT_SUPPORTED':
    case 'UNSUPPORTED_SCOPE_COMBINATION':
    case 'CONSENT_MISMATCH':
    case 'UNSUPPORTED_SCOPE':
      return { status: 'failed', reason: 'provider_error' };
    default:
      return { status: 'failed', reason: 'provider_error' };
  }
}

/** A paid status's proof: MTN's id of the payment, when it gives one (it gives no time). */
const proof = (transactionId: string | undefined): Pick<ProviderStatus, 'payment'> => (transactionId ? { payment: { transactionId } } : {});

/** The one place MTN invoice statuses become ours. */
export function mapInvoiceStatus(body: InvoiceStatusBody): ProviderStatus {
  switch (body.status) {
    case 'CREATED':
    case 'PENDING':
      return { status: 'pending', raw: body.status };
    case 'SUCCESSFUL':
      // Its status gives no transaction id; invoiceId is what MTN texts the payer about the invoice.
      return { status: 'paid', raw: body.status, ...proof(body.invoiceId) };
    case 'FAILED': {
      const code = body.errorReason?.code;
      return { ...mapFailure(code), raw: code ? `FAILED:${code}` : 'FAILED' };
    }
    default:
      // An undocumented status is never taken as an outcome: keep waiting and keep it for the log.
      return { status: 'pending', raw: `UNKNOWN:${String(body.status)}` };
  }
}

/** `reason` is a plain string now; older MTN answers (and some clients) give `{code, message}`. */
function reasonCode(reason: RequestToPayStatusBody['reason']): string | undefined {
  if (typeof reason === 'string') return reason || undefined;
  return reason?.code;
}

/**
 * The one place request-to-pay and payment statuses become ours. PENDING means the approval
 * request is on the payer's phone: the payer has acted, so `processing`.
 */
export function mapPushStatus(body: Pick<RequestToPayStatusBody | PaymentStatusBody, 'status' | 'reason' | 'financialTransactionId'>): ProviderStatus {
  switch (body.status) {
    case 'PENDING':
      return { status: 'processing', raw: body.status };
    case 'SUCCESSFUL':
      return { status: 'paid', raw: body.status, ...proof(body.financialTransactionId) };
    case 'FAILED': {
      const code = reasonCode(body.reason);
      return { ...mapFailure(code), raw: code ? `FAILED:${code}` : 'FAILED' };
    }
    default:
      return { status: 'processing', raw: `UNKNOWN:${String(body.status)}` };
  }
}
