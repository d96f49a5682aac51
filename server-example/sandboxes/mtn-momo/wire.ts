/**
 * MTN MoMo Open API wire shapes (Invoice API, RequestToPay, CreatePayments) and their zod schemas.
 * Facts: docs/providers.md, "MTN MoMo"; choices where MTN is silent: ./README.md.
 */
import { z } from 'zod';

/** X-Target-Environment → the one currency MTN accepts there (sandbox is EUR-only). */
export const ENVIRONMENT_CURRENCY: Readonly<Record<string, string>> = {
  sandbox: 'EUR',
  mtnuganda: 'UGX',
  mtnghana: 'GHS',
  mtnzambia: 'ZMW',
  mtncameroon: 'XAF',
  mtncongo: 'XAF',
  mtnbenin: 'XOF',
  mtnivorycoast: 'XOF',
  mtnliberia: 'LRD',
  mtnswaziland: 'SZL',
  mtnguineaconakry: 'GNF',
  mtnsouthafrica: 'ZAR',
};

/** ISO 4217 minor units of the currencies above; bounds the decimals of `amount`. */
export const MINOR_UNITS: Readonly<Record<string, number>> = {
  EUR: 2,
  UGX: 0,
  GHS: 2,
  ZMW: 2,
  XAF: 0,
  XOF: 0,
  LRD: 2,
  SZL: 2,
  GNF: 0,
  ZAR: 2,
};

/** The error-code enum of seed 002, verbatim (note the dot in `TRANSACTION_CANCELED.`). */
export const MTN_REASON_CODES = [
  'PAYEE_NOT_FOUND',
  'PAYER_NOT_FOUND',
  'NOT_ALLOWED',
  'NOT_ALLOWED_TARGET_ENVIRONMENT',
  'INVALID_CALLBACK_URL_HOST',
  'INVALID_CURRENCY',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_PROCESSING_ERROR',
  'NOT_ENOUGH_FUNDS',
  'PAYER_LIMIT_REACHED',
  'PAYEE_NOT_ALLOWED_TO_RECEIVE',
  'PAYMENT_NOT_APPROVED',
  'RESOURCE_NOT_FOUND',
  'APPROVAL_REJECTED',
  'EXPIRED',
  'TRANSACTION_CANCELED.',
  'RESOURCE_ALREADY_EXIST',
  'TRANSACTION_NOT_COMPLETED',
  'TRANSACTION_NOT_FOUND',
  'INFORMATIONAL_SCOPE_INSTRUCTION',
  'MISSING_SCOPE_INSTRUCTION',
  'MORE_THAN_ONE_FINANCIAL_SCOPE_NOT_SUPPORTED',
  'UNSUPPORTED_SCOPE_COMBINATION',
  'CONSENT_MISMATCH',
  'UNSUPPORTED_SCOPE',
  'NOT_FOUND',
] as const;
export type MtnReasonCode = (typeof MTN_REASON_CODES)[number];

/** RequestToPay FAILED reasons MTN published (docs/providers.md, "MTN MoMo", "Status mapping") that the seed-002 enum lacks. */
export const RTP_REASON_CODES = [...MTN_REASON_CODES, 'COULD_NOT_PERFORM_TRANSACTION', 'SENDER_ACCOUNT_NOT_ACTIVE'] as const;
export type RtpReasonCode = (typeof RTP_REASON_CODES)[number];

/** Status of a request-to-pay or a payment. */
export type PushStatus = 'PENDING' | 'SUCCESSFUL' | 'FAILED';

export type InvoiceStatus = 'CREATED' | 'PENDING' | 'SUCCESSFUL' | 'FAILED';

export interface Party {
  partyIdType: 'MSISDN' | 'EMAIL' | 'PARTY_CODE';
  partyId: string;
}

export interface ErrorReason {
  code: MtnReasonCode;
  message: string;
}

/** Body of GET /collection/v2_0/invoice/{referenceId}, and of the callback PUT. */
export interface InvoiceStatusBody {
  referenceId: string;
  externalId: string;
  amount: string;
  currency: string;
  status: InvoiceStatus;
  paymentReference: string;
  invoiceId: string;
  expiryDateTime: string;
  payeeFirstName: string;
  payeeLastName: string;
  intendedPayer?: Party;
  description: string;
  errorReason?: ErrorReason;
}

/** errorReason.message per code; MTN publishes codes, not messages, so these are ours. */
const REASON_MESSAGES: Partial<Record<MtnReasonCode, string>> = {
  EXPIRED: 'Invoice expired before it was paid.',
  'TRANSACTION_CANCELED.': 'Invoice was cancelled.',
  APPROVAL_REJECTED: 'Payer rejected the payment.',
  NOT_ENOUGH_FUNDS: 'Payer has insufficient funds.',
  PAYER_LIMIT_REACHED: 'Payer limit reached.',
  PAYER_NOT_FOUND: 'Payer not found.',
  INTERNAL_PROCESSING_ERROR: 'An internal error occurred while processing.',
};

