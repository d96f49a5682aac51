/**
 * A receipt that comes after the payment (Mom Factura's invoice.created, a Dollr receipt not
 * ready yet): the store and the service add it to a paid checkout once, never replacing one and
 * never changing the status, with a new version (the status ETag, the event stream) and no new
 * event (the history lists status changes). End to end: mom-factura-e2e and dollr-e2e.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createCheckoutService, type CheckoutService } from '../../server-example/checkouts/service';
import { statusEtag } from '../../server-example/checkouts/views';
import { createLogger } from '../../server-example/logger';
import type { ProviderAdapter } from '../../server-example/providers/types';
import { createStatusBus } from '../../server-example/status-bus';
import type { CheckoutRecord, Store } from '../../server-example/store/types';
import { createCheckoutTokens } from '../../server-example/token';
import { openTestStore } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'momo-receipt-'));
let store: Store;
let service: CheckoutService;
const published: string[] = [];

/** A provider whose `late` method issues receipts after the payment and whose `never` method gives none. */
const adapter = {
  id: 'acme',
  methods: { late: { currencies: ['USD'], receiptMayFollow: true }, never: { currencies: ['USD'] } },
} as unknown as ProviderAdapter;

before(async () => {
  store = await openTestStore(join(dir, 'db.sqlite'));
  const bus = createStatusBus();
  const publish = bus.publish;
  bus.publish = (id) => {
    published.push(id);
    publish(id);
  };
  service = createCheckoutService({
    store,
    providers: new Map([['acme', adapter]]),
    tokens: createCheckoutTokens('x'.repeat(32), 'http://localhost'),
    bus,
    log: createLogger('silent'),
    callbackBaseUrl: 'http://localhost/v1/callbacks',
    firstPollDelayMs: 5_000,
  });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function pending(id: string, method = 'late'): Promise<CheckoutRecord> {
  const now = new Date().toISOString();
  await store.insertCheckout({
    id,
    provider: 'acme',
    method,
    amount: '10.00',
    currency: 'USD',
    reference: 'R-1',
    status: 'pending',
    instructions: [],
    expiresAt: now,
    createdAt: now,
    updatedAt: now,
    version: 0,
    pollAttempts: 0,
  });
  return (await store.getCheckout(id))!;
}

test('paid without the receipt its provider issues later: asked for again, from firstPollDelayMs on', async () => {
  await pending('co_late');
  const before = Date.now();
  const paid = await service.lifecycle.apply('co_late', { status: 'paid', raw: 'PAID' }, 'callback');
  assert.ok(paid.receiptPollAt && Date.parse(paid.receiptPollAt) >= before + 5_000, `asked again at ${paid.receiptPollAt}`);
  assert.equal(service.awaitsReceipt(paid), true);
  const due = await store.dueReceiptPolls(new Date(Date.now() + 6_000).toISOString(), 100);
  assert.deepEqual(
    due.map((checkout) => checkout.id),
    ['co_late'],
  );

  await pending('co_never', 'never');
  const never = await service.lifecycle.apply('co_never', { status: 'paid', raw: 'PAID' }, 'callback');
  assert.deepEqual([never.receiptPollAt, service.awaitsReceipt(never)], [undefined, false], 'a method without receipts is not asked');
});

test('the receipt is added once: a new version (ETag), a publish, no event, the status unchanged; never replaced', async () => {
  await pending('co_add');
  const paid = await service.lifecycle.apply('co_add', { status: 'paid', raw: 'PAID' }, 'callback');
  published.length = 0;

  const added = await service.lifecycle.apply('co_add', { status: 'paid', raw: 'PAID', receiptUrl: 'https://receipts.example/1' }, 'callback');
  assert.deepEqual([added.status, added.receiptUrl, added.receiptPollAt], ['paid', 'https://receipts.example/1', undefined]);
  assert.equal(added.version, paid.version + 1);
  assert.notEqual(statusEtag(added), statusEtag(paid));
  assert.deepEqual(published, ['co_add']);
  assert.deepEqual(
    (await store.listEvents('co_add')).map((event) => event.status),
    ['pending', 'paid'],
  );
  const stillDue = await store.dueReceiptPolls(new Date(Date.now() + 60_000).toISOString(), 100);
  assert.equal(
    stillDue.some((checkout) => checkout.id === 'co_add'),
    false,
    'no longer asked for',
  );

  const again = await service.lifecycle.apply('co_add', { status: 'paid', raw: 'PAID', receiptUrl: 'https://elsewhere.example/2' }, 'poll');
  assert.deepEqual([again.receiptUrl, again.version], ['https://receipts.example/1', added.version], 'an existing receipt is never replaced');
  const otherOutcome = await service.lifecycle.apply('co_add', { status: 'failed', reason: 'rejected', raw: 'FAILED', receiptUrl: 'https://x.example/3' }, 'poll');
  assert.deepEqual([otherOutcome.status, otherOutcome.receiptUrl], ['paid', 'https://receipts.example/1']);
});

test('the store adds a receipt only at the expected version and only when there is none', async () => {
  const checkout = await pending('co_cas');
  const at = new Date().toISOString();
  assert.equal(await store.addReceipt('co_cas', checkout.version + 1, 'https://r.example/1', at), false, 'a stale version loses');
  assert.equal(await store.addReceipt('co_cas', checkout.version, 'https://r.example/1', at), true);
  assert.equal(await store.addReceipt('co_cas', checkout.version + 1, 'https://r.example/2', at), false, 'one receipt only');
  assert.equal((await store.getCheckout('co_cas'))?.receiptUrl, 'https://r.example/1');
});

test('giving up on a receipt stops the polls and wakes the event streams waiting for it', async () => {
  await pending('co_giveup');
  const paid = await service.lifecycle.apply('co_giveup', { status: 'paid', raw: 'PAID' }, 'poll');
  published.length = 0;
  await service.stopAskingForReceipt(paid, 10);
  const stopped = (await store.getCheckout('co_giveup'))!;
  assert.deepEqual([stopped.receiptPollAt, stopped.receiptPolls, stopped.version], [undefined, 10, paid.version]);
  assert.deepEqual(published, ['co_giveup']);
  // A callback still brings it (Mom Factura's invoice.created, long after): it would still be confirmed.
  assert.equal(service.awaitsReceipt(stopped), true);
});
