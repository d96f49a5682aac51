/**
 * The single flight of callback confirmations per checkout, with a fake service and the clock
 * mocked: callbacks share the confirmation in flight, one follow-up covers news that came after
 * it began, a failure falls back to one poll, and past a short burst confirmations are spaced.
 */
import { isFinalStatus } from '../../contract';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import pino from 'pino';
import { CONFIRMATION_BURST, CONFIRMATION_REFILL_MS, createCallbackConfirmations, type CallbackConfirmationsDeps } from '../../server-example/checkouts/confirmations';
import type { CheckoutRecord } from '../../server-example/store/types';

const checkout = (overrides: Partial<CheckoutRecord> = {}): CheckoutRecord => ({
  id: 'co_a',
  provider: 'mom-factura',
  method: 'ekwanza',
  amount: '2500.00',
  currency: 'AOA',
  reference: 'R-1',
  status: 'pending',
  instructions: [],
  expiresAt: '2030-01-01T00:00:00.000Z',
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  version: 0,
  pollAttempts: 0,
  ...overrides,
});

const LATE_MS = 5_000;

/** A service whose confirmations the test settles one by one. */
function fakeService(current: () => CheckoutRecord) {
  const pending: { settle(ok: boolean): void }[] = [];
  const polls: string[] = [];
  const deps: CallbackConfirmationsDeps = {
    store: { getCheckout: async () => current() },
    service: {
      confirm: (record: CheckoutRecord) => new Promise<CheckoutRecord>((resolve, reject) => pending.push({ settle: (ok) => (ok ? resolve(record) : reject(new Error('provider down'))) })),
      pollNow: async (record: CheckoutRecord) => void polls.push(record.id),
      minPollIntervalMs: () => 0,
    },
    isSettled: (record) => isFinalStatus(record.status),
    log: pino({ level: 'silent' }),
    pollIfLateMs: LATE_MS,
  };
  return { pending, polls, deps };
}

/** Lets promise callbacks run. */
const settle = async () => {
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
};

beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 }));
afterEach(() => mock.timers.reset());

test('callbacks during a confirmation share it; one follow-up covers them all', async () => {
  const fake = fakeService(() => checkout());
  const confirmations = createCallbackConfirmations(fake.deps);
  const answers = Array.from({ length: 10 }, () => confirmations.request(checkout()));
  assert.equal(fake.pending.length, 1, 'one status call for ten callbacks');
  fake.pending[0]!.settle(true);
  assert.deepEqual(await Promise.all(answers), Array(10).fill('confirmed'));
  mock.timers.tick(0);
  await settle();
  assert.equal(fake.pending.length, 2, 'one follow-up, since news may have come after the first asked');
  fake.pending[1]!.settle(true);
  await settle();
  mock.timers.tick(CONFIRMATION_REFILL_MS * 10);
  await settle();
  assert.equal(fake.pending.length, 2, 'and no more');
});

test('a failed confirmation has the reconciler poll once, however many callbacks shared it', async () => {
  const fake = fakeService(() => checkout());
  const confirmations = createCallbackConfirmations(fake.deps);
  const answers = Array.from({ length: 5 }, () => confirmations.request(checkout()));
  fake.pending[0]!.settle(false);
  assert.deepEqual(await Promise.all(answers), Array(5).fill('failed'));
  assert.deepEqual(fake.polls, ['co_a']);
});

test('a confirmation not answered in time has the reconciler poll once; its answer still applies when it comes', async () => {
  const fake = fakeService(() => checkout());
  const confirmations = createCallbackConfirmations(fake.deps);
  const answers = Array.from({ length: 5 }, () => confirmations.request(checkout()));
  mock.timers.tick(LATE_MS);
  await settle();
  assert.deepEqual(fake.polls, ['co_a']);
  fake.pending[0]!.settle(true);
  assert.deepEqual(await Promise.all(answers), Array(5).fill('confirmed'));
  assert.deepEqual(fake.polls, ['co_a'], 'once');
});

test(`past a burst of ${CONFIRMATION_BURST}, callbacks one after another are spaced ${CONFIRMATION_REFILL_MS} ms apart`, async () => {
  const fake = fakeService(() => checkout());
  const confirmations = createCallbackConfirmations(fake.deps);
  const outcomes: string[] = [];
  for (let n = 0; n < 20; n += 1) {
    const answer = confirmations.request(checkout());
    await settle();
    fake.pending.at(-1)?.settle(true);
    outcomes.push(await answer);
  }
  assert.equal(fake.pending.length, CONFIRMATION_BURST, 'the burst, then nothing until a refill');
  assert.deepEqual(outcomes.slice(CONFIRMATION_BURST), Array(20 - CONFIRMATION_BURST).fill('deferred'));
  mock.timers.tick(CONFIRMATION_REFILL_MS);
  await settle();
  assert.equal(fake.pending.length, CONFIRMATION_BURST + 1, 'one deferred confirmation covers the callbacks that waited');
});

test('a settled checkout costs no call; one settled before its follow-up gets none either', async () => {
  let current = checkout();
  const fake = fakeService(() => current);
  const confirmations = createCallbackConfirmations(fake.deps);
  assert.equal(await confirmations.request(checkout({ status: 'paid', receiptUrl: 'https://r' })), 'settled');
  assert.equal(fake.pending.length, 0);
  const first = confirmations.request(checkout());
  void confirmations.request(checkout());
  current = checkout({ status: 'failed', reason: 'rejected' });
  fake.pending[0]!.settle(true);
  await first;
  mock.timers.tick(0);
  await settle();
  assert.equal(fake.pending.length, 1, 'the follow-up found it final');
});
