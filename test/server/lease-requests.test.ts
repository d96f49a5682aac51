/**
 * Requests during a lease, with two stores on one database (two instances): a request to poll
 * sooner (a callback that could not be confirmed) or a merchant's resend moves the schedule, never
 * the lease another instance holds, so the work in flight is never doubled; the holder's reschedule
 * keeps the sooner time, and a lease whose holder died is still taken over.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { createWebhookWorker } from '../../server-example/webhooks/worker';
import { manualClock } from './clock';
import { at, dueCheckout, LEASE_MS, START } from './fixtures/lease-records';
import { outboxWriter } from './fixtures/outbox';
import { twoInstances } from './fixtures/two-instances';

const instances = twoInstances('lease-requests');
/** Each test in its own hour: what one leaves due or leased never reaches the next. */
const hour = (n: number) => n * 3_600_000;
/** Past every time the checkouts here are polled at. */
const EXPIRES_AT = at(hour(24));

/** The row `id` among those a read returned, if it was. */
const find = <T extends { id: string }>(rows: T[], id: string) => rows.find((row) => row.id === id);

test("a poll requested during another instance's lease waits for it; the holder's later reschedule keeps the requested time", async () => {
  const t = hour(1);
  await instances.one.insertCheckout(dueCheckout('co_request', at(t), EXPIRES_AT));
  assert.ok(find(await instances.one.duePolls(at(t), 100, at(t + LEASE_MS)), 'co_request'), 'one takes it');

  // A callback on the other instance could not be confirmed: it asks for a poll at once.
  await instances.two.requestPoll('co_request', at(t + 1_000));
  assert.equal(find(await instances.two.duePolls(at(t + 2_000), 100, at(t + 2_000 + LEASE_MS)), 'co_request'), undefined, 'the lease holds: never two polls at once');
  assert.equal(find(await instances.two.duePolls(at(t + 2_000), 100), 'co_request'), undefined, 'a plain read sees it leased too');

  // One's poll ended; it reschedules later than the request, which ends its lease.
  assert.ok(await instances.one.schedulePoll('co_request', at(t + 30_000), 1, at(t + LEASE_MS)));
  // A request for later never delays it.
  await instances.two.requestPoll('co_request', at(t + 50_000));
  const taken = find(await instances.two.duePolls(at(t + 3_000), 100, at(t + 3_000 + LEASE_MS)), 'co_request');
  assert.equal(taken?.nextPollAt, at(t + 1_000), 'due at the requested time, not the holder’s');
  assert.equal(taken?.pollAttempts, 1);

  // Without a lease, a request makes it due at once.
  assert.ok(await instances.two.schedulePoll('co_request', at(t + hour(1) / 2), 2, at(t + 3_000 + LEASE_MS)));
  assert.equal(find(await instances.one.duePolls(at(t + 4_000), 100), 'co_request'), undefined);
  await instances.one.requestPoll('co_request', at(t + 4_000));
  assert.equal(find(await instances.one.duePolls(at(t + 4_000), 100, at(t + 4_000 + LEASE_MS)), 'co_request')?.nextPollAt, at(t + 4_000));
});

test('a lease whose holder died is taken over once it lapses, a poll requested meanwhile or not', async () => {
  const t = hour(2);
  await instances.one.insertCheckout(dueCheckout('co_died', at(t), EXPIRES_AT));
  assert.ok(find(await instances.one.duePolls(at(t), 100, at(t + LEASE_MS)), 'co_died'));
  await instances.two.requestPoll('co_died', at(t + 1_000));
  assert.equal(find(await instances.two.duePolls(at(t + LEASE_MS - 1), 100, at(t + 2 * LEASE_MS)), 'co_died'), undefined, 'not before the lease lapses');
  assert.ok(find(await instances.two.duePolls(at(t + LEASE_MS + 1), 100, at(t + 2 * LEASE_MS)), 'co_died'), 'taken over once it lapsed');
  // The new holder died too, with no request: still taken over.
  assert.ok(find(await instances.one.duePolls(at(t + 2 * LEASE_MS + 1), 100, at(t + 3 * LEASE_MS)), 'co_died'));
});

