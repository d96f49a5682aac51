import type { Charge, CheckoutStatus, FailureReason, Instruction, PaymentProof, PushEndReason } from '../../contract';
import type { PayoutState, Resolution, StatusSource, WebhookEventType } from '../lifecycle/rules';

export type { PayoutState } from '../lifecycle/rules';

export interface Payer {
  phone?: string;
  name?: string;
  email?: string;
  taxId?: string;
}

export interface LineItem {
  name: string;
  quantity: number;
  unitAmount: string;
  taxRate?: number;
}

export interface CheckoutRecord {
  id: string;
  provider: string;
  method: string;
  amount: string;
  currency: string;
  reference: string;
  description?: string;
  payer?: Payer;
  items?: LineItem[];
  locale?: string;
  metadata?: Record<string, string>;
  status: CheckoutStatus;
  reason?: FailureReason;
  /** The provider's id for this payment (MTN: the X-Reference-Id of the invoice). */
  providerReference?: string;
  providerStatus?: string;
  instructions: Instruction[];
  receiptUrl?: string;
  expiresAt: string;
  createdAt: string;
  updatedAt: string;
  /** Bumped on every status change; the status ETag. */
  version: number;
  /** When the reconciler should next ask the provider. */
  nextPollAt?: string;
  pollAttempts: number;
  /**
   * When the payer's push was started (`startPay`), until the provider refuses it. With no
   * `providerReference` yet, its call may still be waiting for an answer.
   */
  payStartedAt?: string;
  /** Paid without the receipt its provider issues later: when the reconciler asks for it next. */
  receiptPollAt?: string;
  /** How many times the receipt was asked for. */
  receiptPolls?: number;
  /** How a person, or the provider's late word, settled an `outcome_unknown` checkout. */
  resolution?: Resolution;
  /** The latest push to the payer's phone (push methods), from `startPay` on. */
  push?: PushAttempt;
  /** Once paid: the provider's transaction id and when it was paid, written with the paid status, never changed. */
  payment?: PaymentProof;
  /** What the payer is charged in all, once a provider fee applies to them (Dollr, fee bearer PAYER). */
  charge?: Charge;
  /**
   * The fee the payer was shown for each wallet method (Dollr: per operator), on this checkout:
   * sending a number of one of them agrees to its fee. Kept with the checkout, so any instance,
   * before or after a restart, knows what the page showed.
   */
  shownFees?: Record<string, string>;
}

/** A push that ended at the provider unpaid, known by the reference the provider gave it. */
export interface EndedPush {
  checkoutId: string;
  provider: string;
  providerReference: string;
  /** The attempt's id (PushAttempt.id): a late word about it is about this push, not the live one. */
  pushId: string;
  endedAt: string;
  /** When what it left payable at the provider was withdrawn (or found to need no withdrawing). */
  withdrawnAt?: string;
}

/** A push to the payer's phone as stored: what the session tells of it, never the whole number. */
export interface PushAttempt {
  /** Ours, one per push: a provider's word about an earlier push never moves a later one. */
  id: string;
  /** The number it went to, masked ("+256 77• ••• 456"). */
  to: string;
  at: string;
  /** Until when the provider keeps it on the phone, where the provider says how long. */
  liveUntil?: string;
  /** The USSD code that lists approvals waiting on the phone, where the provider's market documents one. */
  approvalsCode?: string;
  /** When the provider said it ended unpaid without the payer's answer: the checkout was payable again. */
  endedAt?: string;
  endReason?: PushEndReason;
  /** What the provider knew it by when it ended (for support; Dollr: the invoice it left open). */
  endedReference?: string;
}

export interface CheckoutEvent {
  seq: number;
  checkoutId: string;
  at: string;
  source: StatusSource;
  status: CheckoutStatus;
  reason?: FailureReason;
  /** The provider's own status string, kept raw for support and audits. */
  providerStatus?: string;
  /** Set on the event that recorded a resolution (the status itself stays as it was). */
  resolution?: Resolution;
}

export interface StatusChange {
  status: CheckoutStatus;
  reason?: FailureReason;
  providerStatus?: string;
  receiptUrl?: string;
  /** Paid without the receipt the provider issues later: when to ask for it. */
  receiptPollAt?: string;
  /** With `paid` only: the proof; kept if the checkout already has one. */
  payment?: PaymentProof;
  /** What the payer is charged in all, when it is known with this change. */
  charge?: Charge;
  source: StatusSource;
  at: string;
}

