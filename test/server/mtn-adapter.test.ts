import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, mock, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { mapInvoiceStatus } from '../../server-example/providers/mtn-momo/status';
import { ProviderError, type ProviderAdapter } from '../../server-example/providers/types';
import { createMtnMomoSandbox } from '../../server-example/sandboxes/mtn-momo';
import type { CheckoutRecord } from '../../server-example/store/types';
import { testMtnAdapter } from './helpers';

let server: ServerType;
let base: string;
const calls: string[] = [];
/** Makes the next matching request go through at the sandbox but lose its answer on the way back. */
let loseAnswerOf: RegExp | undefined;

const countingFetch: typeof fetch = async (input, init) => {
  const url = String(input);
  calls.push(`${init?.method ?? 'GET'} ${new URL(url).pathname.replace('/sandbox/mtn-momo', '')}`);
  const response = await fetch(input, init);
  if (loseAnswerOf?.test(url) && init?.method === 'POST') {
    loseAnswerOf = undefined;
    throw new TypeError('fetch failed: connection reset');
  }
  return response;
};

function adapter(): ProviderAdapter {
  return testMtnAdapter(`${base}/sandbox/mtn-momo`, { fetch: countingFetch });
}

function checkout(overrides: Partial<CheckoutRecord> = {}): CheckoutRecord {
  const now = new Date();
  return {
    id: `co_${randomUUID()}`,
    provider: 'mtn-momo',
    method: 'invoice',
    amount: '5000',
    currency: 'UGX',
    reference: 'INV-7',
    status: 'pending',
    instructions: [],
    expiresAt: new Date(now.getTime() + 600_000).toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 0,
    pollAttempts: 0,
    ...overrides,
  };
}

