import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createCheckoutService, type CheckoutService } from '../../server-example/checkouts/service';
import { createLogger } from '../../server-example/logger';
import { openTestStore, testMtnAdapter } from './helpers';
import { createReconciler } from '../../server-example/reconciler';
import { createMtnMomoSandbox } from '../../server-example/sandboxes/mtn-momo';
import { createStatusBus } from '../../server-example/status-bus';
import type { Store } from '../../server-example/store/types';
import { createCheckoutTokens } from '../../server-example/token';

// Real parts: a SQLite file, the MTN sandbox over HTTP, the adapter, the service, the reconciler.
// The sandbox's clock stands still, so MTN never expires an invoice by itself: only our
// reconciler can, which is what these tests are about.
const dir = mkdtempSync(join(tmpdir(), 'momo-reconciler-'));
let store: Store;
let server: ServerType;
let base: string;
let service: CheckoutService;
let providerReachable = true;

before(async () => {
  const startedAt = Date.now();
  const app = new Hono();
  app.use('/sandbox/mtn-momo/collection/*', async (c, next) => {
    if (!providerReachable) return c.json({ code: 'SERVICE_UNAVAILABLE', message: 'Service unavailable.' }, 503);
    await next();
  });
  app.route('/sandbox/mtn-momo', createMtnMomoSandbox({ now: () => startedAt }));
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  store = await openTestStore(join(dir, 'db.sqlite'));
  const adapter = testMtnAdapter(`${base}/sandbox/mtn-momo`);
  service = createCheckoutService({
    store,
    providers: new Map([['mtn-momo', adapter]]),
    tokens: createCheckoutTokens('x'.repeat(32), 'http://localhost'),
    bus: createStatusBus(),
    log: createLogger('silent'),
    callbackBaseUrl: 'http://localhost:9/v1/callbacks',
    firstPollDelayMs: 0,
  });
});
after(async () => {
  await store.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const reconciler = () =>
  createReconciler({ store, service, log: createLogger('silent'), intervalMs: 1_000, firstPollDelayMs: 0, maxPollDelayMs: 0, expiryGraceMs: 0, payInFlightMs: 150_000, giveUpAfterMs: 86_400_000 });

/** A checkout already past its expiry (expiresInSeconds 0), still open at MTN. */
async function overdueCheckout() {
  const { checkout } = await service.create({ provider: 'mtn-momo', method: 'invoice', amount: '5000', currency: 'UGX', reference: 'R-1', expiresInSeconds: 0 });
  return checkout;
}

const invoiceAtMtn = async (reference: string) => (await (await fetch(`${base}/sandbox/mtn-momo/control/invoices/${reference}`)).json()) as { status: string; errorReason?: { code: string } };

test('past its expiry, a checkout MTN still calls open is cancelled at MTN, then expired', async () => {
  const checkout = await overdueCheckout();
  await reconciler().runOnce();
  const after_ = await store.getCheckout(checkout.id);
  assert.deepEqual([after_?.status, after_?.reason], ['expired', 'expired']);
  const invoice = await invoiceAtMtn(checkout.providerReference!);
  assert.deepEqual([invoice.status, invoice.errorReason?.code], ['FAILED', 'TRANSACTION_CANCELED.']);
  const events = await store.listEvents(checkout.id);
  assert.deepEqual(
    events.map((e) => e.source),
    ['create', 'expiry'],
  );
});

test('a payment made before the reconciler gets to it is paid, not expired', async () => {
  const checkout = await overdueCheckout();
  await fetch(`${base}/sandbox/mtn-momo/control/invoices/${checkout.providerReference}/approve`, { method: 'POST' });
  await reconciler().runOnce();
  assert.equal((await store.getCheckout(checkout.id))?.status, 'paid');
});

test('while MTN cannot be reached, nothing is expired: the checkout waits for its word', async () => {
  const checkout = await overdueCheckout();
  providerReachable = false;
  try {
    await reconciler().runOnce();
    const waiting = await store.getCheckout(checkout.id);
    assert.equal(waiting?.status, 'pending');
    assert.equal(waiting?.pollAttempts, 1, 'polled again later');
  } finally {
    providerReachable = true;
  }
  await fetch(`${base}/sandbox/mtn-momo/control/invoices/${checkout.providerReference}/approve`, { method: 'POST' });
  await reconciler().runOnce();
  assert.equal((await store.getCheckout(checkout.id))?.status, 'paid', 'the payment made meanwhile is found');
});

test('nothing that arrives later or twice leaves a final status, even racing', async () => {
  const { checkout } = await service.create({ provider: 'mtn-momo', method: 'invoice', amount: '5000', currency: 'UGX', reference: 'R-2' });
  const outcomes = await Promise.all([
    service.lifecycle.apply(checkout.id, { status: 'paid', raw: 'SUCCESSFUL' }, 'callback'),
    service.lifecycle.apply(checkout.id, { status: 'failed', reason: 'rejected', raw: 'FAILED:APPROVAL_REJECTED' }, 'poll'),
    service.lifecycle.apply(checkout.id, { status: 'paid', raw: 'SUCCESSFUL' }, 'poll'),
  ]);
  const final = (await store.getCheckout(checkout.id))!;
  assert.ok(final.status === 'paid' || final.status === 'failed');
  assert.ok(
    outcomes.every((outcome) => outcome.status === final.status),
    'every caller sees the one outcome',
  );
  await service.lifecycle.apply(checkout.id, { status: 'expired', reason: 'expired', raw: 'FAILED:EXPIRED' }, 'poll');
  await service.lifecycle.apply(checkout.id, { status: final.status === 'paid' ? 'failed' : 'paid', raw: 'LATE' }, 'callback');
  assert.equal((await store.getCheckout(checkout.id))?.status, final.status);
  const events = await store.listEvents(checkout.id);
  assert.deepEqual(
    events.map((e) => e.status),
    ['pending', final.status],
    'one final event, never two',
  );
});
