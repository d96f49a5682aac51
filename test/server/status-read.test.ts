/**
 * The status poll's own reads: Store.checkoutStatus (what `GET /v1/session/status` shows, read
 * without the rest of the row) answers as the full read would, and a token the route verified
 * before (kept in the token cache) is answered exactly as one it never saw.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toStatusUpdate } from '../../server-example/checkouts/views';
import { settleWindowMs } from '../../server-example/reconciler';
import type { CheckoutRecord, PushAttempt, Store } from '../../server-example/store/types';
import { createCheckoutTokens } from '../../server-example/token';
import { manualClock } from './clock';
import { createCheckout, openTestStore, startTestServer, type TestServer } from './helpers';

/** What checkoutStatus reads: the status answer's fields, and the version its ETag names. */
const STATUS_FIELDS = ['id', 'version', 'status', 'reason', 'updatedAt', 'receiptUrl', 'charge', 'payment', 'push', 'payStartedAt'] as const;

describe('Store.checkoutStatus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'momo-status-read-'));
  let store: Store;
  before(async () => {
    store = await openTestStore(join(dir, 'store.sqlite'));
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The narrow read holds what the full one does of those fields, and the status answer made of it is the same. */
  async function readsAsGetCheckout(id: string, state: string) {
    const full = (await store.getCheckout(id))!;
    const status = await store.checkoutStatus(id);
    assert.deepEqual(status, Object.fromEntries(STATUS_FIELDS.map((field) => [field, full[field]])), state);
    assert.deepEqual(toStatusUpdate(status as CheckoutRecord), toStatusUpdate(full), state);
    return full.version;
  }

  test('reads what getCheckout reads of the status, through a push, its end, a charge and the payment', async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();
    const checkout: CheckoutRecord = {
      id: 'co_status_read',
      provider: 'mtn-momo',
      method: 'push',
      amount: '5000',
      currency: 'UGX',
      reference: 'R-SR',
      description: 'Term fees',
      status: 'pending',
      instructions: [{ kind: 'push', needsPhone: true, phonePattern: '^2567\\d{8}$' }],
      expiresAt: at(30),
      createdAt: at(0),
      updatedAt: at(0),
      version: 0,
      pollAttempts: 0,
    };
    await store.insertCheckout(checkout);
    let version = await readsAsGetCheckout(checkout.id, 'created');

    const push: PushAttempt = { id: 'push_1', to: '+256 77• ••• 456', at: at(1), liveUntil: at(3), approvalsCode: '*165#' };
    assert.equal(await store.startPay(checkout.id, at(1), push), true);
    version = await readsAsGetCheckout(checkout.id, 'push live');
    const charge = { amount: '5000', fee: '250', total: '5250', currency: 'UGX' };
    assert.equal(await store.updateCharge(checkout.id, version, charge, at(2)), true);
    version = await readsAsGetCheckout(checkout.id, 'charged');
    assert.equal(await store.endPush(checkout.id, version, { status: 'pending', source: 'poll', at: at(4) }, { ...push, endedAt: at(4), endReason: 'timeout' }), true);
    version = await readsAsGetCheckout(checkout.id, 'push ended, payable again');

    assert.equal(await store.startPay(checkout.id, at(5), { ...push, id: 'push_2', at: at(5) }), true);
    version = await readsAsGetCheckout(checkout.id, 'second push');
    const paid = { status: 'paid' as const, payment: { paidAt: at(6), transactionId: 'TX-1' }, charge, receiptUrl: 'https://example.test/r/1', source: 'callback' as const, at: at(6) };
    assert.equal(await store.changeStatus(checkout.id, version, paid), true);
    await readsAsGetCheckout(checkout.id, 'paid');
  });

  test('reads a failure reason; undefined for a checkout it does not hold', async () => {
    const now = new Date().toISOString();
    const checkout: CheckoutRecord = {
      id: 'co_status_failed',
      provider: 'mtn-momo',
      method: 'invoice',
      amount: '100',
      currency: 'UGX',
      reference: 'R-SF',
      status: 'pending',
      instructions: [],
      expiresAt: now,
      createdAt: now,
      updatedAt: now,
      version: 0,
      pollAttempts: 0,
    };
    await store.insertCheckout(checkout);
    assert.equal(await store.changeStatus(checkout.id, 0, { status: 'failed', reason: 'rejected', source: 'poll', at: now }), true);
    await readsAsGetCheckout(checkout.id, 'failed');
    assert.equal((await store.checkoutStatus(checkout.id))?.reason, 'rejected');
    assert.equal(await store.checkoutStatus('co_missing'), undefined);
  });
});

/** An answer as a client sees it, less what differs on every request. */
async function seen(response: Response) {
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date' && name !== 'x-request-id'));
  return { status: response.status, headers, body: await response.text() };
}

describe('GET /v1/session/status with a token it took before', () => {
  const clock = manualClock();
  let server: TestServer;
  before(async () => {
    server = await startTestServer({}, {}, {}, { clock, reconcile: false });
  });
  after(() => server.close());

  /** A token for the checkout the backend has not seen yet: its first request goes through the session middleware. */
  let signed = 0;
  const freshToken = (checkoutId: string, expiresAt: string) => createCheckoutTokens(server.config.tokenSecret, server.url, clock).sign(checkoutId, new Date(expiresAt), { locale: `x-${++signed}` });
  const status = (token: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(`${server.url}/v1/session/status`, { method, headers: { Authorization: `Bearer ${token}`, ...headers } });

  test('answers 200 and 304 with the headers and body of its first answer', async () => {
    const { id, token, expiresAt } = await createCheckout(server);
    const first = await seen(await status(token));
    assert.equal(first.status, 200);
    assert.deepEqual(await seen(await status(token)), first);
    const etag = first.headers.etag!;
    // Another token for the checkout, its first request a poll.
    const other = await freshToken(id, expiresAt);
    const firstPoll = await seen(await status(other, { 'If-None-Match': etag }));
    assert.equal(firstPoll.status, 304);
    assert.deepEqual(await seen(await status(other, { 'If-None-Match': etag })), firstPoll);
    assert.deepEqual(await seen(await status(token, { 'If-None-Match': etag })), firstPoll);
  });

  test('takes it as long as the middleware takes a token it never saw: a GET through the settle window, a HEAD until exp', async () => {
    const { id, token, expiresAt } = await createCheckout(server);
    assert.equal((await status(token)).status, 200);
    const exp = Date.parse(expiresAt);
    const window = settleWindowMs(server.config.reconcile);
    const moments = [
      ['before exp', exp - 1_000],
      ['past exp', exp + 1_000],
      ['past the settle window', exp + window + 1_000],
    ] as const;
    for (const [moment, at] of moments) {
      clock.set(at);
      for (const method of ['GET', 'HEAD']) {
        const kept = await seen(await status(token, {}, method));
        const never = await seen(await status(await freshToken(id, expiresAt), {}, method));
        assert.deepEqual(kept, never, `${method} ${moment}`);
      }
    }
    clock.set(exp + 1_000);
    assert.equal((await status(token)).status, 200, 'a GET past exp is still read');
    assert.equal((await status(token, {}, 'HEAD')).status, 401, 'a HEAD past exp is not');
  });
});