const control = (path: string, body?: unknown, method = 'POST') =>
  fetch(`${base}/sandbox/mtn-momo/control${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

before(async () => {
  const app = new Hono().route('/sandbox/mtn-momo', createMtnMomoSandbox());
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('create: provisions a sandbox user, gets a token, creates the invoice and returns USSD + QR', async () => {
  calls.length = 0;
  const mtn = adapter();
  const referenceId = randomUUID();
  const created = await mtn.create({ checkout: checkout(), referenceId, callbackUrl: 'http://localhost:8080/v1/callbacks/mtn-momo' });
  assert.equal(created.providerReference, referenceId);
  assert.deepEqual(created.status, { status: 'pending', raw: 'CREATED' });
  const [ussd, qr] = created.instructions;
  assert.ok(ussd?.kind === 'ussd' && /^\*165\*3\*\d+\*1#$/.test(ussd.code));
  assert.ok(qr?.kind === 'qr' && qr.payload === ussd.code);
  assert.deepEqual(calls.slice(0, 4), ['POST /v1_0/apiuser', `POST /v1_0/apiuser/${calls[1]?.split('/')[3]}/apikey`, 'POST /collection/token/', 'POST /collection/v2_0/invoice']);
  const record = (await (await control(`/invoices/${referenceId}`, undefined, 'GET')).json()) as { wire: { amount: string; currency: string; externalId: string } };
  assert.deepEqual([record.wire.amount, record.wire.currency, record.wire.externalId], ['5000', 'UGX', 'INV-7']);
});

test('the bearer token is reused until shortly before it expires, then renewed', async () => {
  mock.timers.enable({ apis: ['Date'], now: Date.now() });
  try {
    calls.length = 0;
    const mtn = adapter();
    const tokenCalls = () => calls.filter((call) => call === 'POST /collection/token/').length;
    const create = () => mtn.create({ checkout: checkout(), referenceId: randomUUID(), callbackUrl: 'http://localhost/cb' });
    for (let i = 0; i < 3; i += 1) await create();
    assert.equal(tokenCalls(), 1);
    mock.timers.tick(3_600_000 - 120_000); // two minutes before expires_in (3600 s): still good
    await create();
    assert.equal(tokenCalls(), 1);
    mock.timers.tick(90_000); // within the last minute: renewed before MTN would refuse it
    await create();
    assert.equal(tokenCalls(), 2);
  } finally {
    mock.timers.reset();
  }
});

test('fetchStatus follows the invoice to paid, and maps a decline reason', async () => {
  const mtn = adapter();
  const paid = checkout();
  const a = await mtn.create({ checkout: paid, referenceId: randomUUID(), callbackUrl: 'http://localhost/cb' });
  const { invoiceId } = (await (await control(`/invoices/${a.providerReference}/approve`)).json()) as { invoiceId: string };
  // MTN's invoice status names no transaction: its invoiceId is the proof.
  assert.deepEqual(await mtn.fetchStatus({ ...paid, providerReference: a.providerReference }), { status: 'paid', raw: 'SUCCESSFUL', payment: { transactionId: invoiceId } });

  const b = await mtn.create({ checkout: checkout(), referenceId: randomUUID(), callbackUrl: 'http://localhost/cb' });
  await control(`/invoices/${b.providerReference}/decline`, { reason: 'NOT_ENOUGH_FUNDS' });
  assert.deepEqual(await mtn.fetchStatus(checkout({ providerReference: b.providerReference })), {
    status: 'failed',
    reason: 'insufficient_funds',
    raw: 'FAILED:NOT_ENOUGH_FUNDS',
  });
  assert.equal(await mtn.fetchStatus(checkout({ providerReference: randomUUID() })), undefined);
});

test('a lost create answer is resolved by asking MTN: one invoice, no second create', async () => {
  const mtn = adapter();
  await mtn.create({ checkout: checkout(), referenceId: randomUUID(), callbackUrl: 'http://localhost/cb' });
  calls.length = 0;
  loseAnswerOf = /\/collection\/v2_0\/invoice$/;
  const referenceId = randomUUID();
  const created = await mtn.create({ checkout: checkout(), referenceId, callbackUrl: 'http://localhost/cb' });
  assert.equal(created.providerReference, referenceId);
  assert.equal(calls.filter((call) => call === 'POST /collection/v2_0/invoice').length, 1);
  assert.equal((await control(`/invoices/${referenceId}`, undefined, 'GET')).status, 200);
});

test('MTN failing a create with nothing made is "unavailable"; a refusal is "rejected"', async () => {
  const mtn = adapter();
  await mtn.create({ checkout: checkout(), referenceId: randomUUID(), callbackUrl: 'http://localhost/cb' });
  await control('/faults', { failNext: { status: 500, count: 1 } }, 'PUT');
  await assert.rejects(
    mtn.create({ checkout: checkout(), referenceId: randomUUID(), callbackUrl: 'http://localhost/cb' }),
    (err) => err instanceof ProviderError && err.kind === 'unavailable' && err.providerCode === 'INTERNAL_PROCESSING_ERROR',
  );
  await control('/faults', undefined, 'DELETE');
  await assert.rejects(
    mtn.create({ checkout: checkout({ currency: 'EUR', amount: '5.00' }), referenceId: randomUUID(), callbackUrl: 'http://localhost/cb' }),
    (err) => err instanceof ProviderError && err.kind === 'rejected' && err.providerCode === 'INVALID_CURRENCY',
  );
});

test('cancel turns a pending invoice into cancelled', async () => {
  const mtn = adapter();
  const created = await mtn.create({ checkout: checkout(), referenceId: randomUUID(), callbackUrl: 'http://localhost/cb' });
  const record = checkout({ providerReference: created.providerReference });
  await mtn.cancel!(record, randomUUID());
  assert.deepEqual(await mtn.fetchStatus(record), { status: 'cancelled', reason: 'cancelled', raw: 'FAILED:TRANSACTION_CANCELED.' });
});

test('callbacks name their invoice; malformed ones are refused', () => {
  const mtn = adapter();
  const reference = randomUUID();
  const request = (rawBody: string, query = '') => ({ rawBody, headers: new Headers(), query: new URLSearchParams(query) });
  assert.equal(mtn.callbackReference(request(JSON.stringify({ referenceId: reference, status: 'SUCCESSFUL' }))), reference);
  assert.equal(mtn.callbackReference(request('{}', `ref=${reference}`)), reference);
  assert.throws(() => mtn.callbackReference(request('<xml/>')), ProviderError);
  assert.throws(() => mtn.callbackReference(request('{"status":"SUCCESSFUL"}')), ProviderError);
});

test('every invoice status and failure code maps to one of ours', () => {
  const cases: [string, string | undefined, string, string | undefined][] = [
    ['CREATED', undefined, 'pending', undefined],
    ['PENDING', undefined, 'pending', undefined],
    ['SUCCESSFUL', undefined, 'paid', undefined],
    ['FAILED', 'EXPIRED', 'expired', 'expired'],
    ['FAILED', 'TRANSACTION_CANCELED.', 'cancelled', 'cancelled'],
    ['FAILED', 'APPROVAL_REJECTED', 'failed', 'rejected'],
    ['FAILED', 'PAYMENT_NOT_APPROVED', 'failed', 'rejected'],
    ['FAILED', 'NOT_ENOUGH_FUNDS', 'failed', 'insufficient_funds'],
    ['FAILED', 'PAYER_LIMIT_REACHED', 'failed', 'payer_limit'],
    ['FAILED', 'PAYER_NOT_FOUND', 'failed', 'invalid_payer'],
    ['FAILED', 'COULD_NOT_PERFORM_TRANSACTION', 'failed', 'timeout'],
    ['FAILED', 'INTERNAL_PROCESSING_ERROR', 'failed', 'provider_error'],
    ['FAILED', undefined, 'failed', 'provider_error'],
    ['SOMETHING_NEW', undefined, 'pending', undefined],
  ];
  for (const [status, code, expected, reason] of cases) {
    const mapped = mapInvoiceStatus({ referenceId: 'r', status, ...(code ? { errorReason: { code } } : {}) });
    assert.deepEqual([mapped.status, mapped.reason], [expected, reason], `${status} ${code ?? ''}`);
  }
});
