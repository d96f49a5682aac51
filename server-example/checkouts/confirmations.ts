import type { Logger } from 'pino';
import type { CheckoutRecord, Store } from '../store/types';
import type { CheckoutService } from './service';

/**
 * How a callback's confirmation went: `confirmed` (the provider was asked and its word applied),
 * `failed` (it could not say; the reconciler asks instead), `settled` (nothing it says can change
 * the checkout), `deferred` (a confirmation already scheduled covers this callback too).
 */
export type ConfirmationOutcome = 'confirmed' | 'failed' | 'settled' | 'deferred';

/** Callback confirmations of one checkout that may go out back to back (a provider sends two or three per payment). */
export const CONFIRMATION_BURST = 3;
/** After a burst, one more per checkout every this long (or its provider's poll interval, when longer). */
export const CONFIRMATION_REFILL_MS = 10_000;

export interface CallbackConfirmationsDeps {
  store: Pick<Store, 'getCheckout'>;
  service: Pick<CheckoutService, 'confirm' | 'pollNow' | 'minPollIntervalMs'>;
  /** Nothing a provider says can change it (the lifecycle's `isSettled`): no status call. */
  isSettled(checkout: CheckoutRecord): boolean;
  log: Logger;
  /**
   * A confirmation still unanswered this long has the reconciler ask at once too (the provider's
   * own answer still applies when it comes), so the news is not held up by one slow call.
   */
  pollIfLateMs: number;
  burst?: number;
  refillMs?: number;
}

/** One checkout's confirmations: a token bucket, the one in flight, and whether one more is owed. */
interface Lane {
  tokens: number;
  refilledAt: number;
  /** The confirmation in flight: callbacks arriving meanwhile wait for it. */
  running?: Promise<ConfirmationOutcome>;
  /** A callback came after the running confirmation began, or when none was left: one more follows. */
  owed: boolean;
  followUp?: NodeJS.Timeout;
  forget?: NodeJS.Timeout;
}

/**
 * Callbacks are unauthenticated (Mom Factura's, MTN's) and name a payment anyone may know, so each
 * cannot cost a status call: per checkout, callbacks share the confirmation in flight, one more
 * follows it (the news may postdate its question), and beyond a short burst they are spaced out.
 * n forged callbacks for one checkout thus cost a bounded few calls, never a queue in the
 * provider's rate limit that every other checkout's confirmation waits behind.
 */
export function createCallbackConfirmations(deps: CallbackConfirmationsDeps) {
  const { store, service, log } = deps;
  const burst = deps.burst ?? CONFIRMATION_BURST;
  const lanes = new Map<string, Lane>();

  const refillMsOf = (checkout: CheckoutRecord) => Math.max(deps.refillMs ?? CONFIRMATION_REFILL_MS, service.minPollIntervalMs(checkout));

  const settled = deps.isSettled;

  function laneOf(checkoutId: string): Lane {
    let lane = lanes.get(checkoutId);
    if (!lane) {
      lane = { tokens: burst, refilledAt: Date.now(), owed: false };
      lanes.set(checkoutId, lane);
    }
    clearTimeout(lane.forget);
    return lane;
  }

  function refill(lane: Lane, refillMs: number) {
    const now = Date.now();
    lane.tokens = Math.min(burst, lane.tokens + (now - lane.refilledAt) / refillMs);
    lane.refilledAt = now;
  }

  /** One confirmation; should it fail, or be late, the reconciler asks instead: once, however many callbacks share it. */
  async function confirmOnce(checkout: CheckoutRecord): Promise<ConfirmationOutcome> {
    let polled = false;
    const pollInstead = async (why: string) => {
      if (polled) return;
      polled = true;
      log.warn({ checkoutId: checkout.id, why }, 'callback not confirmed; polling');
      await service.pollNow(checkout).catch((err: unknown) => log.warn({ checkoutId: checkout.id, err: (err as Error).message }, 'could not schedule a poll'));
    };
    const late = setTimeout(() => void pollInstead('late'), deps.pollIfLateMs).unref();
    try {
      await service.confirm(checkout, 'callback');
      return 'confirmed';
    } catch (err) {
      await pollInstead((err as Error).message);
      return 'failed';
    } finally {
      clearTimeout(late);
    }
  }

  function run(checkout: CheckoutRecord, lane: Lane): Promise<ConfirmationOutcome> {
    lane.tokens -= 1;
    lane.owed = false;
    const running = confirmOnce(checkout).finally(() => {
      lane.running = undefined;
      afterRun(checkout, lane);
    });
    lane.running = running;
    return running;
  }

  function afterRun(checkout: CheckoutRecord, lane: Lane) {
    const refillMs = refillMsOf(checkout);
    if (lane.owed) return scheduleFollowUp(checkout, lane, refillMs);
    // Kept until its bucket is full again, so that callbacks spaced just apart gain no fresh burst.
    refill(lane, refillMs);
    lane.forget = setTimeout(() => lanes.delete(checkout.id), (burst - lane.tokens) * refillMs).unref();
  }

  /** The owed confirmation, once the bucket holds one: the checkout as it then stands. */
  function scheduleFollowUp(checkout: CheckoutRecord, lane: Lane, refillMs: number) {
    refill(lane, refillMs);
    const waitMs = Math.max(0, (1 - lane.tokens) * refillMs);
    lane.followUp = setTimeout(async () => {
      lane.followUp = undefined;
      const current = await store.getCheckout(checkout.id).catch(() => undefined);
      if (!current || settled(current)) {
        lane.owed = false;
        afterRun(checkout, lane);
        return;
      }
      refill(lane, refillMs);
      void run(current, lane);
    }, waitMs).unref();
  }

  return {
    /** The confirmation a callback for `checkout` gets: one of its own, a share in another, or none needed. */
    request(checkout: CheckoutRecord): Promise<ConfirmationOutcome> {
      if (settled(checkout)) return Promise.resolve('settled');
      const lane = laneOf(checkout.id);
      if (lane.running) {
        lane.owed = true;
        return lane.running;
      }
      if (lane.followUp) return Promise.resolve('deferred');
      const refillMs = refillMsOf(checkout);
      refill(lane, refillMs);
      if (lane.tokens >= 1) return run(checkout, lane);
      lane.owed = true;
      scheduleFollowUp(checkout, lane, refillMs);
      return Promise.resolve('deferred');
    },
  };
}

export type CallbackConfirmations = ReturnType<typeof createCallbackConfirmations>;