/** Money sent to a wallet (`POST /v1/payouts`). */
export interface PayoutRecord {
  id: string;
  provider: string;
  amount: string;
  currency: string;
  /** The merchant's own reference. */
  reference: string;
  /** The recipient's phone: the merchant's data, stored for support, never logged. */
  phone: string;
  status: PayoutState;
  reason?: FailureReason;
  providerStatus?: string;
  /** The payout's id at the provider, stored before the call is sent. */
  referenceId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  nextPollAt?: string;
  pollAttempts: number;
}

export interface PayoutEvent {
  seq: number;
  payoutId: string;
  at: string;
  source: StatusSource;
  status: PayoutState;
  reason?: FailureReason;
  providerStatus?: string;
}

export interface PayoutStatusChange {
  status: PayoutState;
  reason?: FailureReason;
  providerStatus?: string;
  source: StatusSource;
  at: string;
}

/** An outbound provider call, written before it is sent so a lost response can be resolved. */
export interface OutboundCall {
  referenceId: string;
  /** The checkout, or the payout, the call is made for. */
  checkoutId: string;
  provider: string;
  operation: string;
  createdAt: string;
}

/**
 * A merchant webhook, written to the outbox in the same transaction as the change it tells of.
 * `id` is its `webhook-id`, the same on every attempt; `payload` the exact body sent.
 */
export interface OutboxEvent {
  id: string;
  type: WebhookEventType;
  /** The checkout or payout it is about; events of one subject are delivered in order. */
  subjectId: string;
  createdAt: string;
  payload: string;
}

export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed';

export interface WebhookEventRecord extends OutboxEvent {
  /** Order of writing, across all subjects. */
  seq: number;
  state: WebhookDeliveryState;
  attempts: number;
  /** Position in the retry schedule (reset by a resend). */
  scheduleStep: number;
  nextAttemptAt?: string;
  lastAttemptAt?: string;
  /** The merchant's HTTP status on the last attempt; none when it never answered. */
  lastStatus?: number;
  lastError?: string;
  /** The merchant's answer, cut to 1 KB. */
  lastResponse?: string;
  deliveredAt?: string;
}

/** What one delivery attempt found, and what comes next. */
export interface WebhookAttempt {
  at: string;
  status?: number;
  error?: string;
  response?: string;
  state: WebhookDeliveryState;
  scheduleStep: number;
  nextAttemptAt?: string;
}

export interface WebhookEventFilter {
  type?: WebhookEventType;
  /** A checkout's (or payout's) id. */
  subjectId?: string;
  /** Only events older than this `seq` (the cursor of the page before). */
  beforeSeq?: number;
  limit: number;
}

/** `GET /v1/checkouts`: every filter optional; newest first, in (createdAt, id) order. */
export interface CheckoutFilter {
  status?: CheckoutStatus;
  reason?: FailureReason;
  provider?: string;
  method?: string;
  reference?: string;
  /** Created at or after this ISO timestamp (inclusive). */
  createdFrom?: string;
  /** Created before this ISO timestamp (exclusive). */
  createdTo?: string;
  /** Only checkouts after this one in newest-first order (the last of the page before). */
  after?: { createdAt: string; id: string };
  limit: number;
}

/**
 * What claiming an Idempotency-Key found. `claimed`: new, ours until `leaseUntil`. `in_progress`:
 * another request holds it and its lease has not lapsed. `resumed`: its holder's lease lapsed (the
 * process died mid-request): ours now, until the new `leaseUntil`, with what the holder had already
 * created under it (`subjectId`, written with the checkout or payout itself): finish that one, never
 * make another. `done`: the stored answer.
 */
export type IdempotencyClaim =
  | { state: 'claimed' }
  | { state: 'in_progress'; requestHash: string }
  | { state: 'resumed'; requestHash: string; subjectId?: string }
  | { state: 'done'; requestHash: string; responseStatus: number; responseBody: string };

/**
 * One request's hold on an Idempotency-Key: `holder` is that request's own random id, so a request
 * that outlived its lease (and was taken over) can no longer name, finish or free the claim.
 */
