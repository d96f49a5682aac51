/**
 * In-memory store of the sandbox: API keys and their webhook URLs, rate-limit windows,
 * payments and injected faults. It owns the payment lifecycle:
 * - MCX: pending while the push waits on the payer's phone → paid | failed (one HTTP answer).
 * - E-kwanza and Reference: pending (order OPEN) → paid | expired | failed | error (webhooks).
 * Reaching a final state is reported once through `onFinal`.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { DueTimers } from '../common/due-timers';
import { DEFAULT_CALLBACK_FAULTS, type CallbackFaults } from '../common/faults';
import type { Customer, Method, Product, SimulateResult } from './wire';

export type PaymentState = 'pending' | 'paid' | 'expired' | 'failed' | 'error';
/** How an MCX push ended when it was not paid (keys of MCX_FAILURES). */
export type McxFailure = Exclude<SimulateResult, 'success'>;

export type Outcome = { state: 'paid' } | { state: 'expired' } | { state: 'failed'; mcxFailure?: McxFailure } | { state: 'error' };

/** The next `count` API calls answer `status`; with `afterProcessing` the call takes effect first (a lost answer). */
export interface FailNext {
  status: 500 | 503;
  count: number;
  afterProcessing?: boolean;
}

/**
 * Injected on API calls (`hangNext` too) and on webhooks. `invoiceDelayMs`: the invoice PDF of a
 * paid E-kwanza or Reference payment is made this long after the payment, so status answers lack
 * `invoiceUrl` and `invoice.created` follows `payment.confirmed` only then.
 */
export type Faults = CallbackFaults<FailNext> & { invoiceDelayMs?: number };

export interface ApiKeyConfig {
  key: string;
  /** The merchant behind the key; a key without one answers MISSING_RESTAURANT_ID. Default: "sandbox-restaurant". */
  restaurantId?: string | null;
  /** An inactive key answers INVALID_API_KEY. Default true. */
  active?: boolean;
  /** Registered origins (host names) for browser calls. Default ["localhost", "127.0.0.1"]. */
  domains?: string[];
  /** The webhook URL set in the dashboard ("Desenvolvedores"); also settable by `PUT /control/webhooks`. */
  webhookUrl?: string;
}

export interface WebhookAttempt {
  url: string;
  atMs: number;
  event?: string;
  operationStatus: string;
  status?: number;
  error?: string;
}

export interface PaymentRecord {
  method: Method;
  /** Mom Factura's order/transaction id (MCX answers it; it names the invoice). */
  transactionId: string;
  apiKey: string;
  restaurantId: string;
  amount: number;
  feeAmount: number;
  products: Product[];
  customer?: Customer;
  phoneNumber?: string;
  instantWithdraw: boolean;
  qa: boolean;
  /** Where this payment's invoice PDF will be served (`{invoiceBase}/{transactionId}.pdf`). */
  invoiceBase: string;
  /** Adapter-supplied `x-sandbox-checkout` (MCX only): lets the payer find a push that has not answered yet. */
  sandboxTag?: string;
  // E-kwanza
  code?: string;
  operationCode?: string;
  ekwanzaTransactionId?: string;
  qrCode?: string;
  // Reference
  operationId?: string;
  referenceNumber?: string;
  entity?: string;
  dueDate?: string;
  state: PaymentState;
  mcxFailure?: McxFailure;
  invoiceNumber?: string;
  invoiceUrl?: string;
  createdAtMs: number;
  /** E-kwanza: expirationDate; Reference: end of dueDate (Luanda, UTC+1); MCX: the push timeout. */
  expiresAtMs: number;
  finalAtMs?: number;
  webhooks: { sent: number; dropped: number; attempts: WebhookAttempt[] };
}

export type NewPayment = Omit<PaymentRecord, 'transactionId' | 'state' | 'createdAtMs' | 'expiresAtMs' | 'finalAtMs' | 'webhooks' | 'feeAmount' | 'invoiceNumber' | 'invoiceUrl'> & {
  validityMs: number;
};

export const isFinal = (state: PaymentState): boolean => state !== 'pending';

