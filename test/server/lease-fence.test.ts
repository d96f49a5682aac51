/**
 * Fenced leases, with two stores on one database (two instances): a holder names its lease by the
 * `leaseUntil` it wrote, and its writes apply only while the lease is still that. One that outlived
 * its lease and was taken over can neither end nor renew the new holder's lease, so a third taker
 * never gets the item while the new holder still works it. A holder renews its lease before each
 * item's work: a whole lease from then, a poll requested meanwhile kept.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualClock } from './clock';
import { at, dueCheckout, duePayout, LEASE_MS, START } from './fixtures/lease-records';
import { outboxWriter } from './fixtures/outbox';
import { twoInstances } from './fixtures/two-instances';

const instances = twoInstances('lease-fence');
/** Each test in its own hour: what one leaves due or leased never reaches the next. */
const hour = (n: number) => n * 3_600_000;
/** Past every time the checkouts here are polled at. */
const EXPIRES_AT = at(hour(24));

const find = <T extends { id: string }>(rows: T[], id: string) => rows.find((row) => row.id === id);

test("a holder taken over after its lease lapsed cannot end the new holder's lease: no third taker while it works", async () => {
  const t = hour(1);
  await instances.one.insertCheckout(dueCheckout('co_fence', at(t), EXPIRES_AT));
  const leaseA = at(t + 1_000 + LEASE_MS);
  assert.ok(find(await instances.one.duePolls(at(t + 1_000), 100, leaseA), 'co_fence'), 'A takes it');
  // A is slow: its lease lapses, and B takes the checkout over.
  const leaseB = at(t + 1_000 + 2 * LEASE_MS);
  assert.ok(find(await instances.two.duePolls(at(t + 1_000 + LEASE_MS + 1), 100, leaseB), 'co_fence'), 'B takes it over');

  // A's poll ends at last: its reschedule, for soon, names a lease that is no longer on the checkout.
  assert.equal(await instances.one.schedulePoll('co_fence', at(t + 1_000 + LEASE_MS + 2), 1, leaseA), false, "A's reschedule does not apply");
  assert.equal(find(await instances.one.duePolls(at(t + 1_000 + LEASE_MS + 3), 100, at(t + 3 * LEASE_MS)), 'co_fence'), undefined, "B's lease holds: no third taker");

  // B's own reschedule applies, and ends its lease.
  assert.equal(await instances.two.schedulePoll('co_fence', at(t + 2 * LEASE_MS), 1, leaseB), true);
  const next = find(await instances.one.duePolls(at(t + 2 * LEASE_MS), 100, at(t + 3 * LEASE_MS)), 'co_fence');
  assert.deepEqual([next?.nextPollAt, next?.pollAttempts], [at(t + 2 * LEASE_MS), 1], "due at B's time, with B's count");
});

test('receipt polls and payout polls are fenced alike', async () => {
  const t = hour(2);
  await instances.one.insertCheckout(dueCheckout('co_fence_receipt', at(t), EXPIRES_AT));
  assert.ok(await instances.one.changeStatus('co_fence_receipt', 0, { status: 'paid', source: 'poll', at: at(t), receiptPollAt: at(t) }));
  await instances.one.insertPayout(duePayout('po_fence', at(t)));
  const leaseA = at(t + LEASE_MS);
  const leaseB = at(t + 2 * LEASE_MS);
  assert.ok(find(await instances.one.dueReceiptPolls(at(t), 100, leaseA), 'co_fence_receipt'));
  assert.ok(find(await instances.one.duePayoutPolls(at(t), 100, leaseA), 'po_fence'));
  assert.ok(find(await instances.two.dueReceiptPolls(at(t + LEASE_MS + 1), 100, leaseB), 'co_fence_receipt'), 'B takes the receipt poll over');
  assert.ok(find(await instances.two.duePayoutPolls(at(t + LEASE_MS + 1), 100, leaseB), 'po_fence'), 'B takes the payout poll over');

  assert.equal(await instances.one.scheduleReceiptPoll('co_fence_receipt', at(t + LEASE_MS + 2), 1, leaseA), false);
  assert.equal(await instances.one.scheduleReceiptPoll('co_fence_receipt', undefined, 10, leaseA), false, "nor can A's stop end B's asking");
  assert.equal(await instances.one.schedulePayoutPoll('po_fence', at(t + LEASE_MS + 2), 1, leaseA), false);
  assert.deepEqual(await instances.one.dueReceiptPolls(at(t + LEASE_MS + 3), 100, at(t + 3 * LEASE_MS)), [], "B's receipt lease holds");
  assert.deepEqual(await instances.one.duePayoutPolls(at(t + LEASE_MS + 3), 100, at(t + 3 * LEASE_MS)), [], "B's payout lease holds");

  assert.equal(await instances.two.scheduleReceiptPoll('co_fence_receipt', at(t + 2 * LEASE_MS), 1, leaseB), true);
  assert.equal(await instances.two.schedulePayoutPoll('po_fence', at(t + 2 * LEASE_MS), 1, leaseB), true);
  assert.equal(find(await instances.one.dueReceiptPolls(at(t + 2 * LEASE_MS), 100), 'co_fence_receipt')?.receiptPollAt, at(t + 2 * LEASE_MS));
  assert.equal(find(await instances.one.duePayoutPolls(at(t + 2 * LEASE_MS), 100), 'po_fence')?.nextPollAt, at(t + 2 * LEASE_MS));
});

