import type { Logger } from 'pino';
import type { Charge, CheckoutStatus, FailureReason, Instruction } from '../../contract';
import type { z } from 'zod';
import type { CallPriority, CallSlots } from '../rate-limiter';
import type { CheckoutRecord } from '../store/types';

/** A provider's answer, normalised once at the edge: views and the store never see vendor strings. */
export interface ProviderStatus {
  status: CheckoutStatus;
  reason?: FailureReason;
  /** The provider's own words, e.g. `FAILED:APPROVAL_REJECTED`, kept for the event log. */
  raw: string;
  receiptUrl?: string;
  /**
   * With `paid`: the provider's proof, as far as it gives one — its transaction id, and when it
   * took the payment if it says (else the backend notes when it learnt it). Kept once, never changed.
   */
  payment?: { transactionId?: string; paidAt?: string };
  /** What the payer is charged in all, once a fee of the provider's applies to them (Dollr, fee bearer PAYER). */
  charge?: Charge;
  /**
   * Set by the backend, never an adapter: the push (`CheckoutRecord.push.id`) this word is about,
   * so that a word about an earlier push never moves a later one (lifecycle/rules.ts, decidePushWord).
   */
  aboutPush?: string;
}

export interface CreatePaymentInput {
  checkout: CheckoutRecord;
  /** The id of this create call, stored before it is sent (MTN: the X-Reference-Id). */
  referenceId: string;
  /** Where the provider should send its callback, when it sends any. */
  callbackUrl: string;
}

export interface CreatedPayment {
  /** The provider's id for the payment; absent while it waits for the payer's phone (push methods). */
  providerReference?: string;
  instructions: Instruction[];
  status: ProviderStatus;
  /**
   * Until when the payment can be paid, when the provider fixes it whatever we ask (a bank
   * reference's due date): the checkout then expires at this, not at its requested expiry.
   */
  expiresAt?: Date;
  /** The fee the payer was shown, per wallet method, with these instructions (Dollr): kept with the checkout. */
  shownFees?: Record<string, string>;
}

/**
 * What a create whose answer was lost (the process died mid-call) left at the provider, asked by
 * the reference id it was sent under: `made`, the payment, as the create would have answered it
 * (its instructions too); `none`, nothing, so the create may be sent again under that id;
 * `unknowable`, the provider knows what it made by its own id alone (Mom Factura's E-kwanza code,
 * its bank reference), which only the lost answer held: never found, never sent again.
 */
export type LostCreate = { state: 'made'; created: CreatedPayment } | { state: 'none' } | { state: 'unknowable' };

/**
 * What became of what an ended push left at the provider, once asked to withdraw it: withdrawn
 * (or nothing to withdraw), paid after all (its word, to apply), or still there (asked again later).
 */
export type EndedPushOutcome = { state: 'withdrawn' } | { state: 'paid'; status: ProviderStatus } | { state: 'open' };

/**
 * A push to the payer's phone. Where the provider lets the client choose the payment's id,
 * use `referenceId` (stored before the call), so a lost answer can be looked up by it.
 */
export interface PayInput extends CreatePaymentInput {
  /** The payer's phone number, digits only, matching the method's pattern. */
  phone: string;
  /** The fee the payer's page showed (decimal, major units), when it says: the payer agrees to that one. */
  shownFee?: string;
}

export type PayerAction = 'approve' | 'decline' | 'expire';

export interface CallbackRequest {
  rawBody: string;
  headers: Headers;
  query: URLSearchParams;
}

/**
 * Why a provider call did not succeed. `rejected`: the provider refused the request and
 * nothing was created. `unavailable`: the provider could not be reached or failed, and the
 * outcome could not be established.
 */
export class ProviderError extends Error {
  /** The provider confirmed it holds nothing for the call (asked after a lost or failed answer). */
  notSent = false;

