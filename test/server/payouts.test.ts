/**
 * `POST /v1/payouts` end to end: a real backend (startTestServer) with the Dollr sandbox over
 * real HTTP. A payout is sent once by a reference id stored before the call; Dollr sends no
 * callbacks, so every outcome reaches the payout through the reconciler's polls.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, afterEach, before, describe, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PayoutRecord } from '../../server-example/store/types';
import { openTestStore, queryTestDatabase, startTestServer, type TestServer } from './helpers';

const MTN_LR = '231881234567';
const MTN_RW = '250781234567';

interface ExecutionView {
  reference_id: string;
  status: string;
  executeCalls: number;
}
interface PayoutView {
  id: string;
  status: string;
  reason?: string;
  providerReference: string;
  phone: string;
  amount: string;
  currency: string;
  events: { source: string; status: string; reason?: string; providerStatus?: string }[];
}

const payoutBody = (overrides: Record<string, unknown> = {}) => ({
  provider: 'dollr',
  phone: MTN_LR,
  amount: '25.00',
  currency: 'USD',
  reference: `PO-${randomUUID().slice(0, 8)}`,
  name: 'Ben Doe',
  ...overrides,
});

async function errorCode(response: Response) {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe('POST /v1/payouts (Dollr, polling only)', () => {
  let server: TestServer;
  const control = (path: string, body?: unknown, method = 'POST') => server.sandbox(`/dollr/control${path}`, body, method);
  const execution = async (referenceId: string) => (await (await control(`/payouts/${referenceId}`, undefined, 'GET')).json()) as ExecutionView;
  const payoutExecutions = async () =>
    ((await (await control('/state', undefined, 'GET')).json()) as { executions: { operation_type: string }[] }).executions.filter((e) => e.operation_type === 'PAYOUT').length;
  const create = (body: unknown, idempotencyKey: string | null = randomUUID()) => server.merchant('/v1/payouts', { body, ...(idempotencyKey ? { idempotencyKey } : {}) });
  async function read(id: string): Promise<PayoutView> {
    const response = await server.merchant(`/v1/payouts/${id}`);
    assert.equal(response.status, 200);
    return (await response.json()) as PayoutView;
  }
  /** The reconciler polls every 100–200 ms: read the payout until it leaves `processing`. */
  async function settled(id: string): Promise<PayoutView> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const payout = await read(id);
      if (payout.status !== 'processing') return payout;
      if (Date.now() > deadline) assert.fail(`payout ${id} still processing`);
      await delay(50);
    }
  }
  async function created(body: unknown, key?: string) {
    const response = await create(body, key);
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as { id: string; status: string; reason?: string };
  }

  before(async () => {
    server = await startTestServer({ firstPollDelayMs: 100, maxPollDelayMs: 200 });
  });
  after(() => server.close());
  afterEach(async () => {
    await control('/faults', undefined, 'DELETE');
  });

  test('created processing; Dollr completes it; the reconciler polls it → paid, with its history', async () => {
    const { id, status } = await created(payoutBody());
    assert.equal(status, 'processing');
    const before_ = await read(id);
    assert.equal(before_.phone, MTN_LR);
    assert.deepEqual((await execution(before_.providerReference)).status, 'PROCESSING');
    assert.equal((await control(`/payouts/${before_.providerReference}/complete`)).status, 200);
    const payout = await settled(id);
    assert.equal(payout.status, 'paid');
    assert.deepEqual(
      payout.events.map((e) => [e.source, e.status, e.providerStatus]),
      [
        ['create', 'processing', undefined],
        ['poll', 'paid', 'COMPLETED'],
      ],
    );
  });

  test('Dollr fails it → failed with the normalised reason; a final payout stays final', async () => {
    const { id } = await created(payoutBody({ phone: MTN_RW, amount: '10000', currency: 'RWF' }));
    const { providerReference } = await read(id);
    await control(`/payouts/${providerReference}/fail`, { reason: 'PAYER_NOT_FOUND' });
    const payout = await settled(id);
    assert.deepEqual([payout.status, payout.reason, payout.events.at(-1)?.providerStatus], ['failed', 'invalid_payer', 'FAILED:PAYER_NOT_FOUND']);
    // Dollr cannot settle it twice, and further polls change nothing.
    assert.equal((await control(`/payouts/${providerReference}/complete`)).status, 409);
    assert.equal((await read(id)).events.length, 2);
  });

  test('same Idempotency-Key, same body → the same payout, executed once; other body → 409', async () => {
    const key = randomUUID();
    const body = payoutBody();
    const executionsBefore = await payoutExecutions();
    const first = await created(body, key);
    const replay = await create({ ...body }, key);
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await replay.json()) as { id: string }).id, first.id);
    assert.equal(await payoutExecutions(), executionsBefore + 1);
    assert.equal((await execution((await read(first.id)).providerReference)).executeCalls, 1);

    const other = await create({ ...body, amount: '26.00' }, key);
    assert.deepEqual([other.status, await errorCode(other)], [409, 'IDEMPOTENCY_KEY_REUSED']);
    const missing = await create(body, null);
    assert.deepEqual([missing.status, await errorCode(missing)], [400, 'IDEMPOTENCY_KEY_REQUIRED']);
    assert.equal(await payoutExecutions(), executionsBefore + 1);
  });

  test('a lost execution answer is resolved by reference id: executed once, then settles', async () => {
    await control('/faults', { loseAnswer: { count: 1, path: '/v1/executions/payout' } }, 'PUT');
    const { id, status } = await created(payoutBody());
    assert.equal(status, 'processing');
    const { providerReference } = await read(id);
    assert.equal((await execution(providerReference)).executeCalls, 1);
    await control(`/payouts/${providerReference}/complete`);
    assert.equal((await settled(id)).status, 'paid');
    assert.equal((await execution(providerReference)).executeCalls, 1);
  });

  test('Dollr down before anything was sent → 502, payout failed, the same key may be retried', async () => {
    const key = randomUUID();
    const body = payoutBody();
    const executionsBefore = await payoutExecutions();
    await control('/faults', { failNext: { status: 503, count: 1, path: '/v1/sessions/payout' } }, 'PUT');
    const down = await create(body, key);
    assert.equal(down.status, 502);
    const { error } = (await down.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'PROVIDER_UNAVAILABLE');
    const failedId = /po_[0-9a-f]+/.exec(error.message)?.[0];
    assert.ok(failedId);
    const failed = await read(failedId);
    assert.deepEqual([failed.status, failed.events.at(-1)?.providerStatus], ['failed', 'SEND:HTTP_503']);
    assert.equal(await payoutExecutions(), executionsBefore);

    const retried = await created(body, key);
    assert.notEqual(retried.id, failedId);
    assert.equal(retried.status, 'processing');
    assert.equal(await payoutExecutions(), executionsBefore + 1);
  });

  test('a status read that fails is retried by the next poll', async () => {
    const { id } = await created(payoutBody());
    const { providerReference } = await read(id);
    await control(`/payouts/${providerReference}/complete`);
    await control('/faults', { failNext: { status: 503, count: 2, path: '/v1/status/payout' } }, 'PUT');
    assert.equal((await settled(id)).status, 'paid');
    const faults = (await (await control('/faults', undefined, 'GET')).json()) as { failNext?: unknown };
    assert.equal(faults.failNext, undefined);
  });

  test("the recipient in any form people write it, read in the currency's country, is paid out to and stored as international digits", async () => {
    for (const [phone, currency, amount, digits] of [
      ['088 123 4567', 'USD', '25.00', MTN_LR],
      ['+231 88 123 4567', 'LRD', '500.00', MTN_LR],
      ['0781 234 567', 'RWF', '10000', MTN_RW],
    ] as const) {
      const payout = await created(payoutBody({ phone, currency, amount }));
      assert.equal(payout.status, 'processing', phone);
      assert.equal((await read(payout.id)).phone, digits, phone);
    }
  });

  test('requests the provider does not take are refused before anything is stored or sent', async () => {
    const executionsBefore = await payoutExecutions();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ phone: '256772123456' }, 422, 'INVALID_PHONE'],
      [{ phone: '+250 781 234 567' }, 422, 'INVALID_PHONE'], // a Rwandan number for a USD (Liberian) payout
      [{ phone: MTN_LR, currency: 'RWF', amount: '10000' }, 422, 'INVALID_PHONE'], // and the other way round
      [{ phone: 'Ben' }, 422, 'INVALID_PHONE'],
      [{ currency: 'UGX', amount: '5000' }, 422, 'UNSUPPORTED_CURRENCY'],
      [{ currency: 'XYZ' }, 422, 'UNSUPPORTED_CURRENCY'],
      [{ provider: 'mtn-momo' }, 422, 'UNSUPPORTED_PROVIDER'],
      [{ provider: 'nope' }, 422, 'UNSUPPORTED_PROVIDER'],
      [{ amount: '1.005' }, 400, 'VALIDATION_FAILED'],
      [{ amount: 25 }, 400, 'VALIDATION_FAILED'],
      [{ extra: true }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [overrides, status, code] of cases) {
      const response = await create(payoutBody(overrides));
      assert.deepEqual([response.status, await errorCode(response)], [status, code], JSON.stringify(overrides));
    }
    const anonymous = await fetch(`http://127.0.0.1:${server.config.port}/v1/payouts`, { method: 'POST', body: JSON.stringify(payoutBody()) });
    assert.deepEqual([anonymous.status, await errorCode(anonymous)], [401, 'API_KEY_MISSING']);
    assert.equal(await payoutExecutions(), executionsBefore);
  });

  test('an unknown payout id → 404', async () => {
    const response = await server.merchant('/v1/payouts/po_unknown');
    assert.deepEqual([response.status, await errorCode(response)], [404, 'PAYOUT_NOT_FOUND']);
  });
});

