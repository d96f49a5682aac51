import type { Logger } from 'pino';
import type { CheckoutService } from './checkouts/service';
import type { PayoutService } from './payouts/service';
import { isFinalStatus } from '../src/core/types';
import type { CheckoutRecord, Store } from './store/types';

export interface ReconcilerOptions {
  store: Store;
  service: CheckoutService;
  /** When given, processing payouts are polled too. */
  payouts?: PayoutService;
  log: Logger;
  /** How often to look for checkouts whose poll is due. */
  intervalMs: number;
  /** The first poll's delay; each later one doubles, up to `maxPollDelayMs`. */
  firstPollDelayMs: number;
  maxPollDelayMs: number;
  /** How long past its expiry a checkout the provider still calls open is kept open. */
  expiryGraceMs: number;
  /**
   * How long after the payer's push started its call may still answer (longer than the slowest
   * push: Multicaixa Express holds its answer up to 120 s). Until then an expiry waits for it.
   */
  payInFlightMs: number;
  /**
   * How long past its expiry (and grace) a checkout the provider still calls open, and will not
   * close, is followed before someone is asked to look: it then ends `outcome_unknown`.
   */
  giveUpAfterMs: number;
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
 * Polls the provider for every checkout still waiting for an outcome, so that a lost
 * callback never leaves a payment unknown, and expires what the provider never settles;
 * then for every processing payout.
 */
export function createReconciler(options: ReconcilerOptions) {
  const { store, service, log } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  const nextDelay = (attempts: number) => Math.min(options.firstPollDelayMs * 2 ** attempts, options.maxPollDelayMs);

  const isOpen = (checkout: CheckoutRecord) => !isFinalStatus(checkout.status);
  const overdue = (checkout: CheckoutRecord) => Date.now() > Date.parse(checkout.expiresAt) + options.expiryGraceMs;
  const abandoned = (checkout: CheckoutRecord) => Date.now() > Date.parse(checkout.expiresAt) + options.expiryGraceMs + options.giveUpAfterMs;

  /**
   * What went out for a checkout the provider has no word on: nothing (or nothing that arrived:
   * a provider that reports on its payments has none by that id); a push whose call is still
   * waiting for its answer (the answer is the outcome); or a request whose answer we will never
   * have (lost, or the process died mid-call, at a provider that cannot be asked).
   */
  function whatWasSent(checkout: CheckoutRecord): 'nothing' | 'in-flight' | 'outcome-unknown' {
    if (checkout.providerReference) return service.reportsStatus(checkout) ? 'nothing' : 'outcome-unknown';
    if (!checkout.payStartedAt) return 'nothing';
    return payMayStillAnswer(checkout) ? 'in-flight' : 'outcome-unknown';
  }

  /** The push's call may still be waiting for its answer. */
  const payMayStillAnswer = (checkout: CheckoutRecord): boolean =>
    checkout.payStartedAt !== undefined && Date.now() < Date.parse(checkout.payStartedAt) + options.payInFlightMs;

  async function reconcile(checkout: CheckoutRecord): Promise<CheckoutRecord> {
    // A push started long enough ago that its call has ended, yet nothing came of it: it died mid-call.
    if (checkout.payStartedAt && !checkout.providerReference && !payMayStillAnswer(checkout)) checkout = await service.adoptUnfinishedPush(checkout);
    const update = await service.fetchProviderStatus(checkout);
    if (update) checkout = await service.applyStatus(checkout.id, update, 'poll');
    if (!isOpen(checkout) || !overdue(checkout)) return checkout;
    // Only a provider that answered may be overruled: closed there first, so nobody pays after.
    if (update && !abandoned(checkout)) return service.expire(checkout);
    if (update) {
      // The provider still calls it open, long after it should have ended, and will not close it
      // (an MTN push that never lapses, a MoMo VN order): the payer may yet pay. Someone must look.
      const { id: checkoutId, provider, providerReference } = checkout;
      log.error({ checkoutId, provider, providerReference, providerStatus: update.raw }, 'still open at the provider long after expiry: reconcile by hand');
      return service.applyStatus(checkout.id, { status: 'expired', reason: 'outcome_unknown', raw: `STILL_OPEN:${update.raw}` }, 'expiry');
    }
    switch (whatWasSent(checkout)) {
      case 'in-flight':
        // Its answer may yet be "paid": the checkout waits for it, and is looked at again later.
        return checkout;
      case 'outcome-unknown': {
        // Something was sent that the provider cannot report on (Multicaixa Express has no status
        // query): the payer may have paid. Someone must look; the checkout cannot wait forever,
        // and its reason says so, to the merchant and to a payer who must not pay again.
        const { id: checkoutId, provider, providerReference, payStartedAt } = checkout;
        log.error({ checkoutId, provider, providerReference, payStartedAt }, 'outcome unknown at expiry: reconcile by hand');
        return service.applyStatus(checkout.id, { status: 'expired', reason: 'outcome_unknown', raw: 'OUTCOME_UNKNOWN' }, 'expiry');
      }
      case 'nothing':
        // Nobody can have paid it.
        return service.applyStatus(checkout.id, { status: 'expired', reason: 'expired', raw: 'UNKNOWN_TO_PROVIDER' }, 'expiry');
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
        await reschedule(item.id, new Date(Date.now() + delay).toISOString(), item.pollAttempts + 1);
      }
    }
  }

  /**
   * Paid checkouts whose provider may still issue their receipt (its callback lost, or the receipt
   * not ready when the payment was): asked again, each time later, `maxReceiptPolls` times at most.
   */
  async function askForReceipts(limit: number): Promise<number> {
    const due = await store.dueReceiptPolls(new Date().toISOString(), limit);
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
      await store.scheduleReceiptPoll(checkout.id, new Date(Date.now() + delay).toISOString(), polls);
    }
    return due.length;
  }

  /** One pass over the due checkouts, the late receipts, then the due payouts; returns how many were looked at. */
  async function runOnce(): Promise<number> {
    const limit = options.batchSize ?? 100;
    const due = await store.duePolls(new Date().toISOString(), limit);
    await pass(due, 'checkoutId', reconcile, isOpen, (id, at, attempts) => store.schedulePoll(id, at, attempts), (checkout) => service.minPollIntervalMs(checkout));
    const receipts = await askForReceipts(limit);
    const { payouts } = options;
    if (!payouts) return due.length + receipts;
    const duePayouts = await store.duePayoutPolls(new Date().toISOString(), limit);
    await pass(duePayouts, 'payoutId', (payout) => payouts.poll(payout), (payout) => payout.status === 'processing', (id, at, attempts) => store.schedulePayoutPoll(id, at, attempts));
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
