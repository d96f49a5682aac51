import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createCheckoutService } from '../../server-example/checkouts/service';
import { createLogger } from '../../server-example/logger';
import { openTestStore, queryTestDatabase, TEST_POSTGRES, testMtnAdapter } from './helpers';
import { createMtnMomoSandbox } from '../../server-example/sandboxes/mtn-momo';
import { createStatusBus } from '../../server-example/status-bus';
import { POSTGRES_MIGRATIONS } from '../../server-example/store/postgres-migrations';
import { SQLITE_MIGRATIONS } from '../../server-example/store/sqlite-migrations';
import type { CheckoutRecord, Store } from '../../server-example/store/types';
import { createCheckoutTokens } from '../../server-example/token';

const dir = mkdtempSync(join(tmpdir(), 'momo-store-'));
const file = join(dir, 'store.sqlite');
let store: Store;

before(async () => {
  store = await openTestStore(file);
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function draft(id: string): CheckoutRecord {
  const now = new Date().toISOString();
  return {
    id,
    provider: 'mtn-momo',
    method: 'invoice',
    amount: '100',
    currency: 'UGX',
    reference: 'R-1',
    status: 'pending',
    instructions: [{ kind: 'ussd', code: '*165*3*1*1#' }],
    expiresAt: now,
    createdAt: now,
    updatedAt: now,
    version: 0,
    pollAttempts: 0,
    payer: { phone: '256700000000' },
    metadata: { order: '42' },
  };
}

test('migrations run once: reopening the file keeps the data', async () => {
  await store.insertCheckout(draft('co_keep'));
  const reopened = await openTestStore(file);
  const found = await reopened.getCheckout('co_keep');
  assert.deepEqual(found?.payer, { phone: '256700000000' });
  assert.deepEqual(found?.instructions, [{ kind: 'ussd', code: '*165*3*1*1#' }]);
  await reopened.close();
  assert.deepEqual(
    await queryTestDatabase(file, 'SELECT version FROM schema_migrations ORDER BY version'),
    (TEST_POSTGRES ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS).map((_, index) => ({ version: index + 1 })),
  );
});

test('a status change is a compare-and-set that appends its event', async () => {
  await store.insertCheckout(draft('co_cas'));
  const change = { status: 'paid' as const, providerStatus: 'SUCCESSFUL', source: 'callback' as const, at: new Date().toISOString() };
  assert.equal(await store.changeStatus('co_cas', 0, change), true);
  // A second writer still holding version 0 loses.
  assert.equal(await store.changeStatus('co_cas', 0, { ...change, status: 'failed' }), false);
  const checkout = await store.getCheckout('co_cas');
  assert.deepEqual([checkout?.status, checkout?.version], ['paid', 1]);
  const events = await store.listEvents('co_cas');
  assert.deepEqual(
    events.map((e) => [e.source, e.status, e.providerStatus]),
    [
      ['create', 'pending', undefined],
      ['callback', 'paid', 'SUCCESSFUL'],
    ],
  );
});

test('startPay marks the push started once (payStartedAt); releasePay clears it for another try', async () => {
  await store.insertCheckout(draft('co_push'));
  assert.equal((await store.getCheckout('co_push'))?.payStartedAt, undefined);
  const at = new Date().toISOString();
  assert.equal(await store.startPay('co_push', at), true);
  assert.equal(await store.startPay('co_push', new Date().toISOString()), false, 'a second push is refused');
  assert.equal((await store.getCheckout('co_push'))?.payStartedAt, at);
  assert.equal((await store.duePolls(new Date(Date.now() + 60_000).toISOString(), 100)).find((c) => c.id === 'co_push')?.payStartedAt, at, 'the reconciler sees it too');
  await store.releasePay('co_push');
  const released = (await store.getCheckout('co_push'))!;
  assert.equal(released.payStartedAt, undefined);
  assert.equal(released.version, 2, 'each bumps the version: the status ETag and the event streams tell it');
  // Once closed (the reconciler expired it a moment ago, say), no push may start.
  assert.equal(await store.changeStatus('co_push', released.version, { status: 'expired', reason: 'expired', source: 'expiry', at: new Date().toISOString() }), true);
  assert.equal(await store.startPay('co_push', new Date().toISOString()), false, 'no push on a closed checkout');
});

test('the push is stored with its start (masked number, when), cleared when refused, and ended by endPush: payable again, its event says why', async () => {
  await store.insertCheckout({ ...draft('co_push_attempt'), status: 'processing' });
  const push = { id: 'push-1', to: '+256 77• ••• 456', at: '2026-01-01T10:00:00.000Z', approvalsCode: '*165#' };
  assert.equal(await store.startPay('co_push_attempt', push.at, push), false, 'only a pending checkout takes a push');

  await store.insertCheckout(draft('co_push_end'));
  assert.equal(await store.startPay('co_push_end', push.at, push), true);
  assert.deepEqual((await store.getCheckout('co_push_end'))?.push, push);
  await store.releasePay('co_push_end', '2026-01-01T10:00:01.000Z');
  assert.equal((await store.getCheckout('co_push_end'))?.push, undefined, 'refused: nothing went to the phone');

  assert.equal(await store.startPay('co_push_end', push.at, push), true);
  await store.updateProviderDetails('co_push_end', { providerReference: 'ref-push-end', instructions: [] });
  const live = (await store.getCheckout('co_push_end'))!;
  assert.equal(await store.changeStatus('co_push_end', live.version, { status: 'processing', providerStatus: 'PENDING', source: 'payer', at: push.at }), true);
  const charged = (await store.getCheckout('co_push_end'))!;
  assert.equal(await store.updateCharge('co_push_end', charged.version, { amount: '20.00', fee: '0.80', total: '20.80', currency: 'USD' }, push.at), true);
  const processing = (await store.getCheckout('co_push_end'))!;
  const ended = { ...push, endedAt: '2026-01-01T10:05:00.000Z', endReason: 'expired' as const, endedReference: 'ref-push-end' };
  const change = { status: 'pending' as const, reason: 'expired' as const, providerStatus: 'FAILED:EXPIRED', source: 'callback' as const, at: ended.endedAt };
  assert.equal(await store.endPush('co_push_end', processing.version - 1, change, ended), false, 'compare-and-set');
  assert.equal(await store.endPush('co_push_end', processing.version, change, ended), true);
  const after = (await store.getCheckout('co_push_end'))!;
  assert.deepEqual([after.status, after.reason, after.payStartedAt, after.providerReference, after.push, after.version], ['pending', undefined, undefined, undefined, ended, processing.version + 1]);
  assert.equal(after.charge, undefined, "the ended push's charge goes with it: the next push brings its operator's fee");
  assert.equal((await store.findByProviderReference('mtn-momo', 'ref-push-end'))?.id, 'co_push_end', 'its reference still finds it: a late paid about it must');
  assert.deepEqual(await store.endedPushes('co_push_end', { open: true }), [
    { checkoutId: 'co_push_end', provider: 'mtn-momo', providerReference: 'ref-push-end', pushId: 'push-1', endedAt: ended.endedAt, withdrawnAt: undefined },
  ]);
  assert.deepEqual((await store.listEvents('co_push_end')).at(-1), {
    seq: (await store.listEvents('co_push_end')).at(-1)!.seq,
    checkoutId: 'co_push_end',
    at: ended.endedAt,
    source: 'callback',
    status: 'pending',
    reason: 'expired',
    providerStatus: 'FAILED:EXPIRED',
    resolution: undefined,
  });
  assert.equal(await store.startPay('co_push_end', '2026-01-01T10:06:00.000Z', { ...push, id: 'push-2' }), true, 'another push may go');
  await store.releasePay('co_push_end', '2026-01-01T10:06:01.000Z');
  assert.deepEqual((await store.getCheckout('co_push_end'))?.push, ended, 'a refused pay puts the ended push back, with its reference');

  await store.settleEndedPush('mtn-momo', 'ref-push-end', '2026-01-01T10:07:00.000Z');
  assert.deepEqual(await store.endedPushes('co_push_end', { open: true }), [], 'withdrawn: not asked again');
  assert.equal((await store.endedPushes('co_push_end'))[0]?.withdrawnAt, '2026-01-01T10:07:00.000Z');
  assert.equal((await store.findByProviderReference('mtn-momo', 'ref-push-end'))?.id, 'co_push_end', 'still found once withdrawn');
});

test('every ended push of a checkout stays findable by its reference, not only the latest', async () => {
  await store.insertCheckout(draft('co_two_ended'));
  for (const n of [1, 2]) {
    const push = { id: `push-${n}`, to: '+231 88 ••• •210', at: `2026-01-01T10:0${n}:00.000Z` };
    assert.equal(await store.startPay('co_two_ended', push.at, push), true);
    await store.updateProviderDetails('co_two_ended', { providerReference: `ref-${n}:10${n}`, instructions: [] });
    const live = (await store.getCheckout('co_two_ended'))!;
    const ended = { ...push, endedAt: `2026-01-01T10:0${n}:30.000Z`, endReason: 'expired' as const, endedReference: `ref-${n}:10${n}` };
    assert.equal(await store.endPush('co_two_ended', live.version, { status: 'pending', reason: 'expired', source: 'poll', at: ended.endedAt }, ended), true);
  }
  for (const reference of ['ref-1:101', 'ref-2:102']) assert.equal((await store.findByProviderReference('mtn-momo', reference))?.id, 'co_two_ended', reference);
  assert.deepEqual(
    (await store.endedPushes('co_two_ended')).map((ended) => ended.pushId),
    ['push-1', 'push-2'],
  );
  assert.equal(await store.findByProviderReference('dollr', 'ref-1:101'), undefined, "another provider's reference is another payment");
});

test('the fees shown per wallet method are kept with the checkout, merged, across a reopen', async () => {
  await store.insertCheckout(draft('co_shown_fees'));
  assert.equal((await store.getCheckout('co_shown_fees'))?.shownFees, undefined);
  await store.noteShownFees('co_shown_fees', { MTN_MOMO_LBR: '0.80' });
  await store.noteShownFees('co_shown_fees', { ORANGE_MONEY_LBR: '0.90' });
  await store.noteShownFees('co_shown_fees', {});
  const reopened = await openTestStore(file);
  try {
    assert.deepEqual((await reopened.getCheckout('co_shown_fees'))?.shownFees, { MTN_MOMO_LBR: '0.80', ORANGE_MONEY_LBR: '0.90' });
  } finally {
    await reopened.close();
  }
});

test('the event log is append-only', async () => {
  await assert.rejects(queryTestDatabase(file, "UPDATE checkout_events SET status = 'failed'"), /append-only/);
  await assert.rejects(queryTestDatabase(file, 'DELETE FROM checkout_events'), /append-only/);
});

test('idempotency keys: claimed once, then in progress, then the stored answer', async () => {
  const now = new Date().toISOString();
  const leaseUntil = new Date(Date.now() + 75_000).toISOString();
  const hold = (holder: string) => ({ scope: 'm', key: 'k', holder });
  assert.deepEqual(await store.claimIdempotencyKey(hold('first'), 'h1', now, leaseUntil), { state: 'claimed' });
  assert.deepEqual(await store.claimIdempotencyKey(hold('second'), 'h1', now, leaseUntil), { state: 'in_progress', requestHash: 'h1' });
  assert.equal(await store.completeIdempotencyKey(hold('second'), 201, '{"id":"co_2"}'), false, 'only its holder answers for it');
  assert.equal(await store.completeIdempotencyKey(hold('first'), 201, '{"id":"co_1"}'), true);
  assert.equal(await store.completeIdempotencyKey(hold('first'), 201, '{"id":"co_3"}'), false, 'an answer, once stored, stays');
  assert.deepEqual(await store.claimIdempotencyKey(hold('third'), 'h2', now, leaseUntil), { state: 'done', requestHash: 'h1', responseStatus: 201, responseBody: '{"id":"co_1"}' });
  await store.releaseIdempotencyKey(hold('first'));
  assert.equal((await store.claimIdempotencyKey(hold('fourth'), 'h1', now, leaseUntil)).state, 'done', 'a completed key is never released');
});

test('an unfinished claim whose lease lapsed is resumed by the same request only, with what it created', async () => {
  const at = (ms: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + ms).toISOString();
  const dead = (holder: string) => ({ scope: 'm', key: 'dead', holder });
  assert.deepEqual(await store.claimIdempotencyKey(dead('dead'), 'h1', at(0), at(75_000)), { state: 'claimed' });
  assert.deepEqual(await store.claimIdempotencyKey(dead('early'), 'h1', at(75_000), at(150_000)), { state: 'in_progress', requestHash: 'h1' }, 'live until its lease ends');
  assert.deepEqual(await store.claimIdempotencyKey(dead('other-body'), 'h2', at(80_000), at(155_000)), { state: 'in_progress', requestHash: 'h1' }, 'another body never takes it');
  assert.deepEqual(await store.claimIdempotencyKey(dead('retry'), 'h1', at(80_000), at(155_000)), { state: 'resumed', requestHash: 'h1' });
  assert.deepEqual(await store.claimIdempotencyKey(dead('later'), 'h1', at(81_000), at(156_000)), { state: 'in_progress', requestHash: 'h1' }, 'the new lease holds');

  // The checkout, its claim naming it and its first call, in one transaction.
  const call = { referenceId: 'ref-dead', checkoutId: 'co_dead', provider: 'mtn-momo', operation: 'collection.invoice.create', createdAt: at(82_000) };
  await store.insertCheckout(draft('co_dead'), { idempotency: dead('retry'), call });
  assert.equal(await store.unfinishedCall('co_dead', 'collection.invoice.create'), 'ref-dead');
  assert.deepEqual(await store.claimIdempotencyKey(dead('last'), 'h1', at(160_000), at(235_000)), { state: 'resumed', requestHash: 'h1', subjectId: 'co_dead' });
  await assert.rejects(store.insertCheckout(draft('co_second'), { idempotency: dead('last') }), /no longer this request's/, 'a claim names one checkout, never two');
  assert.equal(await store.getCheckout('co_second'), undefined, 'the refused checkout was rolled back with its claim');
});

test('the store itself refuses to change a final status', async () => {
  await store.insertCheckout(draft('co_final'));
  const at = new Date().toISOString();
  assert.equal(await store.changeStatus('co_final', 0, { status: 'expired', source: 'expiry', at }), true);
  assert.equal(await store.changeStatus('co_final', 1, { status: 'paid', source: 'poll', at }), false);
  assert.equal((await store.getCheckout('co_final'))?.status, 'expired');
});

test("an outbound call's reference id is stored before MTN receives the call", async () => {
  const seenAtMtn: { referenceId: string; storedBefore: boolean }[] = [];
  const app = new Hono();
  app.use('/sandbox/mtn-momo/collection/v2_0/invoice', async (c, next) => {
    const referenceId = c.req.header('x-reference-id') ?? '';
    const [row] = await queryTestDatabase(file, 'SELECT operation FROM outbound_calls WHERE reference_id = ?', [referenceId]);
    seenAtMtn.push({ referenceId, storedBefore: row !== undefined });
    await next();
  });
  app.route('/sandbox/mtn-momo', createMtnMomoSandbox());
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  try {
    const adapter = testMtnAdapter(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/mtn-momo`);
    const service = createCheckoutService({
      store,
      providers: new Map([['mtn-momo', adapter]]),
      tokens: createCheckoutTokens('x'.repeat(32), 'http://localhost'),
      bus: createStatusBus(),
      log: createLogger('silent'),
      callbackBaseUrl: 'http://localhost/v1/callbacks',
      firstPollDelayMs: 60_000,
    });
    const { checkout } = await service.create({ provider: 'mtn-momo', method: 'invoice', amount: '5000', currency: 'UGX', reference: 'R-9' });
    assert.deepEqual(seenAtMtn, [{ referenceId: checkout.providerReference, storedBefore: true }]);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
