import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CheckoutRecord, OutboxEvent, Store } from '../../server-example/store/types';
import { openTestStore } from './helpers';

// A status change and its webhook are one transaction: neither is ever committed without the other.
const dir = mkdtempSync(join(tmpdir(), 'momo-outbox-'));
let store: Store;

before(async () => {
  store = await openTestStore(join(dir, 'store.sqlite'));
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function checkout(id: string): CheckoutRecord {
  const now = new Date().toISOString();
  return {
    id,
    provider: 'mtn-momo',
    method: 'invoice',
    amount: '100',
    currency: 'UGX',
    reference: 'R-1',
    status: 'pending',
    instructions: [],
    expiresAt: now,
    createdAt: now,
    updatedAt: now,
    version: 0,
    pollAttempts: 0,
  };
}

const webhook = (id: string, subjectId: string): OutboxEvent => ({ id, type: 'checkout.paid', subjectId, createdAt: new Date().toISOString(), payload: '{}' });
const paid = { status: 'paid' as const, providerStatus: 'SUCCESSFUL', source: 'poll' as const, at: new Date().toISOString() };

test('a change commits with its webhook', async () => {
  await store.insertCheckout(checkout('co_ok'));
  assert.equal(await store.changeStatus('co_ok', 0, paid, webhook('msg_ok', 'co_ok')), true);
  assert.equal((await store.getCheckout('co_ok'))?.status, 'paid');
  assert.deepEqual(
    (await store.listWebhookEvents({ subjectId: 'co_ok', limit: 5 })).map((event) => [event.id, event.state]),
    [['msg_ok', 'pending']],
  );
});

test('a webhook that cannot be written undoes the change: no status, no event, no webhook', async () => {
  await store.insertCheckout(checkout('co_undone'));
  // The same webhook-id twice is refused by the outbox (its ids are unique).
  await assert.rejects(store.changeStatus('co_undone', 0, paid, webhook('msg_ok', 'co_undone')));
  const after = await store.getCheckout('co_undone');
  assert.deepEqual([after?.status, after?.version], ['pending', 0]);
  assert.deepEqual(
    (await store.listEvents('co_undone')).map((event) => event.source),
    ['create'],
  );
  assert.deepEqual(await store.listWebhookEvents({ subjectId: 'co_undone', limit: 5 }), []);
});

test('a change that lost its compare-and-set writes no webhook either', async () => {
  await store.insertCheckout(checkout('co_raced'));
  assert.equal(await store.changeStatus('co_raced', 0, paid, webhook('msg_first', 'co_raced')), true);
  assert.equal(await store.changeStatus('co_raced', 0, { ...paid, status: 'failed' }, webhook('msg_second', 'co_raced')), false);
  assert.deepEqual(
    (await store.listWebhookEvents({ subjectId: 'co_raced', limit: 5 })).map((event) => event.id),
    ['msg_first'],
  );
});
