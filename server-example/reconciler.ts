import type { Logger } from 'pino';
import { isFinalStatus } from '../contract';
import type { CheckoutService } from './checkouts/service';
import { isoNow, systemClock, type Clock } from './lifecycle/clock';
import { callMayStillAnswer, settle, type ExpiryTimes } from './lifecycle/expiry';
import type { PayoutService } from './payouts/service';
import type { CheckoutRecord, Store } from './store/types';

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
  batchSize?: number;
  /** How many times a paid checkout's late receipt is asked for before giving up. Default 10. */
  maxReceiptPolls?: number;
}

export const MAX_RECEIPT_POLLS = 10;

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

  /** Settles each due item on its own; what stays open is asked again later, each time later. */
  async function pass<T extends Pollable>(
    due: T[],
    kind: 'checkoutId' | 'payoutId',
    settle: (item: T) => Promise<T>,
    open: (item: T) => boolean,
    reschedule: (id: string, nextPollAt: string, attempts: number) => Promise<void>,
    minDelayMs: (item: T) => number = () => 0,
  ): Promise<void> {
    for (let item of due) {
      try {
        item = await settle(item);
      } catch (err) {
        // The provider could not say, or refused: the item stays open and is asked again later.
        log.warn({ [kind]: item.id, err: (err as Error).message }, 'reconcile failed');
      }
      if (open(item)) {
        const delay = Math.max(nextDelay(item.pollAttempts), minDelayMs(item));
        await reschedule(item.id, isoNow(clock, delay), item.pollAttempts + 1);
      }
    }
  }

  /**
   * Paid checkouts whose provider may still issue their receipt (its callback lost, or the receipt
   * not ready when the payment was): asked again, each time later, `maxReceiptPolls` times at most.
   */
  async function askForReceipts(limit: number): Promise<number> {
    const due = await store.dueReceiptPolls(isoNow(clock), limit);
    const maxPolls = options.maxReceiptPolls ?? MAX_RECEIPT_POLLS;
    for (const checkout of due) {
      let current = checkout;
      try {
        current = await service.confirm(checkout, 'poll');
      } catch (err) {
        log.warn({ checkoutId: checkout.id, err: (err as Error).message }, 'receipt poll failed');
      }
      if (current.receiptUrl) continue;
      const polls = (checkout.receiptPolls ?? 0) + 1;
      if (polls >= maxPolls) {
        log.warn({ checkoutId: checkout.id, provider: checkout.provider, polls }, 'paid without a receipt: stopped asking for it');
        await service.stopAskingForReceipt(checkout, polls);
        continue;
      }
      const delay = Math.max(nextDelay(polls), service.minPollIntervalMs(checkout));
      await store.scheduleReceiptPoll(checkout.id, isoNow(clock, delay), polls);
    }
    return due.length;
  }

  /** One pass over the due checkouts, the late receipts, then the due payouts; returns how many were looked at. */
  async function runOnce(): Promise<number> {
    const limit = options.batchSize ?? 100;
    const due = await store.duePolls(isoNow(clock), limit);
    await pass(
      due,
      'checkoutId',
      reconcile,
      isOpen,
      (id, at, attempts) => store.schedulePoll(id, at, attempts),
      (checkout) => service.minPollIntervalMs(checkout),
    );
    const receipts = await askForReceipts(limit);
    const { payouts } = options;
    if (!payouts) return due.length + receipts;
    const duePayouts = await store.duePayoutPolls(isoNow(clock), limit);
    await pass(
      duePayouts,
      'payoutId',
      (payout) => payouts.poll(payout),
      (payout) => payout.status === 'processing',
      (id, at, attempts) => store.schedulePayoutPoll(id, at, attempts),
    );
    return due.length + receipts + duePayouts.length;
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
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