const MINUTE_MS = 60_000;
const FEE_RATE = 0.02;

export interface StateOptions {
  now: () => number;
  keys: ApiKeyConfig[];
  requestsPerMinute: number;
  paymentsPerMinute: number;
  onFinal: (payment: PaymentRecord) => void;
  /** An invoice made after its payment (`invoiceDelayMs`): its `invoice.created` is due now. */
  onLateInvoice: (payment: PaymentRecord) => void;
}

export class SandboxState {
  faults: Faults = { ...DEFAULT_CALLBACK_FAULTS };
  readonly keys = new Map<string, ApiKeyConfig>();
  /** Requests and payment requests a minute per key; `PUT /control/limits` changes them. */
  limits: { requestsPerMinute: number; paymentsPerMinute: number };

  readonly #payments = new Map<string, PaymentRecord>();
  /** Every id a payment is known by (transactionId, code, operationId, sandbox tag) → payment. */
  readonly #byId = new Map<string, PaymentRecord>();
  readonly #open = new Set<PaymentRecord>();
  readonly #settled = new Map<PaymentRecord, Array<() => void>>();
  readonly #arrivals = new Map<string, Array<(payment: PaymentRecord) => void>>();
  readonly #windows = new Map<string, number[]>();
  readonly #numbers = new Set<string>();
  #invoiceSeq = 0;

  // Proactive expiry so the webhook fires (and a held MCX call answers) on time with nobody polling.
  readonly #expiry: DueTimers<PaymentRecord>;

