/**
 * MTN MoMo push methods (request-to-pay, payment): adapter ↔ sandbox contract over real HTTP,
 * with the sandbox's clock in the test's hands and callbacks received by a real HTTP server.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { FailureReason } from '../../contract';
import { mapPushStatus } from '../../server-example/providers/mtn-momo/status';
import { ProviderError, type ProviderAdapter } from '../../server-example/providers/types';
import { createMtnMomoSandbox } from '../../server-example/sandboxes/mtn-momo';
import { RTP_REASON_CODES } from '../../server-example/sandboxes/mtn-momo/wire';
import type { CheckoutRecord } from '../../server-example/store/types';
import { testMtnAdapter } from './helpers';

const KEY = 'momo-sandbox-subscription-key';
const HOST = '127.0.0.1';
const CALLBACK_WAIT_MS = 5_000;

const clock = { ms: Date.now() };
let sandboxServer: Server;
let receiver: Server;
let base: string;
let callbackUrl: string;
const calls: string[] = [];
let loseAnswerOf: RegExp | undefined;
interface Received {
  url: URL;
  body: Record<string, unknown>;
}
const received: Received[] = [];
let onReceived: (() => void) | undefined;

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

/**
 * MTN's "Pending" test number: the push stays on the payer's phone until the control API acts
 * (in target environment `sandbox`, any number off MTN's test list succeeds on its own).
 */
const AT_THE_PHONE = '46733123454';

/** The adapter as configured for MTN's own sandbox environment (EUR, test numbers). */
const sandboxEnvAdapter = (): ProviderAdapter => testMtnAdapter(`${base}/sandbox/mtn-momo`, { fetch: countingFetch, targetEnvironment: 'sandbox', currencies: ['EUR'], callbackHost: HOST });

function checkout(method: string, overrides: Partial<CheckoutRecord> = {}): CheckoutRecord {
  const now = new Date();
  return {
    id: `co_${randomUUID()}`,
    provider: 'mtn-momo',
    method,
    amount: '12.50',
    currency: 'EUR',
    reference: `ORD-${randomUUID().slice(0, 8)}`,
    description: 'Two coffees',
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

const control = async (path: string, body?: unknown, method = 'POST') => {
  const response = await fetch(`${base}/sandbox/mtn-momo/control${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the sandbox's JSON answers, read field by field and each field asserted
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

/** Sends the push; returns the checkout as the backend would hold it afterwards. */
async function pushed(mtn: ProviderAdapter, method: string, phone: string, overrides: Partial<CheckoutRecord> = {}) {
  const record = checkout(method, overrides);
  const referenceId = randomUUID();
  const result = await mtn.pay!({ checkout: record, referenceId, callbackUrl, phone });
  return { record: { ...record, providerReference: result.providerReference }, referenceId, result };
}

function nextCallback(): Promise<Received> {
  const seen = received.length;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no callback arrived')), CALLBACK_WAIT_MS);
    onReceived = () => {
      if (received.length <= seen) return;
      clearTimeout(timer);
      resolve(received[seen]!);
    };
  });
}

/** Resolves once `count` callbacks named `?ref=referenceId` have arrived. */
function callbacksFor(referenceId: string, count: number): Promise<Received[]> {
  const mine = () => received.filter((r) => r.url.searchParams.get('ref') === referenceId);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`expected ${count} callbacks`)), CALLBACK_WAIT_MS);
    onReceived = () => {
      if (mine().length < count) return;
      clearTimeout(timer);
      resolve(mine());
    };
  });
}

/** Raw wire access for what the adapter never sends: a provisioned user's bearer token. */
async function rawToken(): Promise<string> {
  const call = (path: string, init: RequestInit) => fetch(`${base}/sandbox/mtn-momo${path}`, { ...init, headers: { 'Ocp-Apim-Subscription-Key': KEY, ...(init.headers as Record<string, string>) } });
  const apiUser = randomUUID();
  await call('/v1_0/apiuser', { method: 'POST', headers: { 'X-Reference-Id': apiUser, 'Content-Type': 'application/json' }, body: JSON.stringify({ providerCallbackHost: HOST }) });
  const { apiKey } = (await (await call(`/v1_0/apiuser/${apiUser}/apikey`, { method: 'POST' })).json()) as { apiKey: string };
  const token = await call('/collection/token/', { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`${apiUser}:${apiKey}`).toString('base64')}` } });
  return ((await token.json()) as { access_token: string }).access_token;
}

