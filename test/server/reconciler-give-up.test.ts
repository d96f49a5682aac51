/**
 * A checkout the provider keeps calling open long after its expiry, and will not close (an MTN
 * push to 46733123454, a MoMo VN order): followed until `giveUpAfterMs`, then `expired` with reason
 * `outcome_unknown` and one error line, so that someone looks; never polled for ever in silence.
 * Real SQLite store, service and reconciler; the provider is a stub that always says pending.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { createCheckoutService, type CheckoutService } from '../../server-example/checkouts/service';
import { createLogger } from '../../server-example/logger';
import { ProviderError, type ProviderAdapter } from '../../server-example/providers/types';
import { createReconciler } from '../../server-example/reconciler';
import { callbackRoutes } from '../../server-example/routes/callbacks';
import { createStatusBus } from '../../server-example/status-bus';
import type { Store } from '../../server-example/store/types';
import { createCheckoutTokens } from '../../server-example/token';
import { openTestStore } from './helpers';

/** What the provider says of every payment: pending, until a test has it paid at last. */
let providerSays: 'pending' | 'paid' = 'pending';

/** Pending at the provider, which has no way to close it; its callbacks name the payment in the body. */
const stuck: ProviderAdapter = {
  id: 'stuck',
  methods: { code: { currencies: ['UGX'], amount: { min: '1', max: '1000000000' } } },
  operationFor: (method) => `payment.${method}`,
  async create({ referenceId }) {
    return { providerReference: referenceId, instructions: [{ kind: 'code', code: '123456' }], status: { status: 'pending', raw: 'PENDING' } };
  },
  async fetchStatus() {
    return providerSays === 'paid' ? { status: 'paid', raw: 'SUCCESSFUL' } : { status: 'pending', raw: 'PENDING' };
  },
  callbackReference({ rawBody }) {
    if (!rawBody) throw new ProviderError('rejected', 'MALFORMED_CALLBACK', 'No reference.');
    return rawBody;
  },
};

const dir = mkdtempSync(join(tmpdir(), 'momo-give-up-'));
let store: Store;
let service: CheckoutService;
const logLines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
    done();
  },
});

before(async () => {
  store = await openTestStore(join(dir, 'db.sqlite'));
  service = createCheckoutService({
    store,
    providers: new Map([['stuck', stuck]]),
    tokens: createCheckoutTokens('x'.repeat(32), 'http://localhost'),
    bus: createStatusBus(),
    log: createLogger('info', sink),
    callbackBaseUrl: 'http://localhost:9/v1/callbacks',
    firstPollDelayMs: 0,
  });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function reconciler(giveUpAfterMs: number) {
  return createReconciler({ store, service, log: createLogger('info', sink), intervalMs: 1_000, firstPollDelayMs: 0, maxPollDelayMs: 0, expiryGraceMs: 0, payInFlightMs: 0, giveUpAfterMs });
}

test('past its expiry but within the give-up time, a checkout the provider calls open stays open', async () => {
  const { checkout } = await service.create({ provider: 'stuck', method: 'code', amount: '5000', currency: 'UGX', reference: 'R-open', expiresInSeconds: 0 });
  await reconciler(60_000).runOnce();
  assert.equal((await store.getCheckout(checkout.id))?.status, 'pending');
  assert.deepEqual(
    logLines.filter((line) => line.level === 50),
    [],
  );
});

test('past the give-up time: expired as outcome_unknown (STILL_OPEN:…), once, with one error line to reconcile by hand', async () => {
  logLines.length = 0;
  const { checkout } = await service.create({ provider: 'stuck', method: 'code', amount: '5000', currency: 'UGX', reference: 'R-stuck', expiresInSeconds: 0 });
  await reconciler(0).runOnce();
  const ended = (await store.getCheckout(checkout.id))!;
  assert.deepEqual([ended.status, ended.reason], ['expired', 'outcome_unknown']);
  const events = await store.listEvents(checkout.id);
  assert.deepEqual(
    events.map((e) => (e.providerStatus ? [e.source, e.status, e.providerStatus] : [e.source, e.status])),
    [
      ['create', 'pending'],
      ['expiry', 'expired', 'STILL_OPEN:PENDING'],
    ],
  );
  const errors = logLines.filter((line) => line.level === 50 && line.checkoutId === checkout.id);
  assert.deepEqual(
    errors.map((line) => [line.msg, line.checkoutId, line.providerStatus]),
    [['still open at the provider long after expiry: reconcile by hand', checkout.id, 'PENDING']],
  );
});

test('a "paid" callback after the give-up is confirmed and recorded as the provider\'s resolution; the final status stays', async () => {
  logLines.length = 0;
  const { checkout } = await service.create({ provider: 'stuck', method: 'code', amount: '5000', currency: 'UGX', reference: 'R-late', expiresInSeconds: 0 });
  await reconciler(0).runOnce();
  assert.equal((await store.getCheckout(checkout.id))?.reason, 'outcome_unknown');
  providerSays = 'paid';
  try {
    const callbacks = callbackRoutes({ store, service, providers: new Map([['stuck', stuck]]), log: createLogger('silent') });
    const response = await callbacks.request('/stuck', { method: 'POST', body: (await store.getCheckout(checkout.id))!.providerReference });
    assert.equal(response.status, 200);
  } finally {
    providerSays = 'pending';
  }
  const unchanged = (await store.getCheckout(checkout.id))!;
  assert.deepEqual([unchanged.status, unchanged.reason], ['expired', 'outcome_unknown'], 'a final status never changes');
  assert.deepEqual([unchanged.resolution?.outcome, unchanged.resolution?.source], ['paid', 'provider']);
  const events = await store.listEvents(checkout.id);
  assert.deepEqual(events.at(-1)?.resolution, unchanged.resolution, 'the resolution is in the history too');
  const webhooks = await store.listWebhookEvents({ subjectId: checkout.id, limit: 10 });
  assert.deepEqual(
    webhooks.map((event) => event.type),
    ['checkout.resolved', 'checkout.expired'],
  );
  assert.equal(JSON.parse(webhooks[0]!.payload).data.resolution.source, 'provider');
});
