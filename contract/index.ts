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
  /**
   * What reads the code and acts on it, so that its caption says so: `camera`, any phone's camera
   * (the code holds a link or a `tel:` URI); `app`, only the provider's wallet app (`appName`): a
   * camera would just show the text; `app-or-bank`, that app or a banking app (a bank QR standard).
   */
  scanWith?: QrReader;
  /** The wallet app that reads it (with `app` and `app-or-bank`), e.g. "MTN MoMo". */
  appName?: string;
}

export const QR_READERS = ['camera', 'app', 'app-or-bank'] as const;
export type QrReader = (typeof QR_READERS)[number];

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

/**
 * How the checkout's country writes phone numbers: the few rules the element needs to read what
 * payers type (national or international forms) and to group digits. The backend normalises
 * every number itself, with full metadata; these only mirror it.
 */
export interface PhoneRules {
  /** ISO 3166-1 alpha-2, e.g. "UG". */
  country: string;
  /** The country calling code, digits only, e.g. "256". */
  callingCode: string;
  /** The trunk prefix of national forms ("0" in Uganda); absent where the country has none. */
  nationalPrefix?: string;
  /** Lengths of the national significant number (without calling code or trunk prefix), e.g. [9]. */
  lengths: number[];
  /** How the country groups the national significant number, e.g. [3, 3, 3] → "772 123 456". */
  groups: number[];
}

