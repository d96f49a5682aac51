import type { Logger } from 'pino';
import { isFinalStatus } from '../contract';
import type { CheckoutService } from './checkouts/service';
import { isoNow, systemClock, type Clock } from './lifecycle/clock';
import { callMayStillAnswer, settle, type ExpiryTimes } from './lifecycle/expiry';
import type { PayoutService } from './payouts/service';
import type { CheckoutRecord, PayoutRecord, Store } from './store/types';

export interface ReconcilerOptions extends ExpiryTimes {
  store: Store;
  /** The backend's time; the system clock unless a test drives it. */
  clock?: Clock;
  service: CheckoutService;
  /** When given, processing payouts are polled too. */
  payouts?: PayoutService;
  log: Logger;
  /** How often to look for checkouts whose poll is due. */
  intervalMs: number;
  /** The first poll's delay; each later one doubles, up to `maxPollDelayMs`. */
  firstPollDelayMs: number;
  maxPollDelayMs: number;
  /** How many items of each kind (checkouts, receipts, payouts) one pass works at most. */
  batchSize?: number;
  /**
   * How long an item is taken for while it is worked (`DEFAULT_LEASE_MS`): no other instance works
   * it meanwhile; should this one die, another takes it once the lease lapses. Renewed as the work
   * on each item starts, it need only outlast the work on one.
   */
  leaseMs?: number;
  /** How many times a paid checkout's late receipt is asked for before giving up. Default 10. */
  maxReceiptPolls?: number;
}

export const MAX_RECEIPT_POLLS = 10;

/**
 * Longer than the longest work on one checkout (`MAX_ITEM_WORK_MS`), with 30 s to spare for the
 * rate limiter's waits between its calls and the store's writes. Short enough that the checkouts
 * of an instance that died are taken over within minutes, well inside their expiry's grace.
 */
export const DEFAULT_LEASE_MS = 3 * 60_000;
/**
 * The longest work on one item: a provider call times out at 30 s (providers/http.ts), and an
 * overdue checkout may take five (withdraw an ended push, ask its status, withdraw again, cancel,
 * confirm the refusal). A lease shorter than this may lapse mid-item, and another instance work it too.
 */
export const MAX_ITEM_WORK_MS = 5 * 30_000;
/** Due items taken with one lease. */
const TAKEN_AT_ONCE = 10;

/**
 * How long past its expiry a checkout may still settle: the grace the provider gets, the wait
 * for a push's answer, then one more poll to notice. Whoever follows its status (the element,
 * with its token) must be let in that long.
 */
export function settleWindowMs(options: Pick<ReconcilerOptions, 'expiryGraceMs' | 'payInFlightMs' | 'maxPollDelayMs' | 'intervalMs'>): number {
  return options.expiryGraceMs + options.payInFlightMs + options.maxPollDelayMs + options.intervalMs;
}

/**
 * The scheduler that follows what is still open: due checkouts (so that a lost callback never
 * leaves a payment unknown), late receipts, then due payouts. What to do with each is the
 * lifecycle's to decide (server-example/lifecycle/expiry.ts); this only asks and reschedules.
 * `runOnce()` is one pass, for tests that drive time; `start()` runs passes every `intervalMs`.
 */
