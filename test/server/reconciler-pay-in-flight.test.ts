/**
 * A push whose call is still waiting for its answer when the checkout expires. Multicaixa
 * Express (Mom Factura `mcx`) answers `POST /api/payment/mcx` only once the payer acts, and
 * that answer is the outcome: the reconciler must not expire the checkout as "nothing sent"
 * meanwhile, or an approval that follows would be lost. A real backend (startTestServer) with
 * the Mom Factura sandbox over real HTTP and its SQLite file; the reconciler's window for a
 * call in flight is the configured default (RECONCILE_PAY_IN_FLIGHT_MS, 150 s).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isFinalStatus, type StatusUpdate } from '../../contract';
import { openSqliteStore } from '../../server-example/store/sqlite';
import type { CheckoutRecord, Store } from '../../server-example/store/types';
import { readStatusEvents, startTestServer, type TestServer } from './helpers';

const PHONE = '244923000000';
/** The shortest expiry the API takes; a grace of -59 s makes the checkout overdue 1 s after it is made. */
const EXPIRES_IN_SECONDS = 60;
const EXPIRY_GRACE_MS = -59_000;

let server: TestServer;
/** The backend's own SQLite file, read to see what the reconciler did (it publishes nothing while a checkout stays open). */
let store: Store;

before(async () => {
  server = await startTestServer({ firstPollDelayMs: 100, maxPollDelayMs: 200, expiryGraceMs: EXPIRY_GRACE_MS });
  store = openSqliteStore(server.config.databaseFile);
});
after(async () => {
  await store.close();
  await server.close();
});

function pay(token: string) {
  return fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone: PHONE }),
  });
}

/** Re-reads `probe` until it returns something. */
async function observed<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The checkout once the reconciler has looked at it after `at`: it is rescheduled at the end of
 * each look, so the second reschedule counted from `at` ends a look that began after it.
 */
async function reconciledAfter(id: string, at: number): Promise<CheckoutRecord> {
  const seen = await observed(async () => (Date.now() > at ? store.getCheckout(id) : undefined));
  return observed(async () => {
    const checkout = (await store.getCheckout(id))!;
    return checkout.pollAttempts >= seen.pollAttempts + 2 || isFinalStatus(checkout.status) ? checkout : undefined;
  });
}

test('an MCX push held past the expiry keeps the checkout open; the payer approves → paid, with one final event', async () => {
  const created = await server.merchant('/v1/checkouts', {
    idempotencyKey: crypto.randomUUID(),
    body: { provider: 'mom-factura', method: 'mcx', amount: '5000', currency: 'AOA', reference: `MCX-${Math.random().toString(36).slice(2, 10)}`, expiresInSeconds: EXPIRES_IN_SECONDS },
  });
  assert.equal(created.status, 201);
  const { id, token, expiresAt } = (await created.json()) as { id: string; token: string; expiresAt: string };

  // The sandbox holds the push's answer until the payer acts (up to 90 s).
  const paying = pay(token);
  const overdueAt = Date.parse(expiresAt) + EXPIRY_GRACE_MS;
  const waiting = await reconciledAfter(id, overdueAt);
  assert.equal(waiting.status, 'pending', 'not expired while the push can still answer');
  assert.ok(waiting.payStartedAt, 'the push was started');
  assert.equal(waiting.providerReference, undefined, 'and has not answered yet');

  const final = readStatusEvents(server, token, (update) => isFinalStatus(update.status));
  assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
  const answer = await paying;
  assert.equal(answer.status, 202);
  const updates = await final;
  assert.deepEqual([updates.at(-1)?.status, updates.at(-1)?.reason], ['paid', undefined]);

  const view = (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as { status: string; events: { source: string; status: StatusUpdate['status']; providerStatus?: string }[] };
  assert.equal(view.status, 'paid');
  const finals = view.events.filter((event) => isFinalStatus(event.status));
  assert.deepEqual(finals.map((event) => [event.source, event.status, event.providerStatus]), [['payer', 'paid', 'mcx:SUCCESS']], 'exactly one final event, paid');
});