export interface IdempotencyHold {
  scope: string;
  key: string;
  holder: string;
}

/** A creation refused because its Idempotency-Key's claim lapsed and another request took it over: nothing was written. */
export class ClaimLostError extends Error {
  constructor(scope: string, key: string) {
    super(`The claim of Idempotency-Key ${key} (${scope}) is no longer this request's: its lease lapsed and another took it over.`);
    this.name = 'ClaimLostError';
  }
}

/**
 * What is written in the same transaction as a new checkout or payout: the Idempotency-Key it is
 * created under (its claim then names it, `subjectId`) and the provider call about to be sent for it.
 */
export interface CreationRecord {
  idempotency?: IdempotencyHold;
  call?: OutboundCall;
}

/** What a checkout's status answer shows (`toStatusUpdate`, `statusEtag`): `Store.checkoutStatus` reads only these. */
export type CheckoutStatusRecord = Pick<CheckoutRecord, 'id' | 'version' | 'status' | 'reason' | 'updatedAt' | 'receiptUrl' | 'charge' | 'payment' | 'push' | 'payStartedAt'>;

/**
 * Leases. The `due*` reads take an optional `leaseUntil`: given, what they return is taken, atomically
 * (PostgreSQL: `FOR UPDATE SKIP LOCKED`), leased until then in a column apart from its schedule: no
 * other caller, on any instance, gets it until its holder ends the lease (`schedule*`,
 * `recordWebhookAttempt`, `releaseWebhookEvent`) or the lease lapses (the instance died: another
 * takes over then). Without it they only read. Anyone else moves only the schedule (`request*`,
 * `resendWebhookEvent`), never the lease: a request to poll sooner never doubles work in flight.
 *
 * Fenced: the holder names its lease by the `leaseUntil` it wrote (`lease`, its token; whoever takes
 * a lapsed lease over writes a later one), and its writes apply only while the lease is still that:
 * a holder that outlived its lease and was taken over can neither end nor renew the new holder's.
 * They say whether they applied. `renew*Lease` moves the lease on (a new token) before work that
 * needs a whole lease.
 */