export function createReconciler(options: ReconcilerOptions) {
  const { store, service, log } = options;
  const clock = options.clock ?? systemClock;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;
  /** Set by stop(): a pass finishes the item in hand and takes no more (what it leaves stays due, unleased). */
  let stopping = false;

  const nextDelay = (attempts: number) => Math.min(options.firstPollDelayMs * 2 ** attempts, options.maxPollDelayMs);
  const isOpen = (checkout: CheckoutRecord) => !isFinalStatus(checkout.status);

  /** A call started long enough ago that it has ended, yet nothing came of it: the process died mid-call. */
  async function adoptWhatDiedMidCall(checkout: CheckoutRecord): Promise<CheckoutRecord> {
    if (checkout.providerReference) return checkout;
    const now = clock.now();
    if (checkout.payStartedAt) return callMayStillAnswer(checkout.payStartedAt, now, options) ? checkout : service.adoptUnfinishedPush(checkout);
    return callMayStillAnswer(checkout.createdAt, now, options) ? checkout : service.adoptUnfinishedCreate(checkout);
  }

  async function reconcile(checkout: CheckoutRecord): Promise<CheckoutRecord> {
    checkout = await adoptWhatDiedMidCall(checkout);
    const answer = await service.fetchProviderStatus(checkout);
    if (answer) checkout = await service.lifecycle.apply(checkout.id, answer, 'poll');
    const next = settle(checkout, answer, clock.now(), options, service.reportsStatus(checkout));
    switch (next.kind) {
      case 'wait':
        return checkout;
      case 'close':
        return service.expire(checkout);
      case 'expire': {
        if (next.needsPerson) {
          const { id: checkoutId, provider, providerReference, payStartedAt } = checkout;
          log.error({ checkoutId, provider, providerReference, payStartedAt, providerStatus: answer?.raw }, next.needsPerson);
        }
        return service.lifecycle.apply(checkout.id, next.update, 'expiry');
      }
    }
  }

  interface Pollable {
    id: string;
    pollAttempts: number;
  }

  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;

  /** A holder's write that did not apply: its lease lapsed mid-work and another instance took the item over, whose it is now. */
  const overtaken = (kind: 'checkoutId' | 'payoutId', id: string) => log.warn({ [kind]: id }, 'lease lost: another instance took the item over');

  /**
   * Works the due items of one kind, taken a few at a time with a lease: few, so that a pass
   * stopped by a crash holds a handful, not a hundred, and other instances share a backlog. Each
   * item's lease is renewed as its work starts, so that it has a whole lease however long the
   * ones before it took; one whose lease lapsed meanwhile and was taken over is the new holder's,
   * and is skipped. What is not worked is given back as it was, at once: an item due again within
   * this pass (a pass works each once), and all of it once the reconciler is stopping. `lease` is
   * the token of every holder's write (store/types.ts, "Leases").
   */
  async function workDue<T extends { id: string }>(
    take: (now: string, limit: number, leaseUntil: string) => Promise<T[]>,
    renew: (item: T, lease: string, leaseUntil: string) => Promise<T | undefined>,
    putBack: (item: T, lease: string) => Promise<boolean>,
    work: (item: T, lease: string) => Promise<void>,
    limit: number,
  ): Promise<number> {
    const worked = new Set<string>();
    while (worked.size < limit && !stopping) {
      const lease = isoNow(clock, leaseMs);
      const taken = await take(isoNow(clock), Math.min(TAKEN_AT_ONCE, limit - worked.size), lease);
      let fresh = 0;
      for (const item of taken) {
        if (worked.has(item.id) || stopping) {
          await putBack(item, lease);
          continue;
        }
        const renewed = isoNow(clock, leaseMs);
        // As it is now: settled since it was taken, or taken over, it is not worked.
        const current = await renew(item, lease, renewed);
        if (!current) continue;
        fresh += 1;
        worked.add(item.id);
        await work(current, renewed);
      }
      if (fresh === 0) break;
    }
    return worked.size;
  }

  /** Settles one due item; if it stays open it is asked again later, each time later (which ends its lease). */
  async function settleOne<T extends Pollable>(
    item: T,
    kind: 'checkoutId' | 'payoutId',
    settle: (item: T) => Promise<T>,
    open: (item: T) => boolean,
    reschedule: (id: string, nextPollAt: string, attempts: number) => Promise<boolean>,
    minDelayMs: (item: T) => number = () => 0,
  ): Promise<void> {
    try {
      item = await settle(item);
    } catch (err) {
      // The provider could not say, or refused: the item stays open and is asked again later.
      log.warn({ [kind]: item.id, err: (err as Error).message }, 'reconcile failed');
    }
    if (open(item)) {
      const delay = Math.max(nextDelay(item.pollAttempts), minDelayMs(item));
      if (!(await reschedule(item.id, isoNow(clock, delay), item.pollAttempts + 1))) overtaken(kind, item.id);
    }
  }

  /**
   * A paid checkout whose provider may still issue its receipt (its callback lost, or the receipt
   * not ready when the payment was): asked again, each time later, `maxReceiptPolls` times at most.
   */
  async function askForReceipt(checkout: CheckoutRecord, lease: string): Promise<void> {
    const maxPolls = options.maxReceiptPolls ?? MAX_RECEIPT_POLLS;
    let current = checkout;
    try {
      current = await service.confirm(checkout, 'poll');
    } catch (err) {
      log.warn({ checkoutId: checkout.id, err: (err as Error).message }, 'receipt poll failed');
    }
    if (current.receiptUrl) return;
    const polls = (checkout.receiptPolls ?? 0) + 1;
    if (polls >= maxPolls) {
      // Fenced here: stopAskingForReceipt, which tells the streams waiting for the receipt, writes without the lease.
      if (!(await store.scheduleReceiptPoll(checkout.id, undefined, polls, lease))) {
        overtaken('checkoutId', checkout.id);
        return;
      }
      log.warn({ checkoutId: checkout.id, provider: checkout.provider, polls }, 'paid without a receipt: stopped asking for it');
      await service.stopAskingForReceipt(checkout, polls);
      return;
    }
    const delay = Math.max(nextDelay(polls), service.minPollIntervalMs(checkout));
    if (!(await store.scheduleReceiptPoll(checkout.id, isoNow(clock, delay), polls, lease))) overtaken('checkoutId', checkout.id);
  }

  /** One pass over the due checkouts, the late receipts, then the due payouts; returns how many were looked at. */
  async function runOnce(): Promise<number> {
    const limit = options.batchSize ?? 100;
    const checkouts = await workDue(
      (now, max, leaseUntil) => store.duePolls(now, max, leaseUntil),
      (checkout, lease, leaseUntil) => store.renewPollLease(checkout.id, lease, leaseUntil),
      (checkout, lease) => store.schedulePoll(checkout.id, checkout.nextPollAt ?? isoNow(clock), checkout.pollAttempts, lease),
      (checkout, lease) =>
        settleOne(
          checkout,
          'checkoutId',
          reconcile,
          isOpen,
          (id, at, attempts) => store.schedulePoll(id, at, attempts, lease),
          (item) => service.minPollIntervalMs(item),
        ),
      limit,
    );
    const receipts = await workDue(
      (now, max, leaseUntil) => store.dueReceiptPolls(now, max, leaseUntil),
      (checkout, lease, leaseUntil) => store.renewReceiptPollLease(checkout.id, lease, leaseUntil),
      (checkout, lease) => store.scheduleReceiptPoll(checkout.id, checkout.receiptPollAt, checkout.receiptPolls ?? 0, lease),
      askForReceipt,
      limit,
    );
    const { payouts } = options;
    if (!payouts) return checkouts + receipts;
    const duePayouts = await workDue<PayoutRecord>(
      (now, max, leaseUntil) => store.duePayoutPolls(now, max, leaseUntil),
      (payout, lease, leaseUntil) => store.renewPayoutPollLease(payout.id, lease, leaseUntil),
      (payout, lease) => store.schedulePayoutPoll(payout.id, payout.nextPollAt ?? isoNow(clock), payout.pollAttempts, lease),
      (payout, lease) =>
        settleOne(
          payout,
          'payoutId',
          (item) => payouts.poll(item),
          (item) => item.status === 'processing',
          (id, at, attempts) => store.schedulePayoutPoll(id, at, attempts, lease),
        ),
      limit,
    );
    return checkouts + receipts + duePayouts;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce()
        .catch((err: unknown) => log.error({ err }, 'reconciler pass failed'))
        .finally(schedule);
    }, options.intervalMs);
  }

  return {
    runOnce,
    start() {
      stopped = false;
      stopping = false;
      schedule();
    },
    async stop() {
      stopped = true;
      stopping = true;
      clearTimeout(timer);
      await running;
    },
  };
}
