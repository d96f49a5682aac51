/**
 * The sandbox's memory: Dollr's resources as its API returns them, and the lifecycle rules
 * of invoices (IDLE → ACTIVE → PROCESSING → PAID | CANCELED) and executions
 * (PENDING → PROCESSING → COMPLETED | FAILED). See docs/providers.md, "Dollr".
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { fromMinor, toMinor, type Method, type Prediction, type Provider } from './market';

export type InvoiceStatus = 'IDLE' | 'ACTIVE' | 'PROCESSING' | 'PAID' | 'CANCELED';
export type ExecutionStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED';
export type OperationType = 'COLLECTION' | 'PAYOUT';

/** Failure codes the sandbox puts before `:` in `gateway_message` (pawaPay's names; README). */
export const FAILURE_CODES = ['PAYMENT_NOT_APPROVED', 'INSUFFICIENT_BALANCE', 'PAYER_NOT_FOUND', 'PAYER_LIMIT_REACHED', 'EXPIRED', 'UNSPECIFIED_FAILURE'] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

const FAILURE_TEXT: Readonly<Record<FailureCode, string>> = {
  PAYMENT_NOT_APPROVED: 'The payer did not approve the payment.',
  INSUFFICIENT_BALANCE: 'The payer does not have enough funds.',
  PAYER_NOT_FOUND: 'The phone number is not a mobile money wallet.',
  PAYER_LIMIT_REACHED: 'The payer has reached a wallet limit.',
  EXPIRED: 'The payer did not act before the request timed out.',
  UNSPECIFIED_FAILURE: 'The operator could not complete the payment.',
};

export interface Party {
  id: number;
  fullname: string;
  phone: string;
  email: string | null;
  country_code: string | null;
  created_at: string;
  updated_at: string;
}
export interface Counterparty {
  id: number;
  relationship_type: string;
  party_id: number | null;
  created_at: string;
  updated_at: string;
}
export interface InvoiceItem {
  id: number;
  invoice_id: number;
  name: string;
  currency: string;
  qty: number;
  amount: number;
  created_at: string;
}
export interface Invoice {
  id: number;
  invoice_number: string;
  counterparty_id: number;
  currency: string;
  note: string;
  fee_bearer: string;
  as_payment_link: boolean;
  reference_id: string | null;
  due_date: string | null;
  status: InvoiceStatus;
  items: InvoiceItem[];
  created_at: string;
  updated_at: string;
  paid_at: string | null;
  /** Not on the wire: the execution that paid it. */
  paidBy?: string;
}
export interface PaymentAccount {
  id: number;
  account_name: string;
  provider: Provider;
  method: Method;
  party_id: number;
  country_code: string;
  operation_type: string;
  insensitive_account_number: string;
  created_at: string;
}
export interface Session {
  id: number;
  type: 'CHECKOUT' | 'PAYOUT';
  status: 'ACTIVE' | 'USED' | 'EXPIRED';
  amount: number;
  currency: string;
  expires_at: string;
  created_at: string;
  source_id?: number;
  source_type?: string;
  payout_account_id?: number;
  wallet_id?: number;
}
export interface Wallet {
  id: number;
  currency: string;
  balance: number;
  status: 'ACTIVE';
}

export interface Execution {
  reference_id: string;
  operation_type: OperationType;
  status: ExecutionStatus;
  session_id: number;
  payment_account_id: number;
  payer_amount: number;
  payer_currency: string;
  payee_amount: number;
  payee_currency: string;
  provider_transaction_id: string | null;
  gateway_message: string | null;
  wallet_message: string | null;
  /** Not on the wire: bookkeeping for assertions. */
  method: Method;
  provider: Provider;
  phone: string;
  fees: Prediction;
  createdAtMs: number;
  finalAtMs?: number;
  /** How many execute calls reached this reference_id (a replay answers, never moves money again). */
  executeCalls: number;
  statusReads: number;
}

export interface Faults {
  failNext?: { status: 429 | 500 | 502 | 503; count: number; path?: string };
  loseAnswer?: { count: number; path: string };
  /** The next `count` `/v1` calls (whose path contains `path`, when given) take effect, then answer only after `ms`. */
  hangNext?: { count: number; ms: number; path?: string };
  /** A paid invoice's receipt is not ready until this long after the payment (422 until then). */
  receiptDelayMs?: number;
}

export interface PayoutPasscode {
  phone: string;
  code: string;
}

export class SandboxState {
  readonly tokens = new Map<string, number>();
  tokensIssued = 0;
  readonly parties = new Map<number, Party>();
  readonly counterparties = new Map<number, Counterparty>();
  readonly invoices = new Map<number, Invoice>();
  readonly accounts = new Map<number, PaymentAccount>();
  readonly sessions = new Map<number, Session>();
  readonly executions = new Map<string, Execution>();
  readonly wallets: Wallet[];
  faults: Faults = {};
  private nextId = { party: 41, counterparty: 14, invoice: 100, item: 500, account: 17, session: 54, wallet: 1 };
  private readonly signingKey = randomBytes(32);