function raw(token: string, method: string, path: string, opts: { referenceId?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(`${base}/sandbox/mtn-momo${path}`, {
    method,
    headers: {
      'Ocp-Apim-Subscription-Key': KEY,
      Authorization: `Bearer ${token}`,
      'X-Target-Environment': 'sandbox',
      ...(opts.body === undefined ? {} : { 'Content-Type': 'application/json', 'X-Reference-Id': opts.referenceId ?? randomUUID() }),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  }).then(async (response) => ({ status: response.status, text: await response.text() }));
}

before(async () => {
  const app = new Hono().route('/sandbox/mtn-momo', createMtnMomoSandbox({ now: () => clock.ms }));
  sandboxServer = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: HOST }, () => resolve(s as Server));
  });
  base = `http://${HOST}:${(sandboxServer.address() as AddressInfo).port}`;
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({ url: new URL(req.url ?? '/', `http://${HOST}`), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      res.writeHead(200).end();
      onReceived?.();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, HOST, resolve));
  callbackUrl = `http://${HOST}:${(receiver.address() as AddressInfo).port}/v1/callbacks/mtn-momo`;
});
after(async () => {
  for (const server of [sandboxServer, receiver]) {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
});
beforeEach(async () => {
  await control('/faults', undefined, 'DELETE');
});

describe('capabilities and create', () => {
  test('each method declares its currency; push methods their phone numbers, per target environment', () => {
    const sandboxEnv = sandboxEnvAdapter();
    const uganda = testMtnAdapter(`${base}/sandbox/mtn-momo`);
    assert.deepEqual(Object.keys(uganda.methods), ['invoice', 'request-to-pay', 'payment']);
    for (const method of ['request-to-pay', 'payment']) {
      const ug = uganda.methods[method]!;
      assert.deepEqual(ug.currencies, ['UGX']);
      assert.ok(ug.phone!.pattern.test('256772123456') && ug.phone!.pattern.test('256392123456'));
      assert.ok(!ug.phone!.pattern.test('256701234567'), 'Airtel Uganda is not MTN');
      assert.ok(!ug.phone!.pattern.test('46733123450'));
      assert.ok(ug.phone!.pattern.test(ug.phone!.example));
      const sb = sandboxEnv.methods[method]!;
      assert.deepEqual(sb.currencies, ['EUR']);
      for (const n of ['46733123450', '46733123453', '46733123459', '256772123456']) assert.ok(sb.phone!.pattern.test(n), n);
      assert.ok(!sb.phone!.pattern.test('4673312345'));
    }
    assert.equal(uganda.methods.invoice!.phone, undefined);
  });

  test('create for a push method asks for the phone and calls nobody', async () => {
    const mtn = sandboxEnvAdapter();
    calls.length = 0;
    for (const method of ['request-to-pay', 'payment']) {
      const created = await mtn.create({ checkout: checkout(method), referenceId: randomUUID(), callbackUrl });
      assert.equal(created.providerReference, undefined);
      assert.deepEqual(created.status, { status: 'pending', raw: 'AWAITING_PHONE' });
      assert.deepEqual(created.instructions, [
        { kind: 'push', needsPhone: true, phonePattern: mtn.methods[method]!.phone!.pattern.source, phoneExample: mtn.methods[method]!.phone!.example, operators: ['MTN MoMo'] },
      ]);
    }
    assert.deepEqual(calls, []);
    assert.equal(mtn.operationFor('request-to-pay'), 'collection.requesttopay');
    assert.equal(mtn.operationFor('payment'), 'collection.payment');
    assert.equal(mtn.operationFor('invoice'), 'collection.invoice.create');
  });
});

describe('request-to-pay', () => {
  test('pay sends §1.4 with X-Reference-Id = referenceId; approve → callback named by ?ref= → paid', async () => {
    const mtn = sandboxEnvAdapter();
    calls.length = 0;
    const { record, referenceId, result } = await pushed(mtn, 'request-to-pay', AT_THE_PHONE);
    assert.equal(result.providerReference, referenceId);
    assert.deepEqual(result.status, { status: 'processing', raw: 'PENDING' });
    assert.deepEqual(
      result.instructions.map((i) => i.kind === 'push' && i.needsPhone),
      [false],
    );
    assert.ok(calls.includes('POST /collection/v1_0/requesttopay'));
    assert.ok(calls.includes(`GET /collection/v1_0/requesttopay/${referenceId}`));

    const view = await control(`/requesttopay/${referenceId}`, undefined, 'GET');
    assert.equal(view.status, 200);
    assert.deepEqual(view.body.request, {
      amount: '12.50',
      currency: 'EUR',
      externalId: record.reference,
      payer: { partyIdType: 'MSISDN', partyId: AT_THE_PHONE },
      payerMessage: 'Two coffees',
      payeeNote: record.reference,
    });
    assert.equal(new URL(view.body.callbackUrl).searchParams.get('ref'), referenceId);

    const callback = nextCallback();
    await mtn.sandbox!.act(record, 'approve');
    const { url, body } = await callback;
    assert.equal(body.referenceId, undefined, 'MTN sends no referenceId in a RequestToPay callback');
    assert.equal(body.status, 'SUCCESSFUL');
    assert.equal(typeof body.financialTransactionId, 'string');
    assert.equal(mtn.callbackReference({ rawBody: JSON.stringify(body), headers: new Headers(), query: url.searchParams }), referenceId);
    assert.deepEqual(await mtn.fetchStatus(record), { status: 'paid', raw: 'SUCCESSFUL', payment: { transactionId: body.financialTransactionId } });
    // Final stays final.
    await assert.rejects(mtn.sandbox!.act(record, 'decline'), (err) => err instanceof ProviderError && err.providerCode === 'PAYMENT_FINAL');
  });

  test('decline → rejected, expire → expired, through sandbox.act', async () => {
    const mtn = sandboxEnvAdapter();
    const declined = await pushed(mtn, 'request-to-pay', AT_THE_PHONE);
    await mtn.sandbox!.act(declined.record, 'decline');
    assert.deepEqual(await mtn.fetchStatus(declined.record), { status: 'failed', reason: 'rejected', raw: 'FAILED:APPROVAL_REJECTED' });
    const expired = await pushed(mtn, 'request-to-pay', AT_THE_PHONE);
    await mtn.sandbox!.act(expired.record, 'expire');
    assert.deepEqual(await mtn.fetchStatus(expired.record), { status: 'expired', reason: 'expired', raw: 'FAILED:EXPIRED' });
  });

  test("MTN's test numbers: 450 failed, 451 rejected, 452 timeout, 453 pending then paid after 30 s, 454 pending", async () => {
    const mtn = sandboxEnvAdapter();
    const outcome = async (phone: string) => (await pushed(mtn, 'request-to-pay', phone)).result.status;
    assert.deepEqual(await outcome('46733123450'), { status: 'failed', reason: 'provider_error', raw: 'FAILED:INTERNAL_PROCESSING_ERROR' });
    assert.deepEqual(await outcome('46733123451'), { status: 'failed', reason: 'rejected', raw: 'FAILED:APPROVAL_REJECTED' });
    assert.deepEqual(await outcome('46733123452'), { status: 'failed', reason: 'timeout', raw: 'FAILED:COULD_NOT_PERFORM_TRANSACTION' });

    const ongoing = await pushed(mtn, 'request-to-pay', '46733123453');
    const pending = await pushed(mtn, 'request-to-pay', '46733123454');
    assert.deepEqual(ongoing.result.status, { status: 'processing', raw: 'PENDING' });
    clock.ms += 29_000;
    assert.equal((await mtn.fetchStatus(ongoing.record))?.status, 'processing');
    const callback = nextCallback();
    clock.ms += 1_000;
    const { payment, ...paid } = (await mtn.fetchStatus(ongoing.record))!;
    assert.deepEqual(paid, { status: 'paid', raw: 'SUCCESSFUL' });
    assert.match(payment?.transactionId ?? '', /^\d{9}$/);
    assert.equal((await callback).url.searchParams.get('ref'), ongoing.referenceId);
    clock.ms += 3_600_000;
    assert.deepEqual(await mtn.fetchStatus(pending.record), { status: 'processing', raw: 'PENDING' });
    // Still the payer's to settle.
    await mtn.sandbox!.act(pending.record, 'approve');
    assert.equal((await mtn.fetchStatus(pending.record))?.status, 'paid');
  });

  test('an unanswered push lapses after the approval window (5 min) as EXPIRED, with a callback', async () => {
    // Outside MTN's `sandbox` environment (as the demo runs, MTN Uganda) a push waits for the payer.
    const mtn = testMtnAdapter(`${base}/sandbox/mtn-momo`, { fetch: countingFetch, callbackHost: HOST });
    const { record, referenceId } = await pushed(mtn, 'request-to-pay', '256772123456', { amount: '5000', currency: 'UGX' });
    clock.ms += 299_000;
    assert.equal((await mtn.fetchStatus(record))?.status, 'processing');
    const callback = nextCallback();
    clock.ms += 1_000;
    assert.deepEqual(await mtn.fetchStatus(record), { status: 'expired', reason: 'expired', raw: 'FAILED:EXPIRED' });
    assert.equal((await callback).url.searchParams.get('ref'), referenceId);
  });

  test('callback faults apply to pushes too: duplicate sends the same PUT twice, drop sends none', async () => {
    const mtn = sandboxEnvAdapter();
    await control('/faults', { callbacks: 'duplicate' }, 'PUT');
    const twice = await pushed(mtn, 'request-to-pay', AT_THE_PHONE);
    const both = callbacksFor(twice.referenceId, 2);
    await mtn.sandbox!.act(twice.record, 'approve');
    const mine = await both;
    assert.equal(mine.length, 2);
    assert.deepEqual(mine[0]?.body, mine[1]?.body);

    await control('/faults', { callbacks: 'drop' }, 'PUT');
    const dropped = await pushed(mtn, 'payment', AT_THE_PHONE);
    await mtn.sandbox!.act(dropped.record, 'approve');
    const view = await control(`/payments/${dropped.referenceId}`, undefined, 'GET');
    assert.deepEqual([view.body.callbacks.sent, view.body.callbacks.dropped], [0, 1]);
    assert.equal((await mtn.fetchStatus(dropped.record))?.status, 'paid');
  });

  test('every published reason and seed-002 code maps to our reason', async () => {
    const expected: Record<string, [string, FailureReason]> = {
      NOT_ENOUGH_FUNDS: ['failed', 'insufficient_funds'],
      PAYER_LIMIT_REACHED: ['failed', 'payer_limit'],
      PAYER_NOT_FOUND: ['failed', 'invalid_payer'],
      SENDER_ACCOUNT_NOT_ACTIVE: ['failed', 'invalid_payer'],
      APPROVAL_REJECTED: ['failed', 'rejected'],
      PAYMENT_NOT_APPROVED: ['failed', 'rejected'],
      COULD_NOT_PERFORM_TRANSACTION: ['failed', 'timeout'],
      TRANSACTION_NOT_COMPLETED: ['failed', 'timeout'],
      EXPIRED: ['expired', 'expired'],
      'TRANSACTION_CANCELED.': ['cancelled', 'cancelled'],
    };
    for (const code of RTP_REASON_CODES) {
      // A fresh adapter each time keeps clear of MTN's status-call rate limit (10/s per adapter).
      const mtn = sandboxEnvAdapter();
      const { record } = await pushed(mtn, 'request-to-pay', AT_THE_PHONE);
      assert.equal((await control(`/requesttopay/${record.providerReference}/decline`, { reason: code })).status, 200);
      const [status, reason] = expected[code] ?? ['failed', 'provider_error'];
      assert.deepEqual(await mtn.fetchStatus(record), { status, reason, raw: `FAILED:${code}` }, code);
    }
    // `reason` as an object (older answers), and statuses MTN never documented.
    assert.deepEqual(mapPushStatus({ status: 'FAILED', reason: { code: 'NOT_ENOUGH_FUNDS', message: 'x' } }).reason, 'insufficient_funds');
    assert.deepEqual(mapPushStatus({ status: 'FAILED' }), { status: 'failed', reason: 'provider_error', raw: 'FAILED' });
    assert.deepEqual(mapPushStatus({ status: 'ONGOING' }), { status: 'processing', raw: 'UNKNOWN:ONGOING' });
    assert.equal((await control('/requesttopay/x/decline', { reason: 'EXPIRED' })).status, 404);
    const { record } = await pushed(sandboxEnvAdapter(), 'request-to-pay', AT_THE_PHONE);
    assert.equal((await control(`/requesttopay/${record.providerReference}/decline`, { reason: 'NOPE' })).status, 400);
  });

  test('a lost answer is resolved by asking MTN for the reference: one push, no second POST', async () => {
    const mtn = sandboxEnvAdapter();
    await pushed(mtn, 'request-to-pay', AT_THE_PHONE); // token first
    calls.length = 0;
    loseAnswerOf = /\/collection\/v1_0\/requesttopay$/;
    const { referenceId, result } = await pushed(mtn, 'request-to-pay', AT_THE_PHONE);
    assert.equal(result.providerReference, referenceId);
    assert.equal(result.status.status, 'processing');
    assert.equal(calls.filter((call) => call === 'POST /collection/v1_0/requesttopay').length, 1);
    assert.equal((await control('/requesttopay', undefined, 'GET')).body.requesttopay.filter((r: { referenceId: string }) => r.referenceId === referenceId).length, 1);
  });

  test('MTN failing with nothing made is "unavailable"; a refusal is "rejected"', async () => {
    const mtn = sandboxEnvAdapter();
    await pushed(mtn, 'request-to-pay', AT_THE_PHONE);
    await control('/faults', { failNext: { status: 500, count: 1 } }, 'PUT');
    await assert.rejects(pushed(mtn, 'request-to-pay', AT_THE_PHONE), (err) => err instanceof ProviderError && err.kind === 'unavailable' && err.providerCode === 'INTERNAL_PROCESSING_ERROR');
    await control('/faults', { failNext: { status: 500, count: 1, code: 'PAYER_NOT_FOUND' } }, 'PUT');
    await assert.rejects(pushed(mtn, 'request-to-pay', AT_THE_PHONE), (err) => err instanceof ProviderError && err.kind === 'rejected' && err.providerCode === 'PAYER_NOT_FOUND');
    await assert.rejects(
      pushed(mtn, 'request-to-pay', AT_THE_PHONE, { currency: 'UGX', amount: '5000' }),
      (err) => err instanceof ProviderError && err.kind === 'rejected' && err.providerCode === 'INVALID_CURRENCY',
    );
    await assert.rejects(pushed(mtn, 'request-to-pay', '256-77'), (err) => err instanceof ProviderError && err.kind === 'rejected' && err.providerCode === 'BAD_REQUEST');
  });

  test('cancel: nothing to close before the push; refused once it is on the phone; act needs a push', async () => {
    const mtn = sandboxEnvAdapter();
    await mtn.cancel!(checkout('request-to-pay'), randomUUID());
    const { record } = await pushed(mtn, 'request-to-pay', AT_THE_PHONE);
    await assert.rejects(mtn.cancel!(record, randomUUID()), (err) => err instanceof ProviderError && err.providerCode === 'CANCEL_UNSUPPORTED');
    await assert.rejects(mtn.sandbox!.act(checkout('request-to-pay'), 'approve'), (err) => err instanceof ProviderError && err.kind === 'rejected');
  });

  test('wire: 202 empty; GET has no referenceId; 409 duplicate; 404 unknown; 400 for a bad payer', async () => {
    const token = await rawToken();
    const body = { amount: '5', currency: 'EUR', externalId: 'x', payer: { partyIdType: 'MSISDN', partyId: '46733123454' }, payerMessage: 'm', payeeNote: 'n' };
    const referenceId = randomUUID();
    assert.deepEqual(await raw(token, 'POST', '/collection/v1_0/requesttopay', { referenceId, body }), { status: 202, text: '' });
    assert.deepEqual(JSON.parse((await raw(token, 'POST', '/collection/v1_0/requesttopay', { referenceId, body })).text), {
      code: 'RESOURCE_ALREADY_EXIST',
      message: 'Duplicated reference id. Creation of resource failed.',
    });
    const got = await raw(token, 'GET', `/collection/v1_0/requesttopay/${referenceId}`);
    assert.equal(got.status, 200);
    assert.deepEqual(JSON.parse(got.text), { ...body, status: 'PENDING' });
    assert.equal((await raw(token, 'GET', `/collection/v1_0/requesttopay/${randomUUID()}`)).status, 404);
    const bad = await raw(token, 'POST', '/collection/v1_0/requesttopay', { body: { ...body, payer: { partyIdType: 'MSISDN', partyId: '+46733' } } });
    assert.equal(bad.status, 400);
    assert.match(JSON.parse(bad.text).message, /payer\.partyId/);
    const host = await raw(token, 'POST', '/collection/v1_0/requesttopay', { body, headers: { 'X-Callback-Url': 'https://elsewhere.example/cb' } });
    assert.deepEqual([host.status, JSON.parse(host.text).code], [500, 'INVALID_CALLBACK_URL_HOST']);
  });
});

describe('payment (CreatePayments)', () => {
  test('pay sends the seed-002 body (payer phone = customerReference); approve → callback → paid', async () => {
    const mtn = sandboxEnvAdapter();
    calls.length = 0;
    const { record, referenceId, result } = await pushed(mtn, 'payment', AT_THE_PHONE);
    assert.deepEqual(result.status, { status: 'processing', raw: 'PENDING' });
    assert.ok(calls.includes('POST /collection/v2_0/payment'));
    const view = await control(`/payments/${referenceId}`, undefined, 'GET');
    assert.deepEqual(view.body.request, {
      externalTransactionId: record.reference,
      money: { amount: '12.50', currency: 'EUR' },
      customerReference: AT_THE_PHONE,
      serviceProviderUserName: 'momo-checkout',
      receiverMessage: 'Two coffees',
      senderNote: 'Two coffees',
      includeSenderCharges: false,
    });
    const callback = nextCallback();
    await mtn.sandbox!.act(record, 'approve');
    const { url, body } = await callback;
    // With MTN's id of the payment once SUCCESSFUL (as momo.rs reads a payment's result).
    const financialTransactionId = String(body.financialTransactionId);
    assert.match(financialTransactionId, /^\d{9}$/);
    assert.deepEqual(body, { referenceId, status: 'SUCCESSFUL', financialTransactionId });
    assert.equal(mtn.callbackReference({ rawBody: JSON.stringify(body), headers: new Headers(), query: url.searchParams }), referenceId);
    assert.deepEqual(await mtn.fetchStatus(record), { status: 'paid', raw: 'SUCCESSFUL', payment: { transactionId: financialTransactionId } });
  });

  test('test numbers and decline/expire map through the same table', async () => {
    const mtn = sandboxEnvAdapter();
    const outcome = async (phone: string) => (await pushed(mtn, 'payment', phone)).result.status;
    assert.deepEqual(await outcome('46733123450'), { status: 'failed', reason: 'provider_error', raw: 'FAILED:INTERNAL_PROCESSING_ERROR' });
    assert.deepEqual(await outcome('46733123451'), { status: 'failed', reason: 'rejected', raw: 'FAILED:APPROVAL_REJECTED' });
    assert.deepEqual(await outcome('46733123452'), { status: 'failed', reason: 'timeout', raw: 'FAILED:TRANSACTION_NOT_COMPLETED' });
    const ongoing = await pushed(mtn, 'payment', '46733123453');
    const pending = await pushed(mtn, 'payment', '46733123454');
    clock.ms += 30_000;
    assert.match((await mtn.fetchStatus(ongoing.record))?.payment?.transactionId ?? '', /^\d{9}$/);
    assert.deepEqual(await mtn.fetchStatus(pending.record), { status: 'processing', raw: 'PENDING' });

    const declined = await pushed(mtn, 'payment', AT_THE_PHONE);
    assert.equal((await control(`/payments/${declined.referenceId}/decline`, { reason: 'NOT_ENOUGH_FUNDS' })).status, 200);
    assert.deepEqual(await mtn.fetchStatus(declined.record), { status: 'failed', reason: 'insufficient_funds', raw: 'FAILED:NOT_ENOUGH_FUNDS' });
    const expired = await pushed(mtn, 'payment', AT_THE_PHONE);
    await mtn.sandbox!.act(expired.record, 'expire');
    assert.equal((await mtn.fetchStatus(expired.record))?.status, 'expired');
    // A payment only fails with a seed-002 code: RequestToPay's extra reasons are refused.
    const other = await pushed(mtn, 'payment', AT_THE_PHONE);
    assert.equal((await control(`/payments/${other.referenceId}/decline`, { reason: 'COULD_NOT_PERFORM_TRANSACTION' })).status, 400);
  });

  test('wire: 409 RESOURCE_ALREADY_EXIST on a reused X-Reference-Id, 400 bodies, 500 bodies', async () => {
    const token = await rawToken();
    const body = { externalTransactionId: 'T-1', money: { amount: '5.00', currency: 'EUR' }, customerReference: '+46733123454', serviceProviderUserName: 'Electricity Inc.' };
    const referenceId = randomUUID();
    const post = (b: unknown, opts: { referenceId?: string; headers?: Record<string, string> } = {}) => raw(token, 'POST', '/collection/v2_0/payment', { body: b, ...opts });
    assert.deepEqual(await post(body, { referenceId }), { status: 202, text: '' });
    const duplicate = await post(body, { referenceId });
    assert.deepEqual([duplicate.status, JSON.parse(duplicate.text)], [409, { code: 'RESOURCE_ALREADY_EXIST', message: 'Duplicated reference id. Creation of resource failed.' }]);
    const got = await raw(token, 'GET', `/collection/v2_0/payment/${referenceId}`);
    assert.deepEqual([got.status, JSON.parse(got.text)], [200, { referenceId, status: 'PENDING' }]);
    assert.equal((await raw(token, 'GET', `/collection/v2_0/payment/${randomUUID()}`)).status, 404);

    // Every optional field of seed 002 is accepted.
    const full = { ...body, couponId: 'C1', productId: 'P1', productOfferingId: 'O1', receiverMessage: 'r', senderNote: 's', maxNumberOfRetries: 2, includeSenderCharges: true };
    assert.equal((await post(full)).status, 202);

    const badRequests: [unknown, RegExp, Record<string, string>?][] = [
      [{ ...body, serviceProviderUserName: undefined }, /serviceProviderUserName/],
      [{ ...body, externalTransactionId: '' }, /externalTransactionId/],
      [{ ...body, money: { amount: 5, currency: 'EUR' } }, /money\.amount/],
      [{ ...body, money: { amount: '0', currency: 'EUR' } }, /money\.amount/],
      [{ ...body, money: { amount: '5.001', currency: 'EUR' } }, /decimal places/],
      [{ ...body, maxNumberOfRetries: '2' }, /maxNumberOfRetries/],
      [{ ...body, includeSenderCharges: 'yes' }, /includeSenderCharges/],
      ['{not json', /JSON/],
      [body, /X-Reference-Id/, { 'X-Reference-Id': 'not-a-uuid' }],
    ];
    for (const [b, message, headers] of badRequests) {
      const response = await post(b, { headers: headers ?? {} });
      assert.equal(response.status, 400, JSON.stringify(b));
      const error = JSON.parse(response.text) as { code: string; message: string };
      assert.equal(error.code, 'BAD_REQUEST');
      assert.match(error.message, message);
    }

    const serverErrors: [unknown, string, Record<string, string>?][] = [
      [{ ...body, customerReference: 'meter-0042' }, 'PAYER_NOT_FOUND'],
      [{ ...body, money: { amount: '5000', currency: 'UGX' } }, 'INVALID_CURRENCY'],
      [body, 'INVALID_CALLBACK_URL_HOST', { 'X-Callback-Url': 'https://elsewhere.example/cb' }],
      [body, 'NOT_ALLOWED_TARGET_ENVIRONMENT', { 'X-Target-Environment': 'mtnatlantis' }],
    ];
    for (const [b, code, headers] of serverErrors) {
      const response = await post(b, { headers: headers ?? {} });
      assert.deepEqual([response.status, (JSON.parse(response.text) as { code: string }).code], [500, code]);
    }
    await control('/faults', { failNext: { status: 500, count: 1 } }, 'PUT');
    assert.deepEqual(JSON.parse((await post(body)).text), { code: 'INTERNAL_PROCESSING_ERROR', message: 'An internal error occurred while processing.' });
    await control('/faults', { failNext: { status: 500, count: 1, code: 'PAYEE_NOT_FOUND' } }, 'PUT');
    const payee = await post(body);
    assert.deepEqual([payee.status, JSON.parse(payee.text).code], [500, 'PAYEE_NOT_FOUND']);
  });

  test('the adapter classifies each error answer: rejected (payer may retry) or unavailable (ask later)', async () => {
    const mtn = sandboxEnvAdapter();
    await pushed(mtn, 'payment', AT_THE_PHONE);
    const rejects = (phone: string, code: string, kind = 'rejected') =>
      assert.rejects(pushed(mtn, 'payment', phone), (err) => err instanceof ProviderError && err.kind === kind && err.providerCode === code);
    await rejects('meter-0042', 'PAYER_NOT_FOUND');
    await control('/faults', { failNext: { status: 400, count: 1 } }, 'PUT');
    await rejects(AT_THE_PHONE, 'BAD_REQUEST');
    for (const code of ['NOT_ENOUGH_FUNDS', 'PAYER_LIMIT_REACHED', 'NOT_ALLOWED', 'PAYEE_NOT_ALLOWED_TO_RECEIVE']) {
      await control('/faults', { failNext: { status: 500, count: 1, code } }, 'PUT');
      await rejects(AT_THE_PHONE, code);
    }
    await control('/faults', { failNext: { status: 503, count: 1 } }, 'PUT');
    await rejects(AT_THE_PHONE, 'SERVICE_UNAVAILABLE', 'unavailable');
    // A lost answer whose payment exists is success, with a single POST.
    calls.length = 0;
    loseAnswerOf = /\/collection\/v2_0\/payment$/;
    const { result, referenceId } = await pushed(mtn, 'payment', AT_THE_PHONE);
    assert.equal(result.providerReference, referenceId);
    assert.equal(calls.filter((call) => call === 'POST /collection/v2_0/payment').length, 1);
  });
});