/** What `PhoneRules.groups` means: `772123456` in [3, 3, 3] → "772 123 456"; digits past the groups make one more group. */
export function groupDigits(digits: string, groups: readonly number[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts.join(' ');
}

/**
 * How a push may end at the provider without being the checkout's outcome: nobody approved it in
 * time (`timeout`, `expired`), or no wallet answers at the number (`invalid_payer`). The checkout
 * is then payable again while it has not expired (docs/status-model.md, "Push attempts").
 */
export const PUSH_END_REASONS = ['timeout', 'expired', 'invalid_payer'] as const satisfies readonly FailureReason[];

export type PushEndReason = (typeof PUSH_END_REASONS)[number];

export function isPushEndReason(reason: string | undefined): reason is PushEndReason {
  return (PUSH_END_REASONS as readonly (string | undefined)[]).includes(reason);
}

/** The latest approval request sent to the payer's phone, as the session tells it (also after a reload). */
export interface PushSent {
  /** Where it went, masked: e.g. "+256 77• ••• 456". */
  to: string;
  /** When it was sent (ISO 8601). */
  at: string;
  /** Until when the provider keeps it live on the phone, when the provider says: no other request goes before it ended. */
  liveUntil?: string;
  /**
   * A new request (again, or to another number) may go now: this one ended at the provider unpaid
   * and the checkout is payable again (`status` back to `pending`). False while it is live, or when
   * nobody can say whether it still is (its answer was lost).
   */
  canResend: boolean;
  /** When the provider said it ended unpaid, once it has. */
  endedAt?: string;
  /** Why it ended: `timeout` or `expired` (nobody approved it in time), `invalid_payer` (no wallet answers at that number). */
  endReason?: PushEndReason;
}

export interface PushInstruction {
  kind: 'push';
  needsPhone: boolean;
  /** International form, digits only, as the backend takes it after normalising. */
  phonePattern: string;
  /** A number that fits `phonePattern`, digits only (e.g. "256772123456"): shown before the payer types. */
  phoneExample?: string;
  /** The country's numbering rules, so national forms ("0772 123 456") are read and grouped as people write them. */
  phoneRules?: PhoneRules;
  /** Names of the operators whose wallets this method reaches, or of the operator of the number given, e.g. ["MTN", "Orange"]; the element phrases them. */
  operators?: string[];
  /** The number the merchant gave for the payer (`payer.phone`), international digits: prefilled, still editable. */
  prefill?: string;
  fee?: PushFee;
  /** Once a request went to the payer's phone. */
  sent?: PushSent;
  /** A USSD code that lists the approvals waiting on the payer's phone (MTN), for "didn't get it?". */
  approvalsCode?: string;
}

export interface CodeInstruction {
  kind: 'code';
  code: string;
  expiresAt?: string;
}

export type Instruction = QrInstruction | UssdInstruction | DeeplinkInstruction | BankReferenceInstruction | PushInstruction | CodeInstruction;

export type InstructionKind = Instruction['kind'];

/** One line of what is paid for (school fees: tuition, uniform…), as the merchant gave it. */
export interface SessionItem {
  name: string;
  quantity: number;
  /** Decimal string in major units, the checkout's currency. */
  unitAmount: string;
}

/** What the payer pays in all once a provider fee applies to them (Dollr, fee bearer PAYER). */
export interface Charge {
  /** The checkout's amount. */
  amount: string;
  fee: string;
  /** amount + fee: what the payer is charged. */
  total: string;
  currency: string;
}

/** Proof of a paid checkout, for the paid panel and its printed receipt. */
export interface PaymentProof {
  /** When the provider took the payment (ISO 8601). */
  paidAt: string;
  /** The provider's transaction id, as the payer's own statement shows it, when the provider gives one. */
  transactionId?: string;
}

/** `GET /v1/session` */
export interface Session {
  id: string;
  merchant: string;
  /** Decimal string in major units, e.g. "1500" (UGX) or "12.50" (EUR). */
  amount: string;
  currency: string;
  description?: string;
  /** The merchant's reference (an invoice number, "Ana Silva P5"): shown to the payer and on slip and receipt. */
  reference?: string;
  items?: SessionItem[];
  /** The payer's name as the merchant gave it (a parent paying school fees). */
  payerName?: string;
  /** ISO 3166-1 alpha-2 country of the checkout (from provider, currency and target environment). */
  country?: string;
  /** When the checkout was created: a slip's issue date. */
  createdAt?: string;
  status: CheckoutStatus;
  reason?: FailureReason;
  expiresAt: string;
  locale?: string;
  /** Once a fee applies to the payer: what they pay in all. */
  charge?: Charge;
  /** Once paid. */
  payment?: PaymentProof;
  instructions: Instruction[];
  /**
   * The QR codes the element may draw, by the text they encode: each `qr` instruction's `payload`
   * and each deeplink's `url` (drawn on desktops). The backend encodes them, so the element carries
   * no QR encoder; a text without one here is shown without its code.
   */
  qrCodes?: Record<string, QrMatrix>;
  /**
   * The element's texts in the checkout's language, when that is not English (built in): a
   * translation in its wire form (`src/i18n/wire.ts`), negotiated from the `locale` query
   * parameter, the checkout's locale and the request's `Accept-Language`.
   */
  translation?: WireTranslation;
}

/** A QR code (error correction M): `size` modules a side; `modules`, its modules row by row, one bit each (dark = 1, most significant bit first), base64. */
export interface QrMatrix {
  size: number;
  modules: string;
}

/**
 * A translation as JSON: the shape of the element's `Translation`, each text a string, and each
 * text that takes values a string with `{0}`, `{1}`… where they go (or, when it reads differently
 * without its value, `[with, without]`).
 */
export type WireTranslation = { $code: string } & { [key: string]: WireText | WireTranslationGroup };
export type WireText = string | [string, string];
export interface WireTranslationGroup {
  [key: string]: WireText | WireTranslationGroup;
}

/** `GET /v1/session/status` and each SSE `status` event. */
export interface StatusUpdate {
  status: CheckoutStatus;
  reason?: FailureReason;
  updatedAt: string;
  receiptUrl?: string;
  /**
   * On every update while a fee applies to the payer (it becomes known with the push); absent
   * once none does (the push it came with ended unpaid, and the next one brings its own).
   */
  charge?: Charge;
  /** Once paid. */
  payment?: PaymentProof;
  /** Push methods, once a request went to the payer's phone: its state, as on the session's push instruction. */
  sent?: PushSent;
}

/** Every error body of the backend. */
export interface ApiErrorBody {
  error: { code: string; message: string };
  /**
   * On a read refused with `TOKEN_EXPIRED` (a genuine token, past the window in which the backend
   * may still settle the checkout) whose checkout is final: that final status, as the backend
   * settled it. Absent while the checkout is not final. Also on `POST /v1/session/pay` refused
   * with `PUSH_LIVE` (409) or `PROVIDER_UNAVAILABLE` (502): the status as it stands, whose `sent`
   * says whether a request may be on the payer's phone.
   */
  status?: StatusUpdate;
}