  constructor(
    readonly kind: 'rejected' | 'unavailable',
    readonly providerCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  /** This error, known to have left nothing at the provider: the call may be made again. */
  confirmedNotSent(): this {
    this.notSent = true;
    return this;
  }
}

/**
 * A push not sent because what the payer was shown no longer holds (Dollr: the fee of the
 * operator their number turned out to belong to). `instructions` are what to show instead; the
 * payer who sends again agrees to them.
 */
export class FeeChangedError extends ProviderError {
  constructor(
    message: string,
    readonly instructions: Instruction[],
    /** The fee now shown, per wallet method: sending again with a number of that method agrees to it. */
    readonly shownFees: Record<string, string> = {},
  ) {
    super('rejected', 'FEE_CHANGED', message);
    this.name = 'FeeChangedError';
    this.notSent = true;
  }
}

/**
 * Phone numbers a provider takes, as digits in international form (country code first), after
 * the backend has read what was typed (server-example/phones). `byCountry` narrows them to one
 * country where a provider reaches several (Dollr: Liberia, Rwanda), so a checkout in one takes
 * no number of the other.
 */
export interface PhoneRule {
  pattern: RegExp;
  /** A number that fits `pattern`, digits only: shown to payers in the forms their country writes. */
  example: string;
  byCountry?: Readonly<Record<string, { pattern: RegExp; example: string }>>;
}

/** What a method takes, declared as data so requests are checked before any provider call. */
export interface MethodCapabilities {
  currencies: readonly string[];
  /**
   * The amounts the provider takes, as decimal strings in major units (MoMo VN: "1000"–"50000000"
   * VND), compared exactly at create: an amount outside them is refused before any provider call.
   */
  amount: { min: string; max: string };
  /** A push method: the payer gives a phone number matching this pattern (`POST /v1/session/pay`). */
  phone?: PhoneRule;
  /** The merchant must give the payer's phone (`payer.phone`) with the checkout, matching this. */
  payerPhone?: PhoneRule;
  /** The highest tax rate, in percent, an item may carry (Mom Factura's IVA: 0–14). */
  maxTaxRate?: number;
  /**
   * False when the provider cannot report on a payment once sent (Multicaixa Express has no
   * status query): `fetchStatus` saying nothing then means "cannot say", not "no such payment".
   */
  reportsStatus?: false;
  /**
   * Paid payments get a receipt link that may come after the payment itself (Mom Factura's
   * invoice, Dollr's receipt): a paid checkout without one is asked again, a few times.
   */
  receiptMayFollow?: boolean;
  /** The provider asks not to be asked about one payment more often than this (Mom Factura: a reference every 30 s). */
  minPollIntervalMs?: number;
  /** A push method: what the payer is told of a push once sent (contract PushSent), where the provider documents it. */
  push?: PushFacts;
  /**
   * The longest `expiresInSeconds` the method honours: what the provider lets a pay-later payment
   * stay payable (an MTN invoice's validity, a Mom Factura reference's due date). Asking more is
   * refused (422 EXPIRY_TOO_LONG). Undeclared: DEFAULT_MAX_EXPIRES_IN_SECONDS (7 days).
   */
  maxExpiresInSeconds?: number;
}

/** What a provider documents about its pushes to the payer's phone. */
export interface PushFacts {
  /** How long a push stays on the phone before it lapses at the provider (Multicaixa Express: 90 s). */
  liveForMs?: number;
  /** The USSD code that lists the approvals waiting on the payer's phone (MTN Uganda: *165#). */
  approvalsCode?: string;
}

/** How long a checkout may stay payable when its method declares no longer window: 7 days. */
export const DEFAULT_MAX_EXPIRES_IN_SECONDS = 7 * 24 * 3600;

/** A payout's state at the provider, normalised once at the edge. `processing` until it settles. */
export interface PayoutStatus {
  status: 'processing' | 'paid' | 'failed';
  reason?: FailureReason;
  /** The provider's own words, kept for the event log. */
  raw: string;
}

export interface PayoutRequest {
  /** The payout's id at the provider, stored before the call, so a lost answer can be looked up by it. */
  referenceId: string;
  /** The recipient's phone, digits only, matching `phone.pattern`. */
  phone: string;
  /** Decimal string in major units. */
  amount: string;
  currency: string;
  name?: string;
}

/**
 * Sending money to a wallet (`POST /v1/payouts`), declared as data like a method. `send` throws
 * ProviderError: `rejected` when the provider refused and nothing was sent; `unavailable` when
 * the outcome is unknown, which the caller then settles by asking `fetchStatus(referenceId)`.
 */
export interface PayoutCapability {
  currencies: readonly string[];
  phone: PhoneRule;
  send(input: PayoutRequest): Promise<PayoutStatus>;
  /** The provider's current word on a payout; undefined when it has no payout with this id. */
  fetchStatus(referenceId: string): Promise<PayoutStatus | undefined>;
}

/** One provider behind one interface; everything vendor-specific stays in its folder. */
export interface ProviderAdapter {
  readonly id: string;
  readonly methods: Readonly<Record<string, MethodCapabilities>>;
  /**
   * The country of a checkout in each currency the provider takes (ISO 4217 → ISO 3166-1
   * alpha-2): whose national phone forms payers type, and what the session tells the element.
   */
  readonly countries?: Readonly<Record<string, string>>;
  /** The name recorded with the reference id of a create call. */
  operationFor(method: string): string;
  create(input: CreatePaymentInput): Promise<CreatedPayment>;
  /**
   * What a create sent as `input` left at the provider when its answer was lost (a retry resumes
   * it). Absent: the provider is asked with `fetchStatus` by `input.referenceId`. Throws
   * ProviderError when the provider cannot say now.
   */
  findLostCreate?(input: CreatePaymentInput): Promise<LostCreate>;
  /** Push methods: sends the approval request to the payer's phone. */
  pay?(input: PayInput): Promise<CreatedPayment>;
  /**
   * The provider's current word on a checkout; undefined when it has no such payment. Where status
   * calls wait under a rate limit, a `payer` call (someone waits on it) goes before `routine` polls.
   */
  fetchStatus(checkout: CheckoutRecord, priority?: CallPriority): Promise<ProviderStatus | undefined>;
  /**
   * Which payment a callback is about (its providerReference). A callback only says "look
   * again": the backend confirms it with `fetchStatus` before acting. Signed callbacks are
   * verified here, on the raw body. Throws ProviderError('rejected') when malformed or forged.
   */
  callbackReference(request: CallbackRequest): string;
  /** The status the provider expects from our callback endpoint (MoMo VN: 204). Default 200. */
  readonly callbackStatus?: 200 | 204;
  /** Cancels a pending payment; `referenceId` is the id of this call, stored before it is sent. */
  cancel?(checkout: CheckoutRecord, referenceId: string): Promise<void>;
  /**
   * A push ended at the provider unpaid, yet what it made there stays payable (a Dollr invoice):
   * withdraws it, or says it was paid after all. Absent: an ended push leaves nothing payable.
   */
  withdrawEnded?(checkout: CheckoutRecord, endedReference: string): Promise<EndedPushOutcome>;
  /** Providers that can send money to a wallet. */
  readonly payouts?: PayoutCapability;
  /** Present while the adapter talks to our sandbox: act as the payer. */
  readonly sandbox?: { act(checkout: CheckoutRecord, action: PayerAction): Promise<void> };
}

/** What a provider module is given to make its adapter; `Settings` are its own variables, parsed by its schema. */
export interface ProviderContext<Settings = Readonly<Record<string, unknown>>> {
  settings: Settings;
  production: boolean;
  /**
   * `sandbox`: where the sandboxes are served (SANDBOX_URL, or this process), each at `{sandbox}/sandbox/{id}`.
   * `public`: how providers and browsers reach this backend.
   */
  urls: { sandbox: string; public: string };
  log: Logger;
  /** Status-call limits shared by every instance (MTN's per API user, Mom Factura's per key). */
  callSlots: CallSlots;
}

/**
 * A provider folder's entry point. `settings` declares its environment variables (defaults and
 * validation: a bad value is a startup error naming the variable); `secrets` names those whose
 * values never reach a log. `create` gives its adapter, talking to the real API when a base URL
 * is configured, else to its sandbox at `{urls.sandbox}/sandbox/{id}`.
 */
export interface ProviderModule<Schema extends z.ZodObject = z.ZodObject> {
  id: string;
  settings: Schema;
  secrets: readonly string[];
  create(context: ProviderContext<z.output<Schema>>): { adapter: ProviderAdapter; real: boolean };
}