describe('payouts in the store', () => {
  test('paid and failed never change (compare-and-set on version and status); events are append-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'momo-payouts-'));
    const file = join(dir, 'db.sqlite');
    const store = await openTestStore(file);
    const now = new Date().toISOString();
    const payout: PayoutRecord = {
      id: 'po_1',
      provider: 'dollr',
      amount: '1.00',
      currency: 'USD',
      reference: 'R',
      phone: MTN_LR,
      status: 'processing',
      referenceId: randomUUID(),
      createdAt: now,
      updatedAt: now,
      version: 0,
      nextPollAt: now,
      pollAttempts: 0,
    };
    await store.insertPayout(payout);
    assert.equal((await store.duePayoutPolls(now, 10)).length, 1);
    const change = { status: 'paid' as const, providerStatus: 'COMPLETED', source: 'poll' as const, at: now };
    assert.equal(await store.changePayoutStatus('po_1', 0, change), true);
    assert.equal(await store.changePayoutStatus('po_1', 0, { ...change, status: 'failed' }), false);
    // Even at the current version, a final payout does not move.
    assert.equal(await store.changePayoutStatus('po_1', 1, { ...change, status: 'failed' }), false);
    const stored = await store.getPayout('po_1');
    assert.deepEqual([stored?.status, stored?.version, stored?.phone], ['paid', 1, MTN_LR]);
    assert.deepEqual(
      (await store.listPayoutEvents('po_1')).map((e) => e.status),
      ['processing', 'paid'],
    );
    assert.equal((await store.duePayoutPolls(now, 10)).length, 0);
    await store.close();
    await assert.rejects(queryTestDatabase(file, "UPDATE payout_events SET status = 'failed'"), /append-only/);
    await assert.rejects(queryTestDatabase(file, 'DELETE FROM payout_events'), /append-only/);
    rmSync(dir, { recursive: true, force: true });
  });
});