export interface Store {
  /** The checkout and, in the same transaction, what `record` names (its idempotency claim, its first provider call). */
  insertCheckout(checkout: CheckoutRecord, record?: CreationRecord): Promise<void>;
  getCheckout(id: string): Promise<CheckoutRecord | undefined>;
  /**
   * The checkout's `version` alone (undefined: no such checkout). Every change to what the payer's
   * status answer shows moves it, so a poll whose ETag still names it is answered without reading the row.
   */
  checkoutVersion(id: string): Promise<number | undefined>;
  /** The versions of these checkouts at once (one query): what the event streams check now and then, should a notification have been lost. */
  checkoutVersions(ids: readonly string[]): Promise<Map<string, number>>;
  /**
   * What the payer's status answer (`GET /v1/session/status`, views.ts toStatusUpdate) shows of
   * the checkout, and its version, read alone (undefined: no such checkout): a fraction of
   * getCheckout's columns, for the poll that reads again after every change.
   */
  checkoutStatus(id: string): Promise<CheckoutStatusRecord | undefined>;
  /** The checkout of a payment, live or of an ended push (endedPushes): a late word about either finds it. */
  findByProviderReference(provider: string, providerReference: string): Promise<CheckoutRecord | undefined>;
  /** The checkout's ended pushes, oldest first; `open` only: those whose withdrawal at the provider is still to do. */
  endedPushes(checkoutId: string, options?: { open?: boolean }): Promise<EndedPush[]>;
  /** What the ended push left at the provider was withdrawn (or needs none): not asked again. */
  settleEndedPush(provider: string, providerReference: string, at: string): Promise<void>;
  /** Adds fees the payer was just shown, per wallet method, to those kept on the checkout. */
  noteShownFees(id: string, fees: Record<string, string>): Promise<void>;
  /** Newest first, in (createdAt, id) order; at most `limit`. */
  listCheckouts(filter: CheckoutFilter): Promise<CheckoutRecord[]>;
  /** Saves what the provider answered at creation (reference, instructions, and the expiry when the provider fixes it). */
  updateProviderDetails(id: string, details: { providerReference?: string; instructions: Instruction[]; expiresAt?: string }): Promise<void>;
  /**
   * Compare-and-set of the status: applies `change` only while the checkout is still at
   * `expectedVersion`, appending the event in the same transaction. False when someone else won.
   */
  changeStatus(id: string, expectedVersion: number, change: StatusChange, outbox?: OutboxEvent): Promise<boolean>;
  listEvents(checkoutId: string): Promise<CheckoutEvent[]>;
  /**
   * A receipt that came after the status: set only while the checkout has none and is still at
   * `expectedVersion`, which it bumps (the status ETag and the event stream show it). No event is
   * appended: the history records status changes, and this is none. Ends the receipt polls.
   */
  addReceipt(id: string, expectedVersion: number, receiptUrl: string, at: string, outbox?: OutboxEvent): Promise<boolean>;
  /**
   * Records how an unknown outcome was settled, while the checkout is at `expectedVersion` and has
   * no resolution yet: on the checkout, as an event (its status unchanged), and its outbox row.
   */
  recordResolution(id: string, expectedVersion: number, resolution: Resolution, source: StatusSource, outbox: OutboxEvent): Promise<boolean>;
  /**
   * What the payer is charged changed while the status did not (a push to another operator's
   * number): set while the checkout is open and at `expectedVersion`, which it bumps. No event.
   */
  updateCharge(id: string, expectedVersion: number, charge: Charge, at: string): Promise<boolean>;
  /**
   * Marks the payer's push as started, with what the session tells of it (`push`), bumping the
   * version; false when one already is (a double click, two tabs, a push still live) or the
   * checkout is no longer pending. Never two live pushes for one checkout.
   */
  startPay(id: string, at: string, push?: PushAttempt): Promise<boolean>;
  /**
   * The provider refused the push (a wrong number, say), so nothing was sent: the payer may try
   * again. The push the checkout had before `startPay` (an ended one) is put back. Bumps the version.
   */
  releasePay(id: string, at?: string): Promise<void>;
  /**
   * The live push ended at the provider unpaid without the payer's answer (rules.ts, decidePushWord):
   * compare-and-set at `expectedVersion`, while open, to `change.status` (pending), with `push` as it
   * ended; the push is released and the provider's reference for it cleared (it is `push.endedReference`
   * now, and an ended push of endedPushes, still found by it). Appends the event, whose reason says why
   * it ended. False when someone else won.
   */
  endPush(id: string, expectedVersion: number, change: StatusChange, push: PushAttempt): Promise<boolean>;

  recordOutboundCall(call: OutboundCall): Promise<void>;
  completeOutboundCall(referenceId: string, outcome: string, at: string): Promise<void>;
  /**
   * Notes, during a call, what the provider will know its payment by (Dollr: `{reference_id}:{invoice_id}`),
   * before the step that cannot be undone: should the call never end, the payment is asked about by it.
   */
  noteOutboundCall(referenceId: string, providerReference: string): Promise<void>;
  /**
   * The latest such call that never ended (the process died mid-call), if any: what it noted the
   * provider knows it by (noteOutboundCall), else its reference id.
   */
  unfinishedCall(checkoutId: string, operation: string): Promise<string | undefined>;
  /** What the provider knows a call's payment by: what the call noted (noteOutboundCall), else its reference id. */
  callReference(referenceId: string): Promise<string>;

