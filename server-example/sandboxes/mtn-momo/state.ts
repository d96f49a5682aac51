/**
 * In-memory store of the sandbox: API users, access tokens, invoices and injected faults.
 * It owns the invoice lifecycle (CREATED → PENDING → SUCCESSFUL | FAILED) and expiry;
 * reaching a final state is reported once through `onFinal`, which sends callbacks.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { DueTimers } from '../common/due-timers';
import { DEFAULT_CALLBACK_FAULTS, type CallbackFaults } from '../common/faults';
import { CallLog } from './call-log';
import { PushStore, type PushStoreOptions } from './push-state';
import { errorReason, type ErrorReason, type InvoiceStatus, type InvoiceStatusBody, type MtnReasonCode, type Party } from './wire';

export const TOKEN_TTL_S = 3_600;
const PAYMENT_REFERENCE_DIGITS = 7;

export interface ApiUser {
  id: string;
  providerCallbackHost: string;
  apiKey?: string;
}

export interface AccessToken {
  apiUser: string;
  expiresAtMs: number;
}

/**
 * The next `count` collection calls answer `status` with `code` (default: the status's own code).
 * With `afterProcessing` the call takes effect first and only its answer is replaced (a lost answer).
 */
export interface FailNext {
  status: 400 | 500 | 503;
  count: number;
  code?: MtnReasonCode;
  afterProcessing?: boolean;
}

/** Injected on collection calls (`hangNext` too) and on callbacks. */
export type Faults = CallbackFaults<FailNext>;

export interface CallbackAttempt {
  url: string;
  atMs: number;
  /** HTTP status the target answered; absent when the PUT failed (see `error`). */
  status?: number;
  error?: string;
}

/** Callback bookkeeping shared by every resource that calls back (invoice, requesttopay, payment). */
export interface CallbackLog {
  sent: number;
  dropped: number;
  attempts: CallbackAttempt[];
}

/** Anything that PUTs its final body to an X-Callback-Url. */
export interface CallbackTarget {
  referenceId: string;
  callbackUrl?: string;
  callbacks: CallbackLog;
}

export interface InvoiceRecord extends Omit<NewInvoice, 'description'> {
  description: string;
  status: InvoiceStatus;
  errorReason?: ErrorReason;
  paymentReference: string;
  invoiceId: string;
  payeeFirstName: string;
  payeeLastName: string;
  createdAtMs: number;
  expiresAtMs: number;
  finalAtMs?: number;
  callbacks: CallbackLog;
}

export interface NewInvoice {
  referenceId: string;
  apiUser: string;
  targetEnvironment: string;
  externalId: string;
  amount: string;
  currency: string;
  validityDurationSeconds: number;
  intendedPayer?: Party;
  payee: Party;
  description?: string;
  callbackUrl?: string;
}

export type Outcome = { status: 'SUCCESSFUL' } | { status: 'FAILED'; reason: MtnReasonCode };

/**
 * Called once per resource when it becomes final, with the body to PUT (a snapshot of the
 * status GET); `extraCallbackUrl` is a cancel's own callback.
 */
export type OnFinal = (target: CallbackTarget, body: unknown, extraCallbackUrl?: string) => void;

export const isFinal = (status: InvoiceStatus): boolean => status === 'SUCCESSFUL' || status === 'FAILED';

export class SandboxState {
  readonly users = new Map<string, ApiUser>();
  readonly tokens = new Map<string, AccessToken>();
  readonly cancelReferenceIds = new Set<string>();
  faults: Faults = { ...DEFAULT_CALLBACK_FAULTS };

  /** Request-to-pay and payment resources (their own store, same clock and callbacks). */
  readonly pushes: PushStore;
  /** Every collection call answered (the control API's `/calls`). */
  readonly calls: CallLog;
  readonly #invoices = new Map<string, InvoiceRecord>();
  readonly #open = new Set<InvoiceRecord>();
  readonly #paymentReferences = new Set<string>();
  // Proactive expiry so the callback fires on time even if nobody polls.
  readonly #expiry: DueTimers<InvoiceRecord>;
  #invoiceSeq = 0;

  constructor(
    private readonly now: () => number,
    private readonly onFinal: OnFinal,
    pushOptions: PushStoreOptions = {},
  ) {
    this.pushes = new PushStore(now, onFinal, pushOptions);
    this.calls = new CallLog(now);
    this.#expiry = new DueTimers({ now, dueAtMs: (invoice) => (isFinal(invoice.status) ? undefined : invoice.expiresAtMs), fire: (invoice) => this.#expireIfDue(invoice) });
  }

  // ── API users and tokens ──────────────────────────────────────────────

  getUser(id: string): ApiUser | undefined {
    return this.users.get(id.toLowerCase());
  }

  /** False when the id is taken (MTN: 409 RESOURCE_ALREADY_EXIST). */
  createUser(id: string, providerCallbackHost: string): boolean {
    const key = id.toLowerCase();
    if (this.users.has(key)) return false;
    this.users.set(key, { id: key, providerCallbackHost });
    return true;
  }

  /** A new key replaces the previous one, as on MTN's portal. */
  createApiKey(user: ApiUser): string {
    user.apiKey = randomBytes(16).toString('hex');
    return user.apiKey;
  }