  constructor(
    readonly now: () => number,
    readonly options: { tokenLifetimeMinutes: number; sessionLifetimeMs: number; approvalWindowMs: number; walletBalance: number },
  ) {
    this.wallets = ['USD', 'LRD', 'RWF'].map((currency) => ({ id: this.nextId.wallet++, currency, balance: options.walletBalance, status: 'ACTIVE' as const }));
  }

  iso = () => new Date(this.now()).toISOString();

  id(kind: keyof SandboxState['nextId']): number {
    this.nextId[kind] += 1;
    return this.nextId[kind];
  }

  /** A JWT-shaped token (HS256 over our own key), as Dollr's `access_token` is. */
  issueToken(clientId: string): { access_token: string; expires_in: number } {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const issuedAt = Math.floor(this.now() / 1_000);
    const expiresIn = this.options.tokenLifetimeMinutes;
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: clientId, iat: issuedAt, exp: issuedAt + expiresIn * 60, jti: randomUUID() })}`;
    const token = `${unsigned}.${createHmac('sha256', this.signingKey).update(unsigned).digest('base64url')}`;
    this.tokens.set(token, this.now() + expiresIn * 60_000);
    this.tokensIssued += 1;
    return { access_token: token, expires_in: expiresIn };
  }

  tokenValid(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && this.now() < expiresAt;
  }

  invoiceTotal(invoice: Invoice): number {
    const minor = invoice.items.reduce((sum, item) => sum + item.qty * toMinor(item.amount, invoice.currency), 0);
    return fromMinor(minor, invoice.currency);
  }

  walletFor(currency: string): Wallet | undefined {
    return this.wallets.find((wallet) => wallet.currency === currency);
  }

  /** Moves executions on with the clock: PENDING is seen as PROCESSING; an unanswered push lapses. */
  sweep(): void {
    const now = this.now();
    for (const execution of this.executions.values()) {
      if (execution.status === 'PROCESSING' && execution.operation_type === 'COLLECTION' && now >= execution.createdAtMs + this.options.approvalWindowMs) {
        this.settle(execution, { status: 'FAILED', code: 'EXPIRED' });
      }
    }
    for (const session of this.sessions.values()) {
      if (session.status === 'ACTIVE' && Date.parse(session.expires_at) <= now) session.status = 'EXPIRED';
    }
  }

  /** Settles a PROCESSING (or PENDING) execution; false when it is final already. */
  settle(execution: Execution, outcome: { status: 'COMPLETED' } | { status: 'FAILED'; code: FailureCode }): boolean {
    if (execution.status === 'COMPLETED' || execution.status === 'FAILED') return false;
    execution.status = outcome.status;
    execution.finalAtMs = this.now();
    const invoice = this.invoiceOf(execution);
    if (outcome.status === 'COMPLETED') {
      execution.provider_transaction_id = `PP-${randomUUID().slice(0, 8).toUpperCase()}`;
      execution.gateway_message = 'COMPLETED';
      execution.wallet_message = execution.operation_type === 'COLLECTION' ? 'Wallet credited.' : 'Wallet debited.';
      if (execution.operation_type === 'COLLECTION') {
        const wallet = this.walletFor(execution.payee_currency);
        if (wallet) wallet.balance += execution.payee_amount;
      }
      if (invoice) {
        invoice.status = 'PAID';
        invoice.paid_at = this.iso();
        invoice.paidBy = execution.reference_id;
        invoice.updated_at = this.iso();
      }
    } else {
      execution.gateway_message = `${outcome.code}: ${FAILURE_TEXT[outcome.code]}`;
      // A failed payout gives the money back to the wallet it was taken from.
      if (execution.operation_type === 'PAYOUT') {
        const wallet = this.walletFor(execution.payer_currency);
        if (wallet) wallet.balance += execution.payer_amount;
      }
      // A failed attempt leaves the invoice payable again, through a new session.
      if (invoice && invoice.status === 'PROCESSING') {
        invoice.status = 'ACTIVE';
        invoice.updated_at = this.iso();
      }
    }
    return true;
  }

  invoiceOf(execution: Execution): Invoice | undefined {
    const session = this.sessions.get(execution.session_id);
    return session?.source_type === 'INVOICE' && session.source_id !== undefined ? this.invoices.get(session.source_id) : undefined;
  }

  /** ExecutionResponse (api/executions.md, glossary). */
  executionBody(execution: Execution) {
    return {
      reference_id: execution.reference_id,
      status: execution.status,
      operation_type: execution.operation_type,
      payer_amount: execution.payer_amount,
      payer_currency: execution.payer_currency,
      payee_amount: execution.payee_amount,
      payee_currency: execution.payee_currency,
      provider_transaction_id: execution.provider_transaction_id,
      requires_action: false,
      client_secret: null,
      gateway_message: execution.gateway_message,
      wallet_message: execution.wallet_message,
    };
  }

  invoiceBody(invoice: Invoice) {
    const { paidBy: _paidBy, ...wire } = invoice;
    return { ...wire, total_amount: this.invoiceTotal(invoice) };
  }
}
