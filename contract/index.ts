/**
 * The wire contract between the element and the reference backend (docs/architecture.md,
 * "HTTP contract"): statuses, reasons, instructions, the session and its status updates.
 * Neither side owns it; both import it, so the two cannot drift apart.
 */

export const FINAL_STATUSES = ['paid', 'failed', 'expired', 'cancelled'] as const;
export const STATUSES = ['pending', 'processing', ...FINAL_STATUSES] as const;

export type CheckoutStatus = (typeof STATUSES)[number];
export type FinalStatus = (typeof FINAL_STATUSES)[number];

export function isFinalStatus(status: CheckoutStatus): status is FinalStatus {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

/** Why a checkout did not end `paid`, normalised from each provider's own codes (docs/status-model.md, "Reasons"). */
export const FAILURE_REASONS = [
  'insufficient_funds',
  'rejected',
  'timeout',
  'payer_limit',
  'invalid_payer',
  'expired',
  'cancelled',
  'provider_error',
  /** Expired after a payment request went out that the provider cannot report on: it may have been paid. */
  'outcome_unknown',
] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface QrInstruction {
  kind: 'qr';
  /** Text to encode; the element draws the QR code itself. */
  payload?: string;
  /** A ready image (data URI) from the provider, shown as-is. */
  image?: string;
  expiresAt?: string;
}

export interface UssdInstruction {
  kind: 'ussd';
  /** The full code to dial, e.g. `*165*3*REF*1#`. */
  code: string;
}

export interface DeeplinkInstruction {
  kind: 'deeplink';
  url: string;
  appName: string;
  webUrl?: string;
}

export interface BankReferenceInstruction {
  kind: 'bank-reference';
  entity: string;
  reference: string;
  amount: string;
  dueDate: string;
}

/** What the provider charges the payer on top of the checkout's amount (Dollr, fee bearer PAYER). */
export interface PushFee {
  /** Decimal string in major units, like the session's `amount`, e.g. "0.80" (USD) or "200" (RWF). */
  amount: string;
  /** ISO 4217; the checkout's currency. */
  currency: string;
  /** What the payer pays in all (the checkout's amount plus the fee), same currency and form. */
  payerAmount?: string;
}

export interface PushInstruction {
  kind: 'push';
  needsPhone: boolean;
  phonePattern: string;
  /** A number that fits `phonePattern`, digits only (e.g. "256772123456"): shown before the payer types. */
  phoneExample?: string;
  /** The operator of the payer's number (e.g. "MTN"), or the wallets of the market before it is known. */
  operatorHint?: string;
  fee?: PushFee;
}

export interface CodeInstruction {
  kind: 'code';
  code: string;
  expiresAt?: string;
}

export type Instruction = QrInstruction | UssdInstruction | DeeplinkInstruction | BankReferenceInstruction | PushInstruction | CodeInstruction;

export type InstructionKind = Instruction['kind'];

/** `GET /v1/session` */
export interface Session {
  id: string;
  merchant: string;
  /** Decimal string in major units, e.g. "1500" (UGX) or "12.50" (EUR). */
  amount: string;
  currency: string;
  description?: string;
  status: CheckoutStatus;
  reason?: FailureReason;
  expiresAt: string;
  locale?: string;
  instructions: Instruction[];
}

/** `GET /v1/session/status` and each SSE `status` event. */
export interface StatusUpdate {
  status: CheckoutStatus;
  reason?: FailureReason;
  updatedAt: string;
  receiptUrl?: string;
}

/** Every error body of the backend. */
export interface ApiErrorBody {
  error: { code: string; message: string };
  /**
   * On a read refused with `TOKEN_EXPIRED` (a genuine token, past the window in which the backend
   * may still settle the checkout) whose checkout is final: that final status, as the backend
   * settled it. Absent while the checkout is not final.
   */
  status?: StatusUpdate;
}