test("a receipt poll requested during another instance's lease waits for it; the holder's reschedule, or its stop, keeps it", async () => {
  const t = hour(3);
  await instances.one.insertCheckout(dueCheckout('co_receipt_request', at(t), EXPIRES_AT));
  assert.ok(await instances.one.changeStatus('co_receipt_request', 0, { status: 'paid', source: 'poll', at: at(t), receiptPollAt: at(t) }));
  assert.ok(find(await instances.one.dueReceiptPolls(at(t), 100, at(t + LEASE_MS)), 'co_receipt_request'));

  await instances.two.requestReceiptPoll('co_receipt_request', at(t + 1_000));
  assert.equal(find(await instances.two.dueReceiptPolls(at(t + 2_000), 100, at(t + 2_000 + LEASE_MS)), 'co_receipt_request'), undefined, 'the lease holds');
  assert.ok(await instances.one.scheduleReceiptPoll('co_receipt_request', at(t + 30_000), 1, at(t + LEASE_MS)));
  const taken = find(await instances.two.dueReceiptPolls(at(t + 3_000), 100, at(t + 3_000 + LEASE_MS)), 'co_receipt_request');
  assert.equal(taken?.receiptPollAt, at(t + 1_000), 'due at the requested time, not the holder’s');
  assert.equal(taken?.receiptPolls, 1);

  // Two, holding it, stops asking; a request that came meanwhile still has it asked once more.
  await instances.one.requestReceiptPoll('co_receipt_request', at(t + 4_000));
  assert.ok(await instances.two.scheduleReceiptPoll('co_receipt_request', undefined, 10, at(t + 3_000 + LEASE_MS)));
  assert.ok(find(await instances.one.dueReceiptPolls(at(t + 5_000), 100, at(t + 5_000 + LEASE_MS)), 'co_receipt_request'));
  // Stopped with no request meanwhile: no more asks.
  assert.ok(await instances.one.scheduleReceiptPoll('co_receipt_request', undefined, 11, at(t + 5_000 + LEASE_MS)));
  assert.equal(find(await instances.two.dueReceiptPolls(at(t + hour(1) / 2), 100), 'co_receipt_request'), undefined);
});

test("a webhook resent during another instance's attempt is not attempted twice at once; the worker's put-back ends its lease", async () => {
  const t = hour(4);
  const clock = manualClock(START + t);
  const event = await outboxWriter(instances.one, clock)('co_hook_resend');
  const now = at(t);

  // One's worker takes it still inside the first step's wait, and gives it back unattempted.
  const config = { url: 'http://127.0.0.1:9/never-called', secret: `whsec_${Buffer.from('a test secret of thirty-two bytes').toString('base64')}`, retryMs: [60_000], timeoutMs: 5_000 };
  const worker = createWebhookWorker({ store: instances.one, clock, config, log: pino({ level: 'silent' }) });
  assert.equal(await worker.runOnce(), 0, 'nothing attempted yet');
  const taken = find(await instances.two.dueWebhookEvents(now, 100, at(t + LEASE_MS)), event.id);
  assert.equal(taken?.nextAttemptAt, now, 'the put-back ended its lease: due for two, as it was');

  // Two's attempt is in flight: the merchant's resend, on one, leaves it two's alone.
  assert.equal(await instances.one.resendWebhookEvent(event.id, at(t + 1_000)), true);
  assert.equal(find(await instances.one.dueWebhookEvents(at(t + 2_000), 100, at(t + 2_000 + LEASE_MS)), event.id), undefined, 'never two attempts at once');
  assert.equal(find(await instances.one.dueWebhookEvents(at(t + 2_000), 100), event.id), undefined, 'a plain read sees it leased too');
  // Should two die mid-attempt, one sends it once the lease lapsed.
  assert.ok(find(await instances.one.dueWebhookEvents(at(t + LEASE_MS + 1), 100, at(t + 2 * LEASE_MS)), event.id));
});
