import { z } from 'zod';
import { STATUSES, type Instruction, type Session, type StatusUpdate, type WireTranslationGroup } from '../../contract';
import { Operators, PhoneExample, PushFee } from '../checkouts/schema';
import type { toMerchantCheckout, toMerchantCheckoutData } from '../checkouts/views';
import { PAYOUT_STATES, RESOLUTION_OUTCOMES, RESOLUTION_SOURCES, STATUS_SOURCES } from '../lifecycle/rules';
import { FAILURE_REASONS, PUSH_END_REASONS, QR_READERS } from '../../contract';
import type { toMerchantPayout, toMerchantPayoutData, toPayoutSummary } from '../payouts/views';

/**
 * What each route answers, as zod schemas: only the OpenAPI document uses them, and
 * test/server/openapi.test.ts checks real answers against it. Objects are strict, so that a
 * field a view adds without documenting it fails that test; the type checks at the bottom fail
 * to compile when a view's fields and these drift apart.
 */

const Timestamp = z.iso.datetime({ offset: true });
const Decimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/)
  .describe('A decimal string in major units, e.g. "1500" or "12.50".');
const Status = z.enum(STATUSES);
const Reason = z.enum(FAILURE_REASONS).describe('Why the checkout did not end paid; `outcome_unknown`: a person must look (resolve it).');
const Source = z.enum(STATUS_SOURCES);

export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/)
      .describe('Stable, SNAKE_CASE: branch on it.'),
    message: z.string().describe('For people: may change.'),
  }),
});

export const Resolution = z.strictObject({
  outcome: z.enum(RESOLUTION_OUTCOMES),
  note: z.string().optional(),
  source: z.enum(RESOLUTION_SOURCES).describe('operator: `POST /v1/checkouts/{id}/resolve`; provider: its late word.'),
  resolvedAt: Timestamp,
  providerTransactionId: z.string().optional(),
});

const PaymentLinkUrl = z
  .url()
  .describe('The hosted payment page, to send the payer by SMS, WhatsApp or email: `{base}/pay/{id}.{key}`. Anyone with it can pay: a capability, open as long as the checkout.');

export const CheckoutCreated = z.strictObject({
  id: z.string(),
  token: z.string().describe('The checkout token for `<momo-checkout token="…">`.'),
  status: Status,
  expiresAt: Timestamp,
  provider: z.string(),
  method: z.string(),
  amount: Decimal,
  currency: z.string(),
  reference: z.string(),
  url: PaymentLinkUrl,
  // Lazy: SessionView is declared further down.
  session: z
    .lazy(() => SessionView)
    .optional()
    .describe('What `GET /v1/session` answers, in the checkout’s language, once the instructions are ready: for `<momo-checkout token="…" session="…">`, which then needs no first read.'),
});

const ChargeView = z
  .strictObject({ amount: Decimal, fee: Decimal, total: Decimal.describe('amount + fee: what the payer is charged.'), currency: z.string() })
  .describe('What the payer pays in all once a provider fee applies to them (Dollr, fee bearer PAYER); from the push on.');
const PaymentProofView = z
  .strictObject({
    paidAt: Timestamp.describe('When the provider took the payment: its own time when it gives one, else when the backend learnt it.'),
    transactionId: z
      .string()
      .optional()
      .describe("The provider's transaction id (MTN financialTransactionId or invoiceId, MoMo transId, Mom Factura transaction or operation id, Dollr provider_transaction_id)."),
  })
  .describe('Proof of a paid checkout: written with the paid status, never changed.');

export const MerchantCheckoutData = z.strictObject({
  id: z.string(),
  provider: z.string(),
  method: z.string(),
  amount: Decimal,
  currency: z.string(),
  reference: z.string(),
  description: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  providerReference: z.string().optional(),
  status: Status,
  reason: Reason.optional(),
  receiptUrl: z.string().optional(),
  charge: ChargeView.optional(),
  payment: PaymentProofView.optional().describe('Once paid.'),
  expiresAt: Timestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  resolution: Resolution.optional().describe('Only on an `outcome_unknown` checkout that was resolved.'),
});

