/**
 * Request-to-pay and payment resources: a push to the payer's phone. In target environment
 * `sandbox` it behaves as MTN's own: the test numbers (docs/providers.md, "MTN MoMo") give their
 * outcomes and any other number succeeds on its own. In the others (`mtnuganda`…, which the demo
 * uses) it is PENDING until the payer (the control API) or the approval window settles it.
 * Reaching a final state is reported once through `onFinal`.
 */
import { randomInt } from 'node:crypto';
import { DueTimers } from '../common/due-timers';
import type { CallbackLog, CallbackTarget, OnFinal } from './state';
import type { MtnReasonCode, Party, PaymentStatusBody, PushStatus, RequestToPayStatusBody, RtpReasonCode } from './wire';

export type PushKind = 'requesttopay' | 'payment';

/** How long a push waits for the payer before it lapses as FAILED/EXPIRED (our choice; MTN's is unpublished). */
export const DEFAULT_APPROVAL_WINDOW_MS = 5 * 60_000;
/** 46733123453 "answers pending first; if requested again after 30 seconds it responds success". */
export const ONGOING_SUCCEEDS_AFTER_MS = 30_000;

/** MTN's sandbox test MSISDNs (docs/providers.md, "MTN MoMo", "Test numbers"), honoured in target environment `sandbox`. */
export const TEST_NUMBERS = {
  '46733123450': 'failed',
  '46733123451': 'rejected',
  '46733123452': 'timeout',
  '46733123453': 'ongoing',
  '46733123454': 'pending',
} as const;
export type TestBehaviour = (typeof TEST_NUMBERS)[keyof typeof TEST_NUMBERS];

/**
 * The `reason` each immediately-failing test number gives. MTN does not say (UNVERIFIED), so:
 * RequestToPay uses its published reasons (§1.4 table); a payment keeps to seed 002's enum.
 */
export const TEST_REASONS: Readonly<Record<PushKind, Record<'failed' | 'rejected' | 'timeout', RtpReasonCode>>> = {
  requesttopay: { failed: 'INTERNAL_PROCESSING_ERROR', rejected: 'APPROVAL_REJECTED', timeout: 'COULD_NOT_PERFORM_TRANSACTION' },
  payment: { failed: 'INTERNAL_PROCESSING_ERROR', rejected: 'APPROVAL_REJECTED', timeout: 'TRANSACTION_NOT_COMPLETED' },
};

export interface NewPush {
  kind: PushKind;
  referenceId: string;
  apiUser: string;
  targetEnvironment: string;
  amount: string;
  currency: string;
  /** The phone the approval goes to: the RTP payer's partyId, a payment's customerReference (digits). */
  payerMsisdn: string;
  /** RTP: externalId; payment: externalTransactionId. */
  externalId: string;
  /** RTP only: the payer party and notes, echoed by the status body. */
  payer?: Party;
  payerMessage?: string;
  payeeNote?: string;
  /** The validated request body as received, for the control view. */
  request: Readonly<Record<string, unknown>>;
  callbackUrl?: string;
}

export interface PushRecord extends NewPush, CallbackTarget {
  status: PushStatus;
  reason?: RtpReasonCode;
  financialTransactionId?: string;
  /** Set when the payer is one of MTN's test numbers (target environment `sandbox`). */
  testNumber?: TestBehaviour;
  createdAtMs: number;
  /** When an open push changes by itself: 46733123453 succeeds, any other lapses; none for 46733123454. */
  dueAtMs?: number;
  finalAtMs?: number;
  callbacks: CallbackLog;
}

export type PushOutcome = { status: 'SUCCESSFUL' } | { status: 'FAILED'; reason: RtpReasonCode };

export interface PushStoreOptions {
  /** See DEFAULT_APPROVAL_WINDOW_MS. */
  approvalWindowMs?: number;
}

export class PushStore {
  readonly #records: Record<PushKind, Map<string, PushRecord>> = { requesttopay: new Map(), payment: new Map() };
  readonly #open = new Set<PushRecord>();
  readonly #approvalWindowMs: number;
  // So the callback fires on time with nobody polling.
  readonly #due: DueTimers<PushRecord>;

  constructor(
    private readonly now: () => number,
    private readonly onFinal: OnFinal,
    options: PushStoreOptions = {},
  ) {
    this.#approvalWindowMs = options.approvalWindowMs ?? DEFAULT_APPROVAL_WINDOW_MS;
    this.#due = new DueTimers({ now, dueAtMs: (record) => (record.status === 'PENDING' ? record.dueAtMs : undefined), fire: (record) => this.#advance(record) });
  }

  has(kind: PushKind, referenceId: string): boolean {
    return this.#records[kind].has(referenceId.toLowerCase());
  }

