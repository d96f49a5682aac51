/**
 * What the reconciler says at expiry when the provider has no word to give (like Multicaixa
 * Express, which has no status query): nothing sent → `expired`; a payment request sent whose
 * answer was lost → `outcome_unknown`, with an error log line for whoever reconciles by hand;
 * a push whose call may still answer → nothing yet, until `payInFlightMs` has passed.
 * Real SQLite store, service and reconciler; the provider is a stub that can never be asked.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, beforeEach, test } from 'node:test';
import { createCheckoutService, type CheckoutService } from '../../server-example/checkouts/service';
import { createLogger } from '../../server-example/logger';
import { ProviderError, type ProviderAdapter } from '../../server-example/providers/types';
import { createReconciler } from '../../server-example/reconciler';
import { createStatusBus } from '../../server-example/status-bus';
import type { Store } from '../../server-example/store/types';
import { createCheckoutTokens } from '../../server-example/token';
import { openTestStore } from './helpers';

const PHONE = '244923000000';

/** A push method with no status query; its push's answer is always lost (sent, then a timeout). */
const unaskable: ProviderAdapter = {
  id: 'unaskable',
  methods: { push: { currencies: ['AOA'], amount: { min: '1', max: '1000000' }, phone: { pattern: /^244\d{9}$/, example: PHONE }, reportsStatus: false } },
  operationFor: (method) => `payment.${method}`,
  async create() {
    return { instructions: [{ kind: 'push', needsPhone: true, phonePattern: '^244\\d{9}$' }], status: { status: 'pending', raw: 'AWAITING_PHONE' } };
  },
  async pay() {
    throw new ProviderError('unavailable', 'TIMEOUT', 'The provider did not answer in time.');
  },
  async fetchStatus() {
    return undefined;
  },
  callbackReference() {
    throw new ProviderError('rejected', 'MALFORMED_CALLBACK', 'No callbacks.');
  },
};

/** The same, at a provider that reports on its payments: it has none by the id the lost push was sent with. */
const forgetful: ProviderAdapter = {
  ...unaskable,
  id: 'forgetful',
  methods: { push: { currencies: ['AOA'], amount: { min: '1', max: '1000000' }, phone: { pattern: /^244\d{9}$/, example: PHONE } } },
};

/** A provider that reports on its payments: the one a push that died mid-call was sent with is paid. */
const recalling: ProviderAdapter = {
  ...forgetful,
  id: 'recalling',
  async fetchStatus(checkout) {
    return checkout.providerReference === 'ref-died-mid-call' ? { status: 'paid', raw: 'SUCCESSFUL' } : undefined;
  },
};

const dir = mkdtempSync(join(tmpdir(), 'momo-outcome-unknown-'));
let store: Store;
let service: CheckoutService;
let logLines: Record<string, unknown>[] = [];