  constructor(private readonly options: StateOptions) {
    for (const key of options.keys) this.keys.set(key.key, { ...key });
    this.limits = { requestsPerMinute: options.requestsPerMinute, paymentsPerMinute: options.paymentsPerMinute };
    this.#expiry = new DueTimers({
      now: () => this.now(),
      dueAtMs: (payment) => (isFinal(payment.state) ? undefined : payment.expiresAtMs),
      fire: (payment) => this.#expireIfDue(payment),
    });
  }

  now(): number {
    return this.options.now();
  }

  // ── rate limits (sliding one-minute windows per API key) ──────────────

  /** Counts one request against `kind`'s window; false when the limit is already reached (not counted). */
  take(apiKey: string, kind: 'request' | 'payment'): boolean {
    const limit = kind === 'request' ? this.limits.requestsPerMinute : this.limits.paymentsPerMinute;
    const id = `${kind}:${apiKey}`;
    const since = this.now() - MINUTE_MS;
    const window = (this.#windows.get(id) ?? []).filter((at) => at > since);
    const allowed = window.length < limit;
    if (allowed) window.push(this.now());
    this.#windows.set(id, window);
    return allowed;
  }

  // ── payments ──────────────────────────────────────────────────────────

  create(input: NewPayment): PaymentRecord {
    const createdAtMs = this.now();
    const { validityMs, ...fields } = input;
    const payment: PaymentRecord = {
      ...fields,
      transactionId: randomBytes(12).toString('hex'),
      feeAmount: Math.round(input.amount * FEE_RATE * 100) / 100,
      state: 'pending',
      createdAtMs,
      expiresAtMs: createdAtMs + validityMs,
      webhooks: { sent: 0, dropped: 0, attempts: [] },
    };
    this.#payments.set(payment.transactionId, payment);
    this.#open.add(payment);
    for (const id of [payment.transactionId, payment.code, payment.operationId, payment.sandboxTag]) {
      if (!id) continue;
      this.#byId.set(id, payment);
      const waiting = this.#arrivals.get(id);
      this.#arrivals.delete(id);
      waiting?.forEach((resolve) => {
        resolve(payment);
      });
    }
    this.#expiry.arm(payment);
    return payment;
  }

  /** By transactionId, E-kwanza code, Reference operationId or MCX sandbox tag; expired first if due. */
  get(id: string): PaymentRecord | undefined {
    const payment = this.#byId.get(id);
    if (payment) this.#expireIfDue(payment);
    return payment;
  }

  /**
   * Like `get`, but waits up to `waitMs` for a payment that has not arrived yet (an MCX push still
   * on its way). A checkout's tag whose push has ended may be sent a new push (a resend after a
   * timeout): that one is waited for too, and the ended one answered only if none comes.
   */
  async await(id: string, waitMs: number): Promise<PaymentRecord | undefined> {
    const found = this.get(id);
    const mayBeResent = found?.sandboxTag === id && isFinal(found.state);
    if ((found && !mayBeResent) || waitMs <= 0) return found;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const list = this.#arrivals.get(id)?.filter((entry) => entry !== onArrival);
        if (list?.length) this.#arrivals.set(id, list);
        else this.#arrivals.delete(id);
        resolve(found);
      }, waitMs);
      const onArrival = (payment: PaymentRecord) => {
        clearTimeout(timer);
        resolve(payment);
      };
      this.#arrivals.set(id, [...(this.#arrivals.get(id) ?? []), onArrival]);
    });
  }

  /** Every payment as it stands; the app sweeps lapsed ones before each request (index.ts). */
  list(): PaymentRecord[] {
    return [...this.#payments.values()];
  }

  /** Resolves once the payment is final (an MCX call holds its answer on this). */
  settled(payment: PaymentRecord): Promise<void> {
    if (isFinal(payment.state)) return Promise.resolve();
    return new Promise((resolve) => this.#settled.set(payment, [...(this.#settled.get(payment) ?? []), resolve]));
  }

  /** Moves an open payment to a final state; false (and no change) when it already was final. */
  settle(payment: PaymentRecord, outcome: Outcome): boolean {
    if (outcome.state !== 'expired') this.#expireIfDue(payment);
    if (isFinal(payment.state)) return false;
    payment.state = outcome.state;
    if (outcome.state === 'failed' && outcome.mcxFailure) payment.mcxFailure = outcome.mcxFailure;
    if (outcome.state === 'expired' && payment.method === 'mcx') payment.mcxFailure = 'timeout';
    // The invoice exists as soon as the order is PAID (status answers "paid" carry invoiceUrl),
    // unless a fault delays it; MCX answers with it, so it is never delayed.
    const invoiceDelayMs = outcome.state === 'paid' && payment.method !== 'mcx' ? (this.faults.invoiceDelayMs ?? 0) : 0;
    if (outcome.state === 'paid' && invoiceDelayMs === 0) this.#issueInvoice(payment);
    payment.finalAtMs = this.now();
    this.#open.delete(payment);
    this.#expiry.clear(payment);
    const waiting = this.#settled.get(payment);
    this.#settled.delete(payment);
    waiting?.forEach((resolve) => {
      resolve();
    });
    this.options.onFinal(payment);
    if (invoiceDelayMs > 0) {
      setTimeout(() => {
        this.#issueInvoice(payment);
        this.options.onLateInvoice(payment);
      }, invoiceDelayMs).unref();
    }
    return true;
  }

  /** The Factura-Recibo of a paid payment, behind `invoiceUrl`. */
  #issueInvoice(payment: PaymentRecord): void {
    this.#invoiceSeq += 1;
    payment.invoiceNumber = `FR MF${new Date(this.now()).getUTCFullYear()}/${this.#invoiceSeq}`;
    payment.invoiceUrl = `${payment.invoiceBase}/${payment.transactionId}.pdf`;
  }

  /** Expires every open payment whose validity lapsed (an injected clock may have jumped). */
  sweep(): void {
    for (const payment of [...this.#open]) this.#expireIfDue(payment);
  }

  #expireIfDue(payment: PaymentRecord): void {
    if (!isFinal(payment.state) && this.now() >= payment.expiresAtMs) this.settle(payment, { state: 'expired' });
  }

  // ── identifiers ───────────────────────────────────────────────────────

  /** A unique string of `digits` digits, optionally prefixed. */
  newNumber(prefix: string, digits: number): string {
    let value: string;
    do value = `${prefix}${String(randomInt(0, 10 ** digits)).padStart(digits, '0')}`;
    while (this.#numbers.has(value));
    this.#numbers.add(value);
    return value;
  }

  newOperationId(): string {
    return `op-${randomUUID()}`;
  }
}
