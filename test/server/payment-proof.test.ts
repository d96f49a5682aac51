/**
 * Proof of payment and what was charged, as the lifecycle writes them: the proof in the same
 * transaction as the paid status (the provider's time when it gives one, else the clock's), never
 * replaced; a charge only when it adds up, updated while the status stays, frozen once final.
 * End to end per provider: payment-proof-e2e.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createCheckoutLifecycle, type CheckoutLifecycle } from '../../server-example/lifecycle/checkouts';
import { acceptedCharge, paymentProof } from '../../server-example/lifecycle/payment-proof';
import { createLogger } from '../../server-example/logger';
import { createStatusBus } from '../../server-example/status-bus';
import type { Store } from '../../server-example/store/types';
import { manualClock } from './clock';
import { openTestStore } from './helpers';

const AT = Date.parse('2026-02-03T10:00:00.000Z');

describe('paymentProof', () => {
  test("the provider's transaction id and time; the learning time when it gives none", () => {
    assert.deepEqual(paymentProof({ transactionId: ' 4088878653 ', paidAt: '2026-02-03T09:58:12+01:00' }, AT), { paidAt: '2026-02-03T08:58:12.000Z', transactionId: '4088878653' });
    assert.deepEqual(paymentProof(undefined, AT), { paidAt: '2026-02-03T10:00:00.000Z' });
    assert.deepEqual(paymentProof({ paidAt: 'yesterday' }, AT), { paidAt: '2026-02-03T10:00:00.000Z' });
  });

  test('a transaction id the payer could not be shown as it is is left out', () => {
    for (const transactionId of ['', '   ', 'a\u0000b', 'x\u202ey', 'x'.repeat(101)]) assert.equal(paymentProof({ transactionId }, AT).transactionId, undefined, JSON.stringify(transactionId));
  });
});

describe('acceptedCharge', () => {
  const usd = { amount: '25.00', currency: 'USD' };
  test('taken when it is in the checkout’s currency, on its amount, and adds up exactly', () => {
    assert.deepEqual(acceptedCharge({ amount: '25.00', fee: '1.00', total: '26.00', currency: 'USD' }, usd), { amount: '25.00', fee: '1.00', total: '26.00', currency: 'USD' });
    assert.deepEqual(acceptedCharge({ amount: '25', fee: '1', total: '26', currency: 'USD' }, usd)?.total, '26');
    assert.deepEqual(acceptedCharge({ amount: '5000', fee: '200', total: '5200', currency: 'RWF' }, { amount: '5000', currency: 'RWF' })?.fee, '200');
  });
  test('left out otherwise', () => {
    for (const charge of [
      { amount: '25.00', fee: '1.00', total: '26.01', currency: 'USD' },
      { amount: '24.00', fee: '2.00', total: '26.00', currency: 'USD' },
      { amount: '25.00', fee: '1.00', total: '26.00', currency: 'LRD' },
      { amount: '25.00', fee: '0.00', total: '25.00', currency: 'USD' },
      { amount: '25.00', fee: '1.001', total: '26.001', currency: 'USD' },
      { amount: '25.00', fee: '-1', total: '24.00', currency: 'USD' },
    ]) {
      assert.equal(acceptedCharge(charge, usd), undefined, JSON.stringify(charge));
    }
  });
});

describe('the lifecycle writes them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'momo-proof-'));
  const clock = manualClock(AT);
  let store: Store;
  let lifecycle: CheckoutLifecycle;
  before(async () => {
    store = await openTestStore(join(dir, 'db.sqlite'));
    lifecycle = createCheckoutLifecycle({
      store,
      clock,
      bus: createStatusBus(),
      log: createLogger('silent'),
      methodOf: () => ({ currencies: ['USD'], amount: { min: '1', max: '100' } }),
      firstPollDelayMs: 1_000,
    });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(id: string) {
    const now = new Date(clock.now()).toISOString();
    await store.insertCheckout({
      id,
      provider: 'acme',
      method: 'push',
      amount: '25.00',
      currency: 'USD',
      reference: 'Ana Silva P5',
      status: 'pending',
      instructions: [],
      expiresAt: new Date(clock.now() + 900_000).toISOString(),
      createdAt: now,
      updatedAt: now,
      version: 0,
      pollAttempts: 0,
    });
  }

  test('the proof comes with the paid status, in its transaction and its webhook, and a later word never changes it', async () => {
    await open('co_proof');
    const paid = await lifecycle.apply('co_proof', { status: 'paid', raw: 'SUCCESSFUL', payment: { transactionId: '123456789' } }, 'callback');
    assert.deepEqual(paid.payment, { paidAt: new Date(AT).toISOString(), transactionId: '123456789' });
    const [webhook] = await store.listWebhookEvents({ subjectId: 'co_proof', limit: 5 });
    assert.deepEqual((JSON.parse(webhook!.payload) as { data: { payment: unknown } }).data.payment, paid.payment);
    clock.advance(60_000);
    const again = await lifecycle.apply(
      'co_proof',
      { status: 'paid', raw: 'SUCCESSFUL', payment: { transactionId: '999999999', paidAt: new Date(clock.now()).toISOString() }, receiptUrl: 'https://r.example/1' },
      'poll',
    );
    assert.deepEqual(again.payment, paid.payment);
    assert.equal((await store.getCheckout('co_proof'))?.payment?.transactionId, '123456789');
  });

  test('paid without a word of proof still has its time: when the backend learnt it', async () => {
    await open('co_bare');
    const paid = await lifecycle.apply('co_bare', { status: 'paid', raw: 'resultCode:0' }, 'poll');
    assert.deepEqual(paid.payment, { paidAt: new Date(clock.now()).toISOString() });
  });

  test('a charge is kept from the push on, updated (a new version) while the status stays, and frozen once final', async () => {
    await open('co_charge');
    const charge = { amount: '25.00', fee: '1.00', total: '26.00', currency: 'USD' };
    const processing = await lifecycle.apply('co_charge', { status: 'processing', raw: 'PENDING', charge }, 'payer');
    assert.deepEqual(processing.charge, charge);
    const other = { ...charge, fee: '0.88', total: '25.88' };
    const updated = await lifecycle.apply('co_charge', { status: 'processing', raw: 'PROCESSING', charge: other }, 'poll');
    assert.deepEqual([updated.charge, updated.version], [other, processing.version + 1]);
    const same = await lifecycle.apply('co_charge', { status: 'processing', raw: 'PROCESSING', charge: other }, 'poll');
    assert.equal(same.version, updated.version, 'the same charge again is no change');
    const wrong = await lifecycle.apply('co_charge', { status: 'processing', raw: 'PROCESSING', charge: { ...other, total: '99.00' } }, 'poll');
    assert.deepEqual(wrong.charge, other, 'one that does not add up is left out');
    const failed = await lifecycle.apply('co_charge', { status: 'failed', reason: 'rejected', raw: 'FAILED' }, 'poll');
    assert.deepEqual(failed.charge, other);
    const late = await lifecycle.apply('co_charge', { status: 'failed', reason: 'rejected', raw: 'FAILED', charge }, 'poll');
    assert.deepEqual([late.charge, late.version], [other, failed.version]);
  });
});
