/**
 * A retry resuming a create whose answer was lost, at providers that cannot give back what that
 * create answered: one that holds the payment but nothing to pay it with has it closed and the
 * checkout failed (as a create that fails); one that cannot be asked at all is never sent the
 * create again, and the checkout ends with its outcome unknown. Real store and service; the
 * providers are stubs that count what they are sent.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CheckoutCreationError, createCheckoutService, type CheckoutService } from '../../server-example/checkouts/service';
import { createLogger } from '../../server-example/logger';
import { ProviderError, type ProviderAdapter } from '../../server-example/providers/types';
import { createStatusBus } from '../../server-example/status-bus';
import type { CheckoutRecord, Store } from '../../server-example/store/types';
import { createCheckoutTokens } from '../../server-example/token';
import { openTestStore } from './helpers';

const OPERATION = 'payment.create';
const sent = { creates: 0, cancels: [] as string[] };
/** Whether the stub's cancel goes through; false: it cannot be reached. */
let cancelWorks = true;

/** Reports on its payments, holds the lost create's (still pending), but its status gives nothing to pay it with. */
const holding: ProviderAdapter = {
  id: 'holding',
  methods: { deferred: { currencies: ['XAF'], amount: { min: '1', max: '1000000' } } },
  operationFor: () => OPERATION,
  async create() {
    sent.creates += 1;
    throw new ProviderError('rejected', 'UNEXPECTED', 'Nothing may be created twice.');
  },
  async fetchStatus(checkout) {
    return checkout.providerReference?.startsWith('lost-') ? { status: 'pending', raw: 'OPEN' } : undefined;
  },
  async cancel(checkout) {
    if (!cancelWorks) throw new ProviderError('unavailable', 'HTTP_503', 'The provider is down.');
    sent.cancels.push(checkout.providerReference ?? '');
  },
  callbackReference() {
    throw new ProviderError('rejected', 'MALFORMED_CALLBACK', 'No callbacks.');
  },
};

/** Cannot report on its payments (like Multicaixa Express): its silence proves nothing. */
const unaskable: ProviderAdapter = {
  ...holding,
  id: 'unaskable',
  methods: { deferred: { currencies: ['XAF'], amount: { min: '1', max: '1000000' }, reportsStatus: false } },
  async fetchStatus() {
    return undefined;
  },
};

const dir = mkdtempSync(join(tmpdir(), 'momo-lost-create-'));
let store: Store;
let service: CheckoutService;

before(async () => {
  store = await openTestStore(join(dir, 'db.sqlite'));
  service = createCheckoutService({
    store,
    providers: new Map([
      ['holding', holding],
      ['unaskable', unaskable],
    ]),
    tokens: createCheckoutTokens('x'.repeat(32), 'http://localhost'),
    bus: createStatusBus(),
    log: createLogger('silent'),
    callbackBaseUrl: 'http://localhost:9/v1/callbacks',
    firstPollDelayMs: 60_000,
  });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A checkout whose create call, recorded under `referenceId`, never ended. */
async function lostCreate(provider: string, referenceId: string): Promise<CheckoutRecord> {
  const now = new Date().toISOString();
  const checkout: CheckoutRecord = {
    id: `co_${randomUUID().replaceAll('-', '')}`,
    provider,
    method: 'deferred',
    amount: '5000',
    currency: 'XAF',
    reference: 'LOST',
    status: 'pending',
    instructions: [],
    expiresAt: new Date(Date.now() + 900_000).toISOString(),
    createdAt: now,
    updatedAt: now,
    version: 0,
    pollAttempts: 0,
  };
  await store.insertCheckout(checkout, { call: { referenceId, checkoutId: checkout.id, provider, operation: OPERATION, createdAt: now } });
  return checkout;
}

test('held but with nothing to pay it with: closed at the provider, the checkout failed, answered as a failed create; asked again while it cannot be closed', async () => {
  const referenceId = `lost-${randomUUID()}`;
  const checkout = await lostCreate('holding', referenceId);

  cancelWorks = false;
  await assert.rejects(service.resumeCreate(checkout.id), (err: unknown) => err instanceof ProviderError && err.kind === 'unavailable');
  assert.equal((await store.getCheckout(checkout.id))?.status, 'pending', 'not closed yet: left to the next retry');
  assert.equal(await store.unfinishedCall(checkout.id, OPERATION), referenceId, 'asked about again by the next retry');

  cancelWorks = true;
  await assert.rejects(service.resumeCreate(checkout.id), (err: unknown) => err instanceof CheckoutCreationError && err.providerError.kind === 'unavailable');
  const failed = await store.getCheckout(checkout.id);
  assert.deepEqual([failed?.status, failed?.providerStatus], ['failed', 'CREATE:NO_INSTRUCTIONS']);
  assert.deepEqual(sent.cancels, [referenceId], 'closed where it is held, so nobody pays it after');
  assert.equal(sent.creates, 0, 'never made twice');
  assert.equal(await store.unfinishedCall(checkout.id, OPERATION), undefined);
});

test('at a provider that cannot be asked: never sent again; expired, outcome unknown', async () => {
  const checkout = await lostCreate('unaskable', randomUUID());
  const { checkout: ended } = await service.resumeCreate(checkout.id);
  assert.deepEqual([ended.status, ended.reason, ended.providerStatus], ['expired', 'outcome_unknown', 'OUTCOME_UNKNOWN']);
  assert.equal(sent.creates, 0);
});