before(async () => {
  store = await openTestStore(join(dir, 'db.sqlite'));
  service = createCheckoutService({
    store,
    providers: new Map([
      ['unaskable', unaskable],
      ['forgetful', forgetful],
      ['recalling', recalling],
    ]),
    tokens: createCheckoutTokens('x'.repeat(32), 'http://localhost'),
    bus: createStatusBus(),
    log: createLogger('silent'),
    callbackBaseUrl: 'http://localhost:9/v1/callbacks',
    firstPollDelayMs: 0,
  });
});
beforeEach(() => {
  logLines = [];
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const PAY_IN_FLIGHT_MS = 5_000;

function reconciler() {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return createReconciler({
    store,
    service,
    log: createLogger('info', sink),
    intervalMs: 1_000,
    firstPollDelayMs: 0,
    maxPollDelayMs: 0,
    expiryGraceMs: 0,
    payInFlightMs: PAY_IN_FLIGHT_MS,
    giveUpAfterMs: 86_400_000,
  });
}

async function checkout(expiresInSeconds: number, provider = 'unaskable') {
  const { checkout: created } = await service.create({ provider, method: 'push', amount: '5000', currency: 'AOA', reference: `R-${Math.random()}`, expiresInSeconds });
  return created;
}

/** The payer pushed; the answer was lost, so the push may be on the phone (and paid). */
async function pushWithLostAnswer(id: string) {
  await assert.rejects(service.pay((await store.getCheckout(id))!, PHONE), (err: ProviderError) => err.kind === 'unavailable');
  const sent = (await store.getCheckout(id))!;
  assert.ok(sent.providerReference, 'the push is known by the id it was sent with');
  return sent;
}

const finalEvent = async (id: string) => (await store.listEvents(id)).at(-1);
const errorLines = () => logLines.filter((line) => line.level === 50);

test('nothing sent: at expiry the checkout is expired, reason expired (UNKNOWN_TO_PROVIDER), and nobody is alerted', async () => {
  const { id } = await checkout(0);
  await reconciler().runOnce();
  const expired = await store.getCheckout(id);
  assert.deepEqual([expired?.status, expired?.reason], ['expired', 'expired']);
  const event = await finalEvent(id);
  assert.deepEqual([event?.source, event?.status, event?.reason, event?.providerStatus], ['expiry', 'expired', 'expired', 'UNKNOWN_TO_PROVIDER']);
  assert.deepEqual(errorLines(), []);
});

test('a push sent whose answer was lost: at expiry, expired with reason outcome_unknown (OUTCOME_UNKNOWN) and an error line to reconcile by hand', async () => {
  const { id } = await checkout(0);
  const sent = await pushWithLostAnswer(id);
  await reconciler().runOnce();
  const expired = await store.getCheckout(id);
  assert.deepEqual([expired?.status, expired?.reason], ['expired', 'outcome_unknown']);
  const event = await finalEvent(id);
  assert.deepEqual([event?.source, event?.status, event?.reason, event?.providerStatus], ['expiry', 'expired', 'outcome_unknown', 'OUTCOME_UNKNOWN']);
  const [line, ...more] = errorLines();
  assert.equal(more.length, 0, 'one error line');
  assert.deepEqual([line?.msg, line?.checkoutId, line?.provider, line?.providerReference], ['outcome unknown at expiry: reconcile by hand', id, 'unaskable', sent.providerReference]);
});

test('a push whose answer was lost, at a provider that has no payment by its id: it never arrived, so expired, reason expired, and nobody is alerted', async () => {
  const { id } = await checkout(0, 'forgetful');
  await pushWithLostAnswer(id);
  await reconciler().runOnce();
  const expired = await store.getCheckout(id);
  assert.deepEqual([expired?.status, expired?.reason], ['expired', 'expired']);
  assert.equal((await finalEvent(id))?.providerStatus, 'UNKNOWN_TO_PROVIDER');
  assert.deepEqual(errorLines(), []);
});

test('before its expiry, a push with a lost answer stays open: the payer may still be approving it', async () => {
  const { id } = await checkout(60);
  await pushWithLostAnswer(id);
  await reconciler().runOnce();
  assert.equal((await store.getCheckout(id))?.status, 'pending');
  assert.deepEqual(errorLines(), []);
});

test('past its expiry, a push whose call may still answer stays open: its answer is the outcome', async () => {
  const { id } = await checkout(0);
  // The push started a moment ago and its call has not returned (MCX holds it until the payer acts).
  assert.equal(await store.startPay(id, new Date().toISOString()), true);
  await reconciler().runOnce();
  const open = (await store.getCheckout(id))!;
  assert.deepEqual([open.status, open.providerReference], ['pending', undefined]);
  assert.equal((await finalEvent(id))?.source, 'create', 'no expiry event');
  assert.deepEqual(errorLines(), []);
});

test('a push started longer ago than any call can take, with no answer stored (the process died mid-call): expired as outcome_unknown, not "nothing sent"', async () => {
  const { id } = await checkout(0);
  const startedAt = new Date(Date.now() - PAY_IN_FLIGHT_MS - 1_000).toISOString();
  assert.equal(await store.startPay(id, startedAt), true);
  await reconciler().runOnce();
  const expired = await store.getCheckout(id);
  assert.deepEqual([expired?.status, expired?.reason], ['expired', 'outcome_unknown']);
  const event = await finalEvent(id);
  assert.deepEqual([event?.source, event?.status, event?.reason, event?.providerStatus], ['expiry', 'expired', 'outcome_unknown', 'OUTCOME_UNKNOWN']);
  const [line, ...more] = errorLines();
  assert.equal(more.length, 0, 'one error line');
  assert.deepEqual([line?.msg, line?.checkoutId, line?.provider, line?.providerReference, line?.payStartedAt], ['outcome unknown at expiry: reconcile by hand', id, 'unaskable', undefined, startedAt]);
});

test('a push whose call never ended (the process died mid-call) is asked about by the id it was sent with: paid, not outcome_unknown', async () => {
  const { id } = await checkout(0, 'recalling');
  const startedAt = new Date(Date.now() - PAY_IN_FLIGHT_MS - 1_000).toISOString();
  assert.equal(await store.startPay(id, startedAt), true);
  // What recordedCall wrote before sending; the process died before it could write how the call ended.
  await store.recordOutboundCall({ referenceId: 'ref-died-mid-call', checkoutId: id, provider: 'recalling', operation: 'payment.push.pay', createdAt: startedAt });
  await reconciler().runOnce();
  const settled = (await store.getCheckout(id))!;
  assert.deepEqual([settled.status, settled.providerReference], ['paid', 'ref-died-mid-call']);
  assert.deepEqual(errorLines(), []);
});