  /** The record, moved on first if the clock says it is due. */
  get(kind: PushKind, referenceId: string): PushRecord | undefined {
    const record = this.#records[kind].get(referenceId.toLowerCase());
    if (record) this.#advance(record);
    return record;
  }

  /** Every push of `kind` as it stands; the app moves due ones on before each request (index.ts). */
  list(kind: PushKind): PushRecord[] {
    return [...this.#records[kind].values()];
  }

  create(input: NewPush): PushRecord {
    const createdAtMs = this.now();
    const mtnSandbox = input.targetEnvironment === 'sandbox';
    const testNumber = mtnSandbox ? testBehaviour(input.payerMsisdn) : undefined;
    const record: PushRecord = {
      ...input,
      status: 'PENDING',
      ...(testNumber ? { testNumber } : {}),
      createdAtMs,
      callbacks: { sent: 0, dropped: 0, attempts: [] },
    };
    this.#records[input.kind].set(input.referenceId.toLowerCase(), record);
    this.#open.add(record);
    switch (testNumber) {
      case 'failed':
      case 'rejected':
      case 'timeout':
        // Decided at once: the first status GET already reads FAILED.
        this.settle(record, { status: 'FAILED', reason: TEST_REASONS[input.kind][testNumber] });
        return record;
      case 'ongoing':
        record.dueAtMs = createdAtMs + ONGOING_SUCCEEDS_AFTER_MS;
        break;
      case 'pending':
        break; // pending until the control API says otherwise
      case undefined:
        if (mtnSandbox) {
          // MTN's "any other number": success, with nobody at the phone.
          this.settle(record, { status: 'SUCCESSFUL' });
          return record;
        }
        record.dueAtMs = createdAtMs + this.#approvalWindowMs;
        break;
      default: {
        const unknown: never = testNumber;
        throw new Error(`unknown test behaviour ${String(unknown)}`);
      }
    }
    this.#due.arm(record);
    return record;
  }

  /** Moves an open push to a final state; false (and no change) if it already was final. */
  settle(record: PushRecord, outcome: PushOutcome): boolean {
    if (record.status !== 'PENDING') return false;
    record.status = outcome.status;
    if (outcome.status === 'FAILED') record.reason = outcome.reason;
    else record.financialTransactionId = String(randomInt(100_000_000, 1_000_000_000));
    record.finalAtMs = this.now();
    delete record.dueAtMs;
    this.#open.delete(record);
    this.#due.clear(record);
    this.onFinal(record, statusBodyOf(record));
    return true;
  }

  sweep(): void {
    for (const record of [...this.#open]) this.#advance(record);
  }

  #advance(record: PushRecord): void {
    if (record.status !== 'PENDING' || record.dueAtMs === undefined || this.now() < record.dueAtMs) return;
    this.settle(record, record.testNumber === 'ongoing' ? { status: 'SUCCESSFUL' } : { status: 'FAILED', reason: 'EXPIRED' });
  }
}

function testBehaviour(msisdn: string): TestBehaviour | undefined {
  return Object.hasOwn(TEST_NUMBERS, msisdn) ? TEST_NUMBERS[msisdn as keyof typeof TEST_NUMBERS] : undefined;
}

/** GET /collection/v1_0/requesttopay/{ref}: MTN's field order, no referenceId; `reason` a plain string. */
export function toRequestToPayBody(record: PushRecord): RequestToPayStatusBody {
  return {
    amount: record.amount,
    currency: record.currency,
    ...(record.financialTransactionId ? { financialTransactionId: record.financialTransactionId } : {}),
    externalId: record.externalId,
    payer: record.payer ?? { partyIdType: 'MSISDN', partyId: record.payerMsisdn },
    ...(record.payerMessage !== undefined ? { payerMessage: record.payerMessage } : {}),
    ...(record.payeeNote !== undefined ? { payeeNote: record.payeeNote } : {}),
    status: record.status,
    ...(record.reason ? { reason: record.reason } : {}),
  };
}

/** GET /collection/v2_0/payment/{ref}: `{referenceId, status, financialTransactionId?, reason?}`. */
export function toPaymentBody(record: PushRecord): PaymentStatusBody {
  return {
    referenceId: record.referenceId,
    status: record.status,
    // Once SUCCESSFUL, as momo.rs reads a payment's result (3rd-party; MTN's own schema is unpublished).
    ...(record.financialTransactionId ? { financialTransactionId: record.financialTransactionId } : {}),
    // A payment only ever fails with a seed-002 code (control decline and TEST_REASONS keep to it).
    ...(record.reason ? { reason: record.reason as MtnReasonCode } : {}),
  };
}

export function statusBodyOf(record: PushRecord): RequestToPayStatusBody | PaymentStatusBody {
  return record.kind === 'requesttopay' ? toRequestToPayBody(record) : toPaymentBody(record);
}
