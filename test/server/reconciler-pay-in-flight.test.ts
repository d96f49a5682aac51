/**
 * A push whose call is still waiting for its answer when the checkout expires. Multicaixa
 * Express (Mom Factura `mcx`) answers `POST /api/payment/mcx` only once the payer acts, and
 * that answer is the outcome: the reconciler must not expire the checkout as "nothing sent"
 * meanwhile, or an approval that follows would be lost. A real backend (startTestServer) with
 * the Mom Factura sandbox over real HTTP, on a manual clock with its reconciler stopped: the test
 * moves the clock past the expiry and drives the passes. The window for a call in flight is the
 * configured default (RECONCILE_PAY_IN_FLIGHT_MS, 150 s).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isFinalStatus, type StatusUpdate } from '../../contract';
import { manualClock, type ManualClock } from './clock';
import { readStatusEvents, startTestServer, type TestServer } from './helpers';
import { assertWebhooksMatch, webhooksOf } from './merchant-webhooks';

const PHONE = '244923000000';
const EXPIRES_IN_SECONDS = 60;
/** Clock time: each later poll of an open checkout is due at most this long after the last. */
const MAX_POLL_DELAY_MS = 200;
/** Passes over the overdue checkout, each a poll later, all well inside the window for a call in flight. */
const OVERDUE_PASSES = 3;

let clock: ManualClock;
let server: TestServer;

before(async () => {
  clock = manualClock();
  server = await startTestServer({ firstPollDelayMs: 100, maxPollDelayMs: MAX_POLL_DELAY_MS }, {}, {}, { clock, reconcile: false });
});
after(() => server.close());

function pay(token: string) {
  return fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone: PHONE }),
  });
}

interface MerchantView {
  status: StatusUpdate['status'];
  reason?: string;
  receiptUrl?: string;
  providerReference?: string;
  events: { source: string; status: StatusUpdate['status']; providerStatus?: string }[];
}

async function view(id: string): Promise<MerchantView> {
  return (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as MerchantView;
}

test('an MCX push held past the expiry keeps the checkout open; the payer approves → paid, with one final event', async () => {
  const created = await server.merchant('/v1/checkouts', {
    idempotencyKey: crypto.randomUUID(),
    body: { provider: 'mom-factura', method: 'mcx', amount: '5000', currency: 'AOA', reference: `MCX-${Math.random().toString(36).slice(2, 10)}`, expiresInSeconds: EXPIRES_IN_SECONDS },
  });
  assert.equal(created.status, 201);
  const { id, token, expiresAt } = (await created.json()) as { id: string; token: string; expiresAt: string };

  // The sandbox holds a push's answer until the payer acts (up to 90 s). Of two pushes sent at
  // once, one is held and the other refused at once: the push has started.
  const pushes = [pay(token), pay(token)];
  const refusedIndex = await Promise.race(pushes.map((push, index) => push.then(() => index)));
  const refused = await pushes[refusedIndex]!;
  assert.equal(refused.status, 409);
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'PUSH_LIVE');
  const paying = pushes[1 - refusedIndex]!;

  // Overdue (the default grace is 0 here): each pass looks at the checkout and leaves it open.
  clock.set(Date.parse(expiresAt) + 1);
  let waiting = await view(id);
  for (let pass = 0; pass < OVERDUE_PASSES; pass += 1) {
    assert.equal(await server.reconciler.runOnce(), 1, 'the overdue checkout was looked at');
    waiting = await view(id);
    assert.equal(waiting.status, 'pending', `not expired while the push can still answer (pass ${pass + 1})`);
    clock.advance(MAX_POLL_DELAY_MS);
  }
  assert.equal(waiting.providerReference, undefined, 'and the push has not answered yet');
  assertWebhooksMatch(await webhooksOf(server, id), { id, status: waiting.status });

  const final = readStatusEvents(server, token, (update) => isFinalStatus(update.status));
  assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
  const answer = await paying;
  assert.equal(answer.status, 202);
  const updates = await final;
  assert.deepEqual([updates.at(-1)?.status, updates.at(-1)?.reason], ['paid', undefined]);

  const paid = await view(id);
  assert.equal(paid.status, 'paid');
  const finals = paid.events.filter((event) => isFinalStatus(event.status));
  assert.deepEqual(
    finals.map((event) => [event.source, event.status, event.providerStatus]),
    [['payer', 'paid', 'mcx:SUCCESS']],
    'exactly one final event, paid',
  );
  assertWebhooksMatch(await webhooksOf(server, id), { id, status: paid.status, reason: paid.reason, receiptUrl: paid.receiptUrl });
});