  issueToken(user: ApiUser): string {
    const nowMs = this.now();
    for (const [token, entry] of this.tokens) if (entry.expiresAtMs <= nowMs) this.tokens.delete(token);
    const expiresAtMs = nowMs + TOKEN_TTL_S * 1_000;
    // Shaped like MTN's tokens (a JWT with alg "R256"); clients must treat it as opaque.
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = [part({ typ: 'JWT', alg: 'R256' }), part({ clientId: user.id, expires: new Date(expiresAtMs).toISOString(), sessionId: randomUUID() }), randomBytes(48).toString('base64url')].join(
      '.',
    );
    this.tokens.set(token, { apiUser: user.id, expiresAtMs });
    return token;
  }

  checkToken(token: string): { apiUser: ApiUser } | 'invalid' | 'expired' {
    const entry = this.tokens.get(token);
    const user = entry && this.users.get(entry.apiUser);
    if (!entry || !user) return 'invalid';
    if (this.now() >= entry.expiresAtMs) return 'expired';
    return { apiUser: user };
  }

  // ── invoices ──────────────────────────────────────────────────────────

  hasInvoice(referenceId: string): boolean {
    return this.#invoices.has(referenceId.toLowerCase());
  }

  /** The invoice, expired first if its validity has lapsed by the sandbox clock. */
  getInvoice(referenceId: string): InvoiceRecord | undefined {
    const invoice = this.#invoices.get(referenceId.toLowerCase());
    if (invoice) this.#expireIfDue(invoice);
    return invoice;
  }

  /** Every invoice as it stands; the app sweeps lapsed ones before each request (index.ts). */
  listInvoices(): InvoiceRecord[] {
    return [...this.#invoices.values()];
  }

  createInvoice(input: NewInvoice): InvoiceRecord {
    const createdAtMs = this.now();
    this.#invoiceSeq += 1;
    const invoice: InvoiceRecord = {
      ...input,
      description: input.description ?? '',
      status: 'CREATED',
      paymentReference: this.#newPaymentReference(),
      invoiceId: String(1_000_000_000 + this.#invoiceSeq),
      payeeFirstName: 'MoMo',
      payeeLastName: 'Sandbox Merchant',
      createdAtMs,
      expiresAtMs: createdAtMs + input.validityDurationSeconds * 1_000,
      callbacks: { sent: 0, dropped: 0, attempts: [] },
    };
    this.#invoices.set(input.referenceId.toLowerCase(), invoice);
    this.#open.add(invoice);
    this.#expiry.arm(invoice);
    return invoice;
  }

  /** The payer opened the USSD prompt; not final, so no callback. */
  markPending(invoice: InvoiceRecord): boolean {
    this.#expireIfDue(invoice);
    if (isFinal(invoice.status)) return false;
    invoice.status = 'PENDING';
    return true;
  }

  /** Moves an open invoice to a final state; false (and no change) if it already was final. */
  settle(invoice: InvoiceRecord, outcome: Outcome, extraCallbackUrl?: string): boolean {
    if (outcome.status !== 'FAILED' || outcome.reason !== 'EXPIRED') this.#expireIfDue(invoice);
    if (isFinal(invoice.status)) return false;
    invoice.status = outcome.status;
    if (outcome.status === 'FAILED') invoice.errorReason = errorReason(outcome.reason);
    invoice.finalAtMs = this.now();
    this.#open.delete(invoice);
    this.#expiry.clear(invoice);
    this.onFinal(invoice, toStatusBody(invoice), extraCallbackUrl);
    return true;
  }

  /** Expires every open invoice whose validity has lapsed (an injected clock may have jumped), and moves pushes on. */
  sweep(): void {
    for (const invoice of [...this.#open]) this.#expireIfDue(invoice);
    this.pushes.sweep();
  }

  #expireIfDue(invoice: InvoiceRecord): void {
    if (!isFinal(invoice.status) && this.now() >= invoice.expiresAtMs) {
      this.settle(invoice, { status: 'FAILED', reason: 'EXPIRED' });
    }
  }

  #newPaymentReference(): string {
    const low = 10 ** (PAYMENT_REFERENCE_DIGITS - 1);
    let reference: string;
    do reference = String(randomInt(low, low * 10));
    while (this.#paymentReferences.has(reference));
    this.#paymentReferences.add(reference);
    return reference;
  }
}

/** MTN's GetInvoiceStatus body; also the callback body. */
export function toStatusBody(invoice: InvoiceRecord): InvoiceStatusBody {
  return {
    referenceId: invoice.referenceId,
    externalId: invoice.externalId,
    amount: invoice.amount,
    currency: invoice.currency,
    status: invoice.status,
    paymentReference: invoice.paymentReference,
    invoiceId: invoice.invoiceId,
    expiryDateTime: formatDateTime(invoice.expiresAtMs),
    payeeFirstName: invoice.payeeFirstName,
    payeeLastName: invoice.payeeLastName,
    ...(invoice.intendedPayer ? { intendedPayer: invoice.intendedPayer } : {}),
    description: invoice.description,
    ...(invoice.errorReason ? { errorReason: invoice.errorReason } : {}),
  };
}

/** UTC, second precision, explicit `Z` (MTN's docs say "YYYY-MM-DD:THH:mm:ss", sic). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
