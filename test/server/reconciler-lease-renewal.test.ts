/**
 * Two reconcilers on one database, their time driven: a pass takes a handful of due checkouts
 * under one lease, and the work on the first ones uses most of it. Each checkout's lease is renewed
 * as its work starts, so the other instance never polls the one in hand; one whose lease lapsed
 * before the pass reached it, and which the other instance took over meanwhile, is skipped.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { createCheckoutService } from '../../server-example/checkouts/service';
import type { ProviderAdapter } from '../../server-example/providers/types';
import { createReconciler } from '../../server-example/reconciler';
import { createStatusBus } from '../../server-example/status-bus';
import type { Store } from '../../server-example/store/types';
import { createCheckoutTokens } from '../../server-example/token';
import { manualClock } from './clock';
import { at, dueCheckout, LEASE_MS, START } from './fixtures/lease-records';
import { twoInstances } from './fixtures/two-instances';

const instances = twoInstances('reconciler-lease-renewal');
const clock = manualClock(START);
const log = pino({ level: 'silent' });

/** Status calls in flight, by checkout: two at once for one would be two instances working it. */
const inFlight = new Map<string, number>();
let mostAtOnce = 0;
const polled: [instance: string, checkoutId: string][] = [];

/**
 * A provider whose status calls take `workMs[checkoutId]` of the test's time (slow calls, the
 * rate limiter's waits); `during` runs while a call is in flight.
 */
function slowProvider(instance: string, workMs: Record<string, number>, during: (checkoutId: string) => Promise<void>): ProviderAdapter {
  return {
    id: 'slow',
    methods: { code: { currencies: ['UGX'], amount: { min: '1', max: '1000000' } } },
    operationFor: (method) => `payment.${method}`,
    async create() {
      throw new Error('not used');
    },
    async fetchStatus(checkout) {
      polled.push([instance, checkout.id]);
      const now = (inFlight.get(checkout.id) ?? 0) + 1;
      inFlight.set(checkout.id, now);
      mostAtOnce = Math.max(mostAtOnce, now);
      clock.advance(workMs[checkout.id] ?? 0);
      await during(checkout.id);
      inFlight.set(checkout.id, now - 1);
      return { status: 'pending', raw: 'PENDING' };
    },
    callbackReference: () => '',
  };
}

function reconciler(store: Store, provider: ProviderAdapter) {
  const service = createCheckoutService({
    store,
    providers: new Map([['slow', provider]]),
    tokens: createCheckoutTokens('x'.repeat(32), 'http://localhost'),
    bus: createStatusBus(),
    log,
    clock,
    callbackBaseUrl: 'http://localhost:9/v1/callbacks',
    firstPollDelayMs: 0,
  });
  // Polled again an hour on: nothing worked here comes due again within the test.
  return createReconciler({
    store,
    service,
    clock,
    log,
    intervalMs: 1_000,
    firstPollDelayMs: 3_600_000,
    maxPollDelayMs: 3_600_000,
    expiryGraceMs: 0,
    payInFlightMs: 0,
    giveUpAfterMs: 86_400_000,
    leaseMs: LEASE_MS,
  });
}

test("a checkout's lease is renewed as its work starts: never polled by two instances at once; one taken over while it waited is skipped", async () => {
  const ids = ['co_first', 'co_second', 'co_third'];
  for (const [index, id] of ids.entries()) {
    await instances.one.insertCheckout({ ...dueCheckout(id, at(index), at(86_400_000)), provider: 'slow', method: 'code', providerReference: `ref-${id}` });
  }
  clock.set(START + 1_000);

  let secondPass: Promise<number> | undefined;
  const b = reconciler(
    instances.two,
    slowProvider('B', {}, async () => {}),
  );
  // The first call uses under half of the handful's lease, so the second starts with over half of it
  // left; it takes most of a lease, and while it is in flight the other instance passes, past the
  // lease the handful was taken with.
  const a = reconciler(
    instances.one,
    slowProvider('A', { co_first: 0.45 * LEASE_MS, co_second: 0.6 * LEASE_MS }, async (checkoutId) => {
      if (checkoutId !== 'co_second') return;
      secondPass = b.runOnce();
      await secondPass;
    }),
  );

  const workedByA = await a.runOnce();
  assert.equal(mostAtOnce, 1, `never two status calls for one checkout at once: ${JSON.stringify(polled)}`);
  assert.deepEqual(polled, [
    ['A', 'co_first'],
    ['A', 'co_second'],
    ['B', 'co_third'],
  ]);
  assert.equal(workedByA, 2, 'A worked the first two');
  assert.equal(await secondPass, 1, "B took over the third, whose lease lapsed before A's pass reached it");

  // Each rescheduled once, by whoever worked it: A's renewal of the third failed, and A left it alone.
  for (const id of ids) {
    const checkout = await instances.one.getCheckout(id);
    assert.equal(checkout?.pollAttempts, 1, id);
  }
  assert.deepEqual(await instances.one.duePolls(new Date(clock.now()).toISOString(), 100), [], 'all rescheduled an hour on');
});
