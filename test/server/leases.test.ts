/**
 * Leases through the Store, with two stores on one database (two instances): what one takes, the
 * other never gets until it is rescheduled or its lease lapses (the instance died); claims of one
 * Idempotency-Key made at once give one holder.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { createWebhookWorker } from '../../server-example/webhooks/worker';
import { manualClock } from './clock';
import { at, dueCheckout, duePayout, LEASE_MS, START } from './fixtures/lease-records';
import { outboxWriter } from './fixtures/outbox';
import { twoInstances } from './fixtures/two-instances';
import { startWebhookReceiver } from './fixtures/webhook-receiver';

const instances = twoInstances('leases');
/** Past every time the checkouts here are polled at. */
const EXPIRES_AT = at(3_600_000);

const ids = (rows: { id: string }[]) => rows.map((row) => row.id).sort();

test('two instances taking due polls at once never get the same checkout; a lapsed lease is taken again', async () => {
  const made = Array.from({ length: 20 }, (_, i) => `co_lease_${String(i).padStart(2, '0')}`);
  for (const id of made) await instances.one.insertCheckout(dueCheckout(id, at(1_000), EXPIRES_AT));
  const now = at(2_000);
  const leaseUntil = at(2_000 + LEASE_MS);

  const rounds = await Promise.all([instances.one, instances.two, instances.one, instances.two].map((store) => store.duePolls(now, 6, leaseUntil)));
  const taken = rounds.flatMap(ids);
  assert.equal(new Set(taken).size, taken.length, 'no checkout was given to two callers');
  assert.deepEqual(taken.sort(), made, 'together they took every due checkout');
  assert.ok(
    rounds.flat().every((row) => row.nextPollAt === at(1_000)),
    'rows come as they were before the lease moved them',
  );

  assert.deepEqual(await instances.two.duePolls(at(2_000 + LEASE_MS - 1), 100, at(3 * LEASE_MS)), [], 'nothing is due while the leases hold');
  assert.deepEqual(await instances.one.duePolls(at(2_000 + LEASE_MS - 1), 100), [], 'a plain read sees them leased too');

  // The instance that took them died: once its leases lapse, the other takes them all.
  const takenOver = await instances.two.duePolls(at(2_000 + LEASE_MS + 1), 100, at(2_000 + 2 * LEASE_MS));
  assert.deepEqual(ids(takenOver), made);
  assert.ok(takenOver.every((row) => row.nextPollAt === leaseUntil));
});

test('rescheduling ends a lease: the checkout is due again at its new time, for one caller', async () => {
  await instances.one.insertCheckout(dueCheckout('co_resched', at(0), EXPIRES_AT));
  const [taken] = await instances.one.duePolls(at(10_000), 100, at(10_000 + LEASE_MS));
  assert.equal(taken?.id, 'co_resched');
  assert.ok(await instances.one.schedulePoll('co_resched', at(20_000), 1, at(10_000 + LEASE_MS)));
  const [first, second] = await Promise.all([instances.one.duePolls(at(20_000), 100, at(20_000 + LEASE_MS)), instances.two.duePolls(at(20_000), 100, at(20_000 + LEASE_MS))]);
  assert.deepEqual(
    [...first!, ...second!].filter((row) => row.id === 'co_resched').map((row) => row.pollAttempts),
    [1],
  );
});

test('receipt polls and payout polls are leased the same way', async () => {
  await instances.one.insertCheckout(dueCheckout('co_receipt', at(0), EXPIRES_AT));
  assert.ok(await instances.one.changeStatus('co_receipt', 0, { status: 'paid', source: 'poll', at: at(0), receiptPollAt: at(1_000) }));
  await instances.one.insertPayout(duePayout('po_lease', at(1_000)));
  const now = at(5_000);
  const leaseUntil = at(5_000 + LEASE_MS);

  const receipts = await Promise.all([instances.one.dueReceiptPolls(now, 10, leaseUntil), instances.two.dueReceiptPolls(now, 10, leaseUntil)]);
  assert.deepEqual(receipts.flatMap(ids), ['co_receipt']);
  const payouts = await Promise.all([instances.one.duePayoutPolls(now, 10, leaseUntil), instances.two.duePayoutPolls(now, 10, leaseUntil)]);
  assert.deepEqual(payouts.flatMap(ids), ['po_lease']);

  assert.deepEqual(await instances.two.dueReceiptPolls(at(5_000 + LEASE_MS - 1), 10), []);
  assert.deepEqual(await instances.two.duePayoutPolls(at(5_000 + LEASE_MS - 1), 10), []);
  assert.deepEqual(ids(await instances.two.dueReceiptPolls(at(5_000 + LEASE_MS + 1), 10, at(5_000 + 2 * LEASE_MS))), ['co_receipt']);
  assert.deepEqual(ids(await instances.two.duePayoutPolls(at(5_000 + LEASE_MS + 1), 10, at(5_000 + 2 * LEASE_MS))), ['po_lease']);
});