export const CheckoutEventView = z.strictObject({
  at: Timestamp,
  source: Source,
  status: Status,
  reason: Reason.optional(),
  providerStatus: z.string().optional().describe("The provider's own status string, raw."),
  resolution: Resolution.optional().describe('On the event that recorded a resolution; its status is the one the checkout already had.'),
});

export const MerchantCheckout = MerchantCheckoutData.extend({
  events: z.array(CheckoutEventView).describe('Every status change, oldest first.'),
});

export const CheckoutPage = z.strictObject({
  data: z.array(MerchantCheckoutData),
  nextCursor: z.string().nullable().describe('Pass as `cursor`, with the same filters, for the next (older) page; null on the last page.'),
});

const PushSentView = z
  .strictObject({
    to: z.string().describe('The number it went to, masked: "+256 77• ••• 456".'),
    at: Timestamp,
    liveUntil: Timestamp.optional().describe('Until when the provider keeps it on the phone, where it says (Multicaixa Express: 90 s).'),
    canResend: z.boolean().describe('It ended at the provider unpaid and the checkout is pending again: a new request (to this number or another) may go.'),
    endedAt: Timestamp.optional(),
    endReason: z.enum(PUSH_END_REASONS).optional().describe('`timeout`/`expired`: nobody approved it in time; `invalid_payer`: no wallet at that number.'),
  })
  .describe('The latest approval request sent to the payer’s phone: one at a time per checkout.');

const InstructionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('qr'),
    payload: z.string().optional(),
    image: z.string().optional(),
    expiresAt: z.string().optional(),
    scanWith: z.enum(QR_READERS).optional().describe('What reads the code: `camera` (a link or `tel:` URI), `app` (only the wallet app `appName`), `app-or-bank`.'),
    appName: z.string().optional().describe('The wallet app that reads the code, with `app` and `app-or-bank`.'),
  }),
  z.strictObject({ kind: z.literal('ussd'), code: z.string() }),
  z.strictObject({ kind: z.literal('deeplink'), url: z.string(), appName: z.string(), webUrl: z.string().optional() }),
  z.strictObject({ kind: z.literal('bank-reference'), entity: z.string(), reference: z.string(), amount: z.string(), dueDate: z.string() }),
  z.strictObject({
    kind: z.literal('push'),
    needsPhone: z.boolean(),
    phonePattern: z.string(),
    phoneExample: PhoneExample.optional(),
    phoneRules: z
      .strictObject({
        country: z.string(),
        callingCode: z.string(),
        nationalPrefix: z.string().optional(),
        lengths: z.array(z.int()),
        groups: z.array(z.int()),
      })
      .optional()
      .describe("How the checkout's country writes phone numbers: national forms are read and grouped as people write them."),
    operators: Operators.optional().describe('Names of the operators whose wallets this method reaches, or of the one Dollr found for the number given; the element phrases them ("MTN or Orange").'),
    prefill: PhoneExample.optional().describe('The payer.phone the merchant gave, international digits, while a number is asked for and when the method takes it: shown in the field, still editable.'),
    fee: PushFee.optional(),
    sent: PushSentView.optional(),
    approvalsCode: z.string().optional().describe('USSD code listing the approvals waiting on the payer’s phone.'),
  }),
  z.strictObject({ kind: z.literal('code'), code: z.string(), expiresAt: z.string().optional() }),
]);

const WireTextView = z.union([z.string(), z.tuple([z.string(), z.string()])]);
/** Recursive: registered as its own component (openapi/document.ts), so that it refers to itself by name. */
export const WireTranslationGroupView: z.ZodType<WireTranslationGroup> = z.lazy(() => z.record(z.string(), z.union([WireTextView, WireTranslationGroupView])));
const WireTranslationView = z
  .object({ $code: z.string().describe('BCP 47 tag of the translation, e.g. `fr`.') })
  .catchall(z.union([WireTextView, WireTranslationGroupView]))
  .describe(
    "The element's texts in the negotiated language (the `locale` parameter, the checkout's locale, then `Accept-Language`), absent for English: keys as the element's, each text a string with `{0}`, `{1}`… where its values go, or `[with, without]` when it reads differently without its value.",
  );