export function errorReason(code: MtnReasonCode): ErrorReason {
  return { code, message: REASON_MESSAGES[code] ?? `Payment failed: ${code}` };
}

/** MTN's X-Reference-Id is a UUID version 4. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

// Decimal string in major units; at most 15 integer digits so it never loses precision.
const AMOUNT = /^(0|[1-9]\d{0,14})(\.\d+)?$/;

const AmountSchema = z
  .string()
  .regex(AMOUNT, 'must be a decimal string such as "100" or "12.50"')
  .refine((a) => !/^[0.]+$/.test(a), 'must be positive');
const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code');
const Text = z.string().max(1_000);

const PartySchema = z.object({
  partyIdType: z.enum(['MSISDN', 'EMAIL', 'PARTY_CODE']),
  partyId: z.string().min(1).max(256),
});

export const CreateInvoiceSchema = z.object({
  externalId: z.string().min(1).max(256),
  amount: AmountSchema,
  currency: CurrencySchema,
  validityDuration: z.string().regex(/^[1-9]\d{0,8}$/, 'must be a string of whole seconds, at least "1"'),
  // Optional: an invoice anyone holding its paymentReference may pay (MTN's schema is unverified here).
  intendedPayer: PartySchema.optional(),
  payee: PartySchema,
  description: z.string().max(1_000).optional(),
});
export type CreateInvoiceBody = z.infer<typeof CreateInvoiceSchema>;

/** POST /collection/v1_0/requesttopay (docs/providers.md, "MTN MoMo"). An MSISDN payer is digits only. */
export const RequestToPaySchema = z.object({
  amount: AmountSchema,
  currency: CurrencySchema,
  // "not required to be unique"; MTN's schema lists it, so it must be present.
  externalId: z.string().max(256),
  payer: PartySchema.refine((p) => p.partyIdType !== 'MSISDN' || /^\d{5,15}$/.test(p.partyId), {
    message: 'an MSISDN is 5 to 15 digits, country code first, no "+"',
    path: ['partyId'],
  }),
  payerMessage: Text.optional(),
  payeeNote: Text.optional(),
});
export type RequestToPayBody = z.infer<typeof RequestToPaySchema>;

/** POST /collection/v2_0/payment (seed 002). The first four fields are required. */
export const CreatePaymentSchema = z.object({
  externalTransactionId: z.string().min(1).max(256),
  money: z.object({ amount: AmountSchema, currency: CurrencySchema }),
  customerReference: z.string().min(1).max(256),
  serviceProviderUserName: z.string().min(1).max(256),
  couponId: Text.optional(),
  productId: Text.optional(),
  productOfferingId: Text.optional(),
  receiverMessage: Text.optional(),
  senderNote: Text.optional(),
  maxNumberOfRetries: z.number().int().min(0).max(1_000).optional(),
  includeSenderCharges: z.boolean().optional(),
});
export type CreatePaymentBody = z.infer<typeof CreatePaymentSchema>;

/** Body of GET /collection/v1_0/requesttopay/{referenceId}, and of its callback PUT. No referenceId. */
export interface RequestToPayStatusBody {
  amount: string;
  currency: string;
  financialTransactionId?: string;
  externalId: string;
  payer: Party;
  payerMessage?: string;
  payeeNote?: string;
  status: PushStatus;
  reason?: RtpReasonCode;
}

/** Body of GET /collection/v2_0/payment/{referenceId}, and of its callback PUT. */
export interface PaymentStatusBody {
  referenceId: string;
  status: PushStatus;
  financialTransactionId?: string;
  reason?: MtnReasonCode;
}

export const CreateApiUserSchema = z.object({
  providerCallbackHost: z.string().min(1).max(253),
});

/** DELETE body per momo.rs; the whole body is optional (UNVERIFIED against MTN). */
export const CancelInvoiceSchema = z.object({ externalId: z.string().max(256).optional() });

/** Number of decimals written in a decimal string (`"12.50"` → 2). */
export function decimalsOf(amount: string): number {
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
}

/** One line naming the first few zod issues, e.g. `amount: must be positive`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}

/**
 * The request body as JSON: `{ ok: true, value }` (value undefined when the body is empty),
 * or `{ ok: false }` when it is not JSON. Never throws.
 */
export async function readJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false }> {
  let text: string;
  try {
    text = await request.text();
  } catch {
    return { ok: false };
  }
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
