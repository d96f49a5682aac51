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
  batchSize?: number;
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

  /**
   * What went out for a checkout the provider cannot report on: nothing; a push whose call is
   * still waiting for its answer (the answer is the outcome); or a request whose answer we will
   * never have (lost, or the process died mid-call).
   */
  function whatWasSent(checkout: CheckoutRecord): 'nothing' | 'in-flight' | 'outcome-unknown' {
    if (checkout.providerReference) return 'outcome-unknown';
    if (!checkout.payStartedAt) return 'nothing';
    return Date.now() < Date.parse(checkout.payStartedAt) + options.payInFlightMs ? 'in-flight' : 'outcome-unknown';
  }

  async function reconcile(checkout: CheckoutRecord): Promise<CheckoutRecord> {
    const update = await service.fetchProviderStatus(checkout);
    if (update) checkout = await service.applyStatus(checkout.id, update, 'poll');
    if (!isOpen(checkout) || !overdue(checkout)) return checkout;
    // Only a provider that answered may be overruled: closed there first, so nobody pays after.
    if (update) return service.expire(checkout);
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
  ): Promise<void> {
    for (let item of due) {
      try {
        item = await settle(item);
      } catch (err) {
        // The provider could not say, or refused: the item stays open and is asked again later.
        log.warn({ [kind]: item.id, err: (err as Error).message }, 'reconcile failed');
      }
      if (open(item)) {
        const delay = nextDelay(item.pollAttempts);
        await reschedule(item.id, new Date(Date.now() + delay).toISOString(), item.pollAttempts + 1);
      }
    }
  }

  /** One pass over the due checkouts, then the due payouts; returns how many were looked at. */
  async function runOnce(): Promise<number> {
    const limit = options.batchSize ?? 100;
    const due = await store.duePolls(new Date().toISOString(), limit);
    await pass(due, 'checkoutId', reconcile, isOpen, (id, at, attempts) => store.schedulePoll(id, at, attempts));
    const { payouts } = options;
    if (!payouts) return due.length;
    const duePayouts = await store.duePayoutPolls(new Date().toISOString(), limit);
    await pass(duePayouts, 'payoutId', (payout) => payouts.poll(payout), (payout) => payout.status === 'processing', (id, at, attempts) => store.schedulePayoutPoll(id, at, attempts));
    return due.length + duePayouts.length;
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
