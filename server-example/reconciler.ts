import type { Logger } from 'pino';
import type { CheckoutService } from './checkouts/service';
import { isFinalStatus } from '../src/core/types';
import type { CheckoutRecord, Store } from './store/types';

export interface ReconcilerOptions {
  store: Store;
  service: CheckoutService;
  log: Logger;
  /** How often to look for checkouts whose poll is due. */
  intervalMs: number;
  /** The first poll's delay; each later one doubles, up to `maxPollDelayMs`. */
  firstPollDelayMs: number;
  maxPollDelayMs: number;
  /** How long past its expiry a checkout the provider still calls open is kept open. */
  expiryGraceMs: number;
  batchSize?: number;
}

/**
 * Polls the provider for every checkout still waiting for an outcome, so that a lost
 * callback never leaves a payment unknown, and expires what the provider never settles.
 */
export function createReconciler(options: ReconcilerOptions) {
  const { store, service, log } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  const nextDelay = (attempts: number) => Math.min(options.firstPollDelayMs * 2 ** attempts, options.maxPollDelayMs);

  const isOpen = (checkout: CheckoutRecord) => !isFinalStatus(checkout.status);
  const overdue = (checkout: CheckoutRecord) => Date.now() > Date.parse(checkout.expiresAt) + options.expiryGraceMs;

  async function reconcile(checkout: CheckoutRecord): Promise<CheckoutRecord> {
    const update = await service.fetchProviderStatus(checkout);
    if (update) checkout = await service.applyStatus(checkout.id, update, 'poll');
    if (!isOpen(checkout) || !overdue(checkout)) return checkout;
    // Only a provider that answered may be overruled: closed there first, so nobody pays after.
    return update
      ? service.expire(checkout)
      : service.applyStatus(checkout.id, { status: 'expired', reason: 'expired', raw: 'UNKNOWN_TO_PROVIDER' }, 'expiry');
  }

  /** One pass over the due checkouts; returns how many were looked at. */
  async function runOnce(): Promise<number> {
    const due = await store.duePolls(new Date().toISOString(), options.batchSize ?? 100);
    for (let checkout of due) {
      try {
        checkout = await reconcile(checkout);
      } catch (err) {
        // The provider could not say, or refused: the checkout stays open and is asked again later.
        log.warn({ checkoutId: checkout.id, err: (err as Error).message }, 'reconcile failed');
      }
      if (isOpen(checkout)) {
        const delay = nextDelay(checkout.pollAttempts);
        await store.schedulePoll(checkout.id, new Date(Date.now() + delay).toISOString(), checkout.pollAttempts + 1);
      }
    }
    return due.length;
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