test("a webhook attempt whose lease was taken over is not recorded, nor is its put-back: the new holder's attempt stands", async () => {
  const t = hour(3);
  const addEvent = outboxWriter(instances.one, manualClock(START + t));
  const event = await addEvent('co_fence_hook');
  const other = await addEvent('co_fence_hook_other');
  const leaseA = at(t + LEASE_MS);
  const leaseB = at(t + 2 * LEASE_MS);
  assert.equal((await instances.one.dueWebhookEvents(at(t), 100, leaseA)).length, 2, 'A takes both');
  assert.equal((await instances.two.dueWebhookEvents(at(t + LEASE_MS + 1), 100, leaseB)).length, 2, 'A hung: B takes both over');

  assert.equal(await instances.one.recordWebhookAttempt(event.id, { at: at(t + LEASE_MS + 2), status: 500, state: 'pending', scheduleStep: 1, nextAttemptAt: at(t) }, leaseA), false);
  assert.equal(await instances.one.releaseWebhookEvent(other.id, leaseA), false);
  assert.deepEqual(await instances.one.dueWebhookEvents(at(t + LEASE_MS + 3), 100, at(t + 3 * LEASE_MS)), [], "B's leases hold: never two attempts at once");
  assert.equal((await instances.one.getWebhookEvent(event.id))?.attempts, 0, "A's attempt left no trace");

  assert.equal(await instances.two.recordWebhookAttempt(event.id, { at: at(t + LEASE_MS + 2), status: 200, state: 'delivered', scheduleStep: 0 }, leaseB), true);
  assert.equal(await instances.two.releaseWebhookEvent(other.id, leaseB), true);
  const delivered = await instances.one.getWebhookEvent(event.id);
  assert.deepEqual([delivered?.state, delivered?.attempts], ['delivered', 1]);
  assert.ok(find(await instances.one.dueWebhookEvents(at(t + LEASE_MS + 3), 100), other.id), 'given back by its holder: due again');
});

test('a renewed lease holds a whole lease from its renewal, keeps a requested poll, and only its holder renews it', async () => {
  const t = hour(4);
  await instances.one.insertCheckout(dueCheckout('co_renew', at(t), EXPIRES_AT));
  const taken = at(t + LEASE_MS);
  assert.ok(find(await instances.one.duePolls(at(t), 100, taken), 'co_renew'));
  // Late in the handful, the holder gets to it: it renews before working it.
  const renewed = at(t + LEASE_MS / 2 + LEASE_MS);
  const current = await instances.one.renewPollLease('co_renew', taken, renewed);
  assert.equal(current?.id, 'co_renew', 'renewed: the checkout as it is now');
  assert.equal(find(await instances.two.duePolls(at(t + LEASE_MS + 1), 100, at(t + 3 * LEASE_MS)), 'co_renew'), undefined, 'past the first lease, still held');
  assert.equal(await instances.two.renewPollLease('co_renew', taken, at(t + 3 * LEASE_MS)), undefined, 'the lease it took is gone: renewing by it does nothing');

  // A callback asks for a poll during the renewed lease; a second renewal keeps it.
  await instances.two.requestPoll('co_renew', at(t + LEASE_MS + 2));
  const again = at(t + 2 * LEASE_MS);
  assert.ok(await instances.one.renewPollLease('co_renew', renewed, again));
  assert.equal(await instances.one.schedulePoll('co_renew', at(t + hour(1) / 2), 1, renewed), false, 'the renewed-away token no longer ends it');
  assert.equal(await instances.one.schedulePoll('co_renew', at(t + hour(1) / 2), 1, again), true);
  assert.equal(find(await instances.two.duePolls(at(t + 2 * LEASE_MS), 100, at(t + 3 * LEASE_MS)), 'co_renew')?.nextPollAt, at(t + LEASE_MS + 2), 'due at the requested time');
});

test('a lease taken over, or on an item settled since it was taken, is not renewed', async () => {
  const t = hour(5);
  await instances.one.insertCheckout(dueCheckout('co_renew_settled', at(t), EXPIRES_AT));
  await instances.one.insertCheckout(dueCheckout('co_renew_receipt', at(t), EXPIRES_AT));
  assert.ok(await instances.one.changeStatus('co_renew_receipt', 0, { status: 'paid', source: 'poll', at: at(t), receiptPollAt: at(t) }));
  await instances.one.insertPayout(duePayout('po_renew', at(t)));
  const lease = at(t + LEASE_MS);
  assert.ok(find(await instances.one.duePolls(at(t), 100, lease), 'co_renew_settled'));
  assert.ok(find(await instances.one.dueReceiptPolls(at(t), 100, lease), 'co_renew_receipt'));
  assert.ok(find(await instances.one.duePayoutPolls(at(t), 100, lease), 'po_renew'));

  // Settled since it was taken (a callback): nothing to work.
  assert.ok(await instances.one.changeStatus('co_renew_settled', 0, { status: 'paid', source: 'callback', at: at(t + 1) }));
  assert.equal(await instances.one.renewPollLease('co_renew_settled', lease, at(t + 2 * LEASE_MS)), undefined);
  assert.ok(await instances.one.addReceipt('co_renew_receipt', 1, 'https://example.test/receipt', at(t + 1)));
  assert.equal(await instances.one.renewReceiptPollLease('co_renew_receipt', lease, at(t + 2 * LEASE_MS)), undefined, 'the receipt came');
  // Taken over after it lapsed: the new holder's.
  assert.ok(find(await instances.two.duePayoutPolls(at(t + LEASE_MS + 1), 100, at(t + 2 * LEASE_MS + 1)), 'po_renew'));
  assert.equal(await instances.one.renewPayoutPollLease('po_renew', lease, at(t + 2 * LEASE_MS)), undefined);
  assert.equal((await instances.two.renewPayoutPollLease('po_renew', at(t + 2 * LEASE_MS + 1), at(t + 3 * LEASE_MS)))?.id, 'po_renew');
});