export const SessionView = z.strictObject({
  id: z.string(),
  merchant: z.string(),
  amount: Decimal,
  currency: z.string(),
  description: z.string().optional(),
  reference: z.string().optional().describe("The merchant's reference (an invoice number, a pupil's name and class), as stored."),
  items: z
    .array(z.strictObject({ name: z.string(), quantity: z.int(), unitAmount: Decimal }))
    .optional()
    .describe('What is paid for, as the merchant gave it.'),
  payerName: z.string().optional().describe("The payer's name as the merchant gave it (payer.name); nothing else of the payer's."),
  country: z.string().optional().describe('ISO 3166-1 alpha-2 country of the checkout.'),
  createdAt: Timestamp.optional().describe('When the checkout was created: a slip’s issue date.'),
  status: Status,
  reason: Reason.optional(),
  expiresAt: Timestamp,
  locale: z.string().optional(),
  charge: ChargeView.optional(),
  payment: PaymentProofView.optional().describe('Once paid.'),
  instructions: z.array(InstructionSchema).describe('How the payer pays; none once the checkout is final.'),
  qrCodes: z
    .record(z.string(), z.strictObject({ size: z.int().min(21).max(177), modules: z.string() }))
    .optional()
    .describe(
      'The QR codes the element draws, by the text they encode (each qr payload and deeplink url): error correction M, `size` modules a side, the modules row by row, one bit each (dark = 1, most significant bit first), base64.',
    ),
  translation: WireTranslationView.optional(),
});

export const StatusUpdateView = z.strictObject({
  status: Status,
  reason: Reason.optional(),
  updatedAt: Timestamp,
  receiptUrl: z.string().optional(),
  charge: ChargeView.optional(),
  payment: PaymentProofView.optional().describe('Once paid.'),
  sent: PushSentView.optional().describe('Push methods: the latest request to the payer’s phone, while the checkout is open.'),
});

const PayoutState = z.enum(PAYOUT_STATES);

export const PayoutSummary = z.strictObject({
  id: z.string(),
  status: PayoutState,
  reason: Reason.optional(),
  provider: z.string(),
  amount: Decimal,
  currency: z.string(),
  reference: z.string(),
  createdAt: Timestamp,
});

export const MerchantPayoutData = PayoutSummary.extend({
  phone: z.string(),
  providerReference: z.string().describe("The payout's id at the provider."),
  updatedAt: Timestamp,
});

export const MerchantPayout = MerchantPayoutData.extend({
  events: z.array(z.strictObject({ at: Timestamp, source: Source, status: PayoutState, reason: Reason.optional(), providerStatus: z.string().optional() })),
});

export const Health = z.strictObject({ ok: z.literal(true) });
export const CallbackReceived = z.strictObject({ received: z.literal(true) });

/** Compiles only when every entry is true: what each view returns is what its schema documents. */
type Fits<Actual, Documented> = [Actual] extends [Documented] ? true : false;
type AllTrue<T extends readonly true[]> = T;
export type ViewsMatchTheirSchemas = AllTrue<
  [
    Fits<ReturnType<typeof toMerchantCheckoutData>, z.output<typeof MerchantCheckoutData>>,
    Fits<ReturnType<typeof toMerchantCheckout>, z.output<typeof MerchantCheckout>>,
    Fits<Session, z.output<typeof SessionView>>,
    Fits<z.output<typeof SessionView>, Session>,
    Fits<StatusUpdate, z.output<typeof StatusUpdateView>>,
    Fits<z.output<typeof StatusUpdateView>, StatusUpdate>,
    Fits<Instruction, z.output<typeof InstructionSchema>>,
    Fits<ReturnType<typeof toPayoutSummary>, z.output<typeof PayoutSummary>>,
    // Payout events go through the checkouts' toEventView, typed with a checkout's status: their fields only.
    Fits<ReturnType<typeof toMerchantPayoutData>, z.output<typeof MerchantPayoutData>>,
    Fits<Omit<ReturnType<typeof toMerchantPayout>['events'][number], 'status' | 'resolution'>, Omit<z.output<typeof MerchantPayout>['events'][number], 'status'>>,
  ]
>;
