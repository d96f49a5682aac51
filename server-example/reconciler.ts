import type { Logger } from 'pino';
import type { CheckoutService } from './checkouts/service';
import type { Store } from './store/types';

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

  async function reconcile(checkoutId: string) {
    let checkout = await store.getCheckout(checkoutId);
    if (!checkout) return;
    try {
      checkout = await service.confirm(checkout, 'poll');
    } catch (err) {
      log.warn({ checkoutId, err: (err as Error).message }, 'status poll failed');
    }
    if (checkout.status !== 'pending' && checkout.status !== 'processing') return;
    if (Date.now() > Date.parse(checkout.expiresAt) + options.expiryGraceMs) {
      await service.applyStatus(checkout.id, { status: 'expired', reason: 'expired', raw: 'EXPIRED_WITHOUT_OUTCOME' }, 'expiry');
      return;
    }
    const delay = nextDelay(checkout.pollAttempts);
    await store.schedulePoll(checkout.id, new Date(Date.now() + delay).toISOString(), checkout.pollAttempts + 1);
  }

  /** One pass over the due checkouts; returns how many were looked at. */
  async function runOnce(): Promise<number> {
    const due = await store.duePolls(new Date().toISOString(), options.batchSize ?? 100);
    for (const checkout of due) await reconcile(checkout.id);
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