  /** Checkouts still waiting for an outcome whose next poll is due. */
  duePolls(now: string, limit: number, leaseUntil?: string): Promise<CheckoutRecord[]>;
  /** The holder's (`lease`): the next poll, ending the lease; a sooner one requested meanwhile (`requestPoll`) is kept. */
  schedulePoll(id: string, nextPollAt: string, pollAttempts: number, lease: string): Promise<boolean>;
  /** The holder's: leased on until `leaseUntil` (its new token), a poll requested meanwhile kept; the checkout as it is now, undefined when the lease is no longer `lease` or it is settled. */
  renewPollLease(id: string, lease: string, leaseUntil: string): Promise<CheckoutRecord | undefined>;
  /** Anyone's: poll by `at` (the schedule only ever moves sooner); a lease held stays, its holder then polls again. */
  requestPoll(id: string, at: string): Promise<void>;
  /** Paid checkouts still without the receipt their provider issues later, whose next ask is due. */
  dueReceiptPolls(now: string, limit: number, leaseUntil?: string): Promise<CheckoutRecord[]>;
  /**
   * The holder's, like `schedulePoll`: the next ask for a receipt; `receiptPollAt` undefined stops
   * asking, unless one was requested meanwhile. Without `lease` (stopping for good, outside a poll)
   * it applies whoever holds the lease.
   */
  scheduleReceiptPoll(id: string, receiptPollAt: string | undefined, receiptPolls: number, lease?: string): Promise<boolean>;
  /** The holder's, like `renewPollLease`: undefined too once the receipt came. */
  renewReceiptPollLease(id: string, lease: string, leaseUntil: string): Promise<CheckoutRecord | undefined>;
  /** Anyone's, like `requestPoll`: ask for the receipt by `at`, while the checkout is paid without one. */
  requestReceiptPoll(id: string, at: string): Promise<void>;

  /** Inserts a payout (status `processing`) with its first event. */
  insertPayout(payout: PayoutRecord, record?: CreationRecord): Promise<void>;
  getPayout(id: string): Promise<PayoutRecord | undefined>;
  /**
   * Compare-and-set like `changeStatus`: applies only while the payout is at `expectedVersion`
   * and still `processing` (paid and failed never change), appending the event with it.
   */
  changePayoutStatus(id: string, expectedVersion: number, change: PayoutStatusChange, outbox?: OutboxEvent): Promise<boolean>;
  listPayoutEvents(payoutId: string): Promise<PayoutEvent[]>;
  /** Payouts still processing whose next poll is due. */
  duePayoutPolls(now: string, limit: number, leaseUntil?: string): Promise<PayoutRecord[]>;
  /** The holder's (`lease`): the next poll, ending the lease. */
  schedulePayoutPoll(id: string, nextPollAt: string, pollAttempts: number, lease: string): Promise<boolean>;
  /** The holder's, like `renewPollLease`: the payout as it is now, undefined when the lease is no longer `lease` or it settled. */
  renewPayoutPollLease(id: string, lease: string, leaseUntil: string): Promise<PayoutRecord | undefined>;

  /** Claims a key for `hold.holder` until `leaseUntil`; an unfinished claim whose lease lapsed at `now` is taken over (`resumed`). */
  claimIdempotencyKey(hold: IdempotencyHold, requestHash: string, now: string, leaseUntil: string): Promise<IdempotencyClaim>;
  /** Stores the answer, while the claim is still `hold.holder`'s and unfinished; false when it is not (taken over). */
  completeIdempotencyKey(hold: IdempotencyHold, responseStatus: number, responseBody: string): Promise<boolean>;
  /** Frees the key, while the claim is still `hold.holder`'s and unfinished. */
  releaseIdempotencyKey(hold: IdempotencyHold): Promise<void>;
  /** Ends `hold.holder`'s lease at once, the claim kept (and what it names): the next request with the key resumes it. */
  lapseIdempotencyKey(hold: IdempotencyHold): Promise<void>;

  /** Pending webhooks whose attempt is due, each the oldest pending one of its subject (per-subject order). */
  dueWebhookEvents(now: string, limit: number, leaseUntil?: string): Promise<WebhookEventRecord[]>;
  /** The holder's (`lease`): what its attempt found; ends the lease. False when taken over: another attempt stands. */
  recordWebhookAttempt(id: string, attempt: WebhookAttempt, lease: string): Promise<boolean>;
  getWebhookEvent(id: string): Promise<WebhookEventRecord | undefined>;
  /** Newest first. */
  listWebhookEvents(filter: WebhookEventFilter): Promise<WebhookEventRecord[]>;
  /**
   * Queues an event again from the start of the schedule, due at `now`; false when there is no such
   * event. A lease held stays: an attempt in flight is not doubled (what it records then stands).
   */
  resendWebhookEvent(id: string, now: string): Promise<boolean>;
  /** The holder's (`lease`): gives a taken event back unattempted, its schedule as it is. */
  releaseWebhookEvent(id: string, lease: string): Promise<boolean>;

  /** The database answers and every migration is applied (`GET /readyz`); throws saying what is wrong. */
  checkReady(): Promise<void>;
  close(): Promise<void>;
}