test("webhook events: one attempt at a time across instances, and a subject's next event waits behind its leased one", async () => {
  const clock = manualClock(START);
  const addEvent = outboxWriter(instances.one, clock);
  const first = await addEvent('co_hook_a');
  const second = await addEvent('co_hook_a', 'checkout.receipt');
  const other = await addEvent('co_hook_b');
  const now = at(1_000);
  const leaseUntil = at(1_000 + LEASE_MS);

  const rounds = await Promise.all([instances.one.dueWebhookEvents(now, 10, leaseUntil), instances.two.dueWebhookEvents(now, 10, leaseUntil)]);
  assert.deepEqual(rounds.flatMap(ids), [first.id, other.id].sort(), 'one event per subject, each to one caller');
  assert.deepEqual(await instances.two.dueWebhookEvents(at(2_000), 10, at(2_000 + LEASE_MS)), [], "the subject's second event waits behind its leased first");

  // Delivered: the lease ends with the attempt, and the subject's next event is due.
  assert.ok(await instances.one.recordWebhookAttempt(first.id, { at: at(2_000), status: 200, state: 'delivered', scheduleStep: 0 }, leaseUntil));
  assert.deepEqual(ids(await instances.two.dueWebhookEvents(at(3_000), 10, at(3_000 + LEASE_MS))), [second.id]);
  // The other subject's attempt died with its instance: taken again once the lease lapsed.
  assert.deepEqual(ids(await instances.two.dueWebhookEvents(at(1_000 + LEASE_MS + 1), 10, at(1_000 + 2 * LEASE_MS))), [other.id]);
});

test('one Idempotency-Key claimed by two instances at once has one holder; after its lease, the same request resumes it', async () => {
  const claims = await Promise.all(
    Array.from({ length: 6 }, (_, i) => (i % 2 ? instances.one : instances.two).claimIdempotencyKey({ scope: 'merchant', key: 'twice', holder: `request-${i}` }, 'h1', at(0), at(75_000))),
  );
  assert.deepEqual(claims.map((claim) => claim.state).sort(), ['claimed', 'in_progress', 'in_progress', 'in_progress', 'in_progress', 'in_progress']);
  const takeovers = await Promise.all(
    [instances.one, instances.two].map((store, i) => store.claimIdempotencyKey({ scope: 'merchant', key: 'twice', holder: `retry-${i}` }, 'h1', at(80_000), at(155_000))),
  );
  assert.deepEqual(takeovers.map((claim) => claim.state).sort(), ['in_progress', 'resumed'], 'a lapsed claim is taken over once');
});

test('two webhook workers on one database: each event is sent once, and each subject in order', async () => {
  const receiver = await startWebhookReceiver(() => ({ status: 200 }));
  try {
    // Later than every lease the tests above left.
    const clock = manualClock(START + 24 * 3_600_000);
    const addEvent = outboxWriter(instances.one, clock);
    const subjects = Array.from({ length: 10 }, (_, i) => `co_workers_${i}`);
    const events = new Map<string, string[]>();
    for (const subject of subjects) events.set(subject, [(await addEvent(subject)).id, (await addEvent(subject, 'checkout.receipt')).id]);
    const config = { url: receiver.url, secret: `whsec_${Buffer.from('a test secret of thirty-two bytes').toString('base64')}`, retryMs: [0, 60_000], timeoutMs: 5_000 };
    const log = pino({ level: 'silent' });
    const workers = [instances.one, instances.two].map((store) => createWebhookWorker({ store, clock, config, log, batchSize: 3 }));
    // Both pass at once, again and again, until neither finds anything.
    while ((await Promise.all(workers.map((worker) => worker.runOnce()))).some((attempts) => attempts > 0));

    const arrived = receiver.received.map((webhook) => webhook.headers['webhook-id']);
    const ours = [...events.values()].flat();
    assert.deepEqual(arrived.filter((id) => ours.includes(id!)).sort(), [...ours].sort(), 'every event once, none twice');
    for (const [subject, [first, second]] of events) assert.ok(arrived.indexOf(first) < arrived.indexOf(second), `${subject}: in order`);
  } finally {
    await receiver.stop();
  }
});
