/**
 * Mom Factura adapter ↔ sandbox over real HTTP: every documented success and error path,
 * the QA simulation, webhooks, rate limits (with an injected clock) and the fault controls.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { scrub } from '../../server-example/logger';
import { createMomFacturaAdapter, type MomFacturaOptions } from '../../server-example/providers/mom-factura/adapter';
import { mapMomFacturaStatus } from '../../server-example/providers/mom-factura/status';
import { ProviderError, type CreatedPayment, type ProviderAdapter } from '../../server-example/providers/types';
import { createMomFacturaSandbox, type MomFacturaSandboxOptions } from '../../server-example/sandboxes/mom-factura';
import type { CheckoutRecord } from '../../server-example/store/types';

const KEY = 'mf_sandbox_key';

interface Webhook {
  body: Record<string, unknown>;
}

/** A sandbox at /sandbox/mom-factura plus a webhook receiver at /hooks, served on a free port. */
async function serveSandbox(options: MomFacturaSandboxOptions = {}) {
  const hooks: Webhook[] = [];
  let waiters: Array<() => void> = [];
  const app = new Hono().route('/sandbox/mom-factura', createMomFacturaSandbox({ controlWaitMs: 2_000, ...options })).post('/hooks', async (c) => {
    hooks.push({ body: (await c.req.json()) as Record<string, unknown> });
    waiters.forEach((wake) => {
      wake();
    });
    waiters = [];
    return c.json({ received: true });
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sandboxUrl = `${base}/sandbox/mom-factura`;
  return {
    base,
    sandboxUrl,
    hookUrl: `${base}/hooks`,
    hooks,
    /** Resolves once `count` webhooks have arrived in all. */
    async hooksArrived(count: number) {
      while (hooks.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return hooks;
    },
    adapter: (overrides: Partial<MomFacturaOptions> = {}) => createMomFacturaAdapter({ baseUrl: sandboxUrl, apiKey: KEY, qa: true, sandbox: true, ...overrides }),
    /** A raw wire call, as any client of Mom Factura would make it. */
    api(path: string, init: { body?: unknown; rawBody?: string; headers?: Record<string, string>; method?: string } = {}) {
      return fetch(`${sandboxUrl}/api${path}`, {
        method: init.method ?? (init.body === undefined && init.rawBody === undefined ? 'GET' : 'POST'),
        headers: { 'Content-Type': 'application/json', 'x-api-key': KEY, ...init.headers },
        body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
      });
    },
    control(path: string, body?: unknown, method = 'POST') {
      return fetch(`${sandboxUrl}/control${path}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
type Sandbox = Awaited<ReturnType<typeof serveSandbox>>;

function checkout(overrides: Partial<CheckoutRecord> = {}): CheckoutRecord {
  const now = new Date();
  return {
    id: `co_${randomUUID().replaceAll('-', '')}`,
    provider: 'mom-factura',
    method: 'ekwanza',
    amount: '2500.00',
    currency: 'AOA',
    reference: 'ORD-1',
    status: 'pending',
    instructions: [],
    payer: { phone: '+244923000000' },
    expiresAt: new Date(now.getTime() + 900_000).toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 0,
    pollAttempts: 0,
    ...overrides,
  };
}

/** The checkout as the service stores it after create (providerReference and instructions). */
const stored = (record: CheckoutRecord, created: CreatedPayment): CheckoutRecord => ({ ...record, providerReference: created.providerReference, instructions: created.instructions });

async function errorOf(response: Response) {
  return { status: response.status, ...((await response.json()) as { success: boolean; code: string; error: string }) };
}

async function rejects(promise: Promise<unknown>, kind: ProviderError['kind'], code: string) {
  await assert.rejects(promise, (err: unknown) => err instanceof ProviderError && err.kind === kind && err.providerCode === code);
}

/** A rate limit is no refusal: unavailable, known to have created nothing, so it may be sent again. */
async function rateLimited(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (err: unknown) => err instanceof ProviderError && err.kind === 'unavailable' && err.providerCode === code && err.notSent);
}

const create = (adapter: ProviderAdapter, record: CheckoutRecord, callbackUrl: string) => adapter.create({ checkout: record, referenceId: randomUUID(), callbackUrl });

const pay = (adapter: ProviderAdapter, record: CheckoutRecord, phone: string) => adapter.pay!({ checkout: record, referenceId: randomUUID(), callbackUrl: 'http://unused.invalid/', phone });

let sb: Sandbox;
before(async () => {
  // The shared sandbox lifts the rate limits; they are tested on sandboxes of their own.
  sb = await serveSandbox({ paymentsPerMinute: 10_000, requestsPerMinute: 10_000 });
});
after(() => sb.close());

describe('E-kwanza', () => {
  test('create: a PNG QR data URI and the code, both expiring at expirationDate (paymentTimeout 180 s)', async () => {
    const record = checkout({
      items: [
        { name: 'Pizza', quantity: 2, unitAmount: '1000.00', taxRate: 14 },
        { name: 'Água', quantity: 1, unitAmount: '500.00', taxRate: 0 },
      ],
      payer: { phone: '+244923000000', name: 'Ana', taxId: '004512345LA041' },
    });
    const created = await create(sb.adapter(), record, sb.hookUrl);
    const [qr, code] = created.instructions;
    assert.ok(qr?.kind === 'qr' && qr.image?.startsWith('data:image/png;base64,'));
    const png = Buffer.from(qr.image!.slice('data:image/png;base64,'.length), 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(code?.kind === 'code' && /^EKZ\d{6}$/.test(code.code));
    assert.equal(created.providerReference, code.code);
    assert.equal(qr.expiresAt, code.expiresAt);
    const lifetime = Date.parse(code.expiresAt!) - Date.now();
    assert.ok(lifetime > 170_000 && lifetime <= 180_000, `expires in ${lifetime} ms`);
    assert.deepEqual(created.status, { status: 'pending', raw: 'pending' });

    const record2 = (await (await sb.control(`/payments/${code.code}`, undefined, 'GET')).json()) as Record<string, unknown>;
    assert.equal(record2.amount, 2500);
    assert.equal(record2.phoneNumber, '244923000000');
    assert.deepEqual(record2.products, [
      { id: '1', productName: 'Pizza', productPrice: 1000, productQuantity: 2, iva: 14 },
      { id: '2', productName: 'Água', productPrice: 500, productQuantity: 1, iva: 0 },
    ]);
    assert.deepEqual(record2.customer, { name: 'Ana', nif: '004512345LA041', phone: '244923000000' });
    assert.equal(record2.feeAmount, 50);
  });

  test('approve → payment.confirmed then invoice.created; the status fallback says paid with the invoice as receipt', async () => {
    const adapter = sb.adapter();
    const record = checkout();
    const created = await create(adapter, record, sb.hookUrl);
    const before = sb.hooks.length;
    assert.deepEqual(await adapter.fetchStatus(stored(record, created)), { status: 'pending', raw: 'pending' });
    assert.equal((await sb.control(`/payments/${created.providerReference}/approve`)).status, 200);
    const hooks = (await sb.hooksArrived(before + 2)).slice(before);
    assert.deepEqual(
      hooks.map((h) => [h.body.event, h.body.operationStatus, h.body.merchantTransactionId]),
      [
        ['payment.confirmed', '1', created.providerReference],
        ['invoice.created', '1', created.providerReference],
      ],
    );
    const invoiceUrl = hooks[1]!.body.invoiceUrl as string;
    assert.match(invoiceUrl, /\/sandbox\/mom-factura\/invoices\/[0-9a-f]{24}\.pdf$/);
    assert.equal(adapter.callbackReference({ rawBody: JSON.stringify(hooks[0]!.body), headers: new Headers(), query: new URLSearchParams() }), created.providerReference);
    // The E-kwanza operation that paid it is the proof.
    const { operationCode } = (await (await sb.control(`/payments/${created.providerReference}`, undefined, 'GET')).json()) as { operationCode: string };
    assert.deepEqual(await adapter.fetchStatus(stored(record, created)), { status: 'paid', raw: 'paid', receiptUrl: invoiceUrl, payment: { transactionId: operationCode } });
    const pdf = await fetch(invoiceUrl);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.match(Buffer.from(await pdf.arrayBuffer()).toString('latin1'), /^%PDF-1\.4[\s\S]*Total: 2500\.00 Kz[\s\S]*%%EOF\n$/);
  });

  test('expire → operationStatus 3 without event; decline → 4; decline error → 5; each read back through the status endpoint', async () => {
    const adapter = sb.adapter();
    for (const [action, body, op, expected] of [
      ['expire', undefined, '3', { status: 'expired', reason: 'expired', raw: 'expired' }],
      ['decline', undefined, '4', { status: 'failed', reason: 'rejected', raw: 'failed' }],
      ['decline', { reason: 'error' }, '5', { status: 'failed', reason: 'provider_error', raw: 'error' }],
    ] as const) {
      const record = checkout();
      const created = await create(adapter, record, sb.hookUrl);
      const before = sb.hooks.length;
      assert.equal((await sb.control(`/payments/${created.providerReference}/${action}`, body)).status, 200);
      const [hook] = (await sb.hooksArrived(before + 1)).slice(before);
      assert.equal(hook!.body.operationStatus, op);
      assert.equal('event' in hook!.body, false);
      assert.deepEqual(await adapter.fetchStatus(stored(record, created)), expected);
      // Final: the payer cannot act again.
      assert.equal((await errorOf(await sb.control(`/payments/${created.providerReference}/approve`))).code, 'PAYMENT_FINAL');
    }
  });

  test('a code expires by itself after paymentTimeout (clock-driven), with its webhook', async () => {
    let now = Date.now();
    const timed = await serveSandbox({ now: () => now });
    try {
      const adapter = timed.adapter();
      const record = checkout();
      const created = await create(adapter, record, timed.hookUrl);
      now += 181_000;
      assert.deepEqual(await adapter.fetchStatus(stored(record, created)), { status: 'expired', reason: 'expired', raw: 'expired' });
      const [hook] = await timed.hooksArrived(1);
      assert.equal(hook!.body.operationStatus, '3');
    } finally {
      await timed.close();
    }
  });

  test('without the payer phone: MISSING_PHONE, refused', async () => {
    await rejects(create(sb.adapter(), checkout({ payer: undefined }), sb.hookUrl), 'rejected', 'MISSING_PHONE');
  });
});

describe('Reference', () => {
  test('create: a bank-reference instruction; instantWithdraw is sent; approve → paid with receipt', async () => {
    const adapter = sb.adapter();
    const record = checkout({ method: 'reference', payer: undefined });
    const created = await create(adapter, record, sb.hookUrl);
    const [instruction] = created.instructions;
    assert.ok(instruction?.kind === 'bank-reference');
    assert.equal(instruction.entity, '11604');
    assert.match(instruction.reference, /^\d{9}$/);
    assert.equal(instruction.amount, '2500.00');
    assert.match(instruction.dueDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(Date.parse(instruction.dueDate) > Date.now());
    assert.match(created.providerReference ?? '', /^op-/);
    const view = (await (await sb.control(`/payments/${created.providerReference}`, undefined, 'GET')).json()) as Record<string, unknown>;
    assert.equal(view.instantWithdraw, true);

    const before = sb.hooks.length;
    await sb.control(`/payments/${created.providerReference}/approve`);
    const hooks = (await sb.hooksArrived(before + 2)).slice(before);
    assert.equal(hooks[0]!.body.merchantTransactionId, created.providerReference);
    const status = await adapter.fetchStatus(stored(record, created));
    assert.equal(status?.status, 'paid');
    assert.equal(status?.receiptUrl, hooks[1]!.body.invoiceUrl);
  });

  test('the wire status body: payment.status and message', async () => {
    const adapter = sb.adapter();
    const created = await create(adapter, checkout({ method: 'reference' }), sb.hookUrl);
    const body = await (await sb.api(`/payment/reference/status/${created.providerReference}?merchantTransactionId=x`)).json();
    assert.deepEqual(body, { success: true, payment: { status: 'pending', message: 'Aguardando pagamento' } });
  });

  test('an unknown payment is undefined to the adapter (404 PAYMENT_NOT_FOUND on the wire), and another key cannot read it', async () => {
    const adapter = sb.adapter();
    assert.equal(await adapter.fetchStatus(checkout({ method: 'reference', providerReference: 'op-nope' })), undefined);
    assert.equal(await adapter.fetchStatus(checkout({ method: 'ekwanza', providerReference: 'EKZ000000' })), undefined);
    assert.equal((await errorOf(await sb.api('/payment/ekwanza/status/EKZ000000'))).code, 'PAYMENT_NOT_FOUND');
    const twoKeys = await serveSandbox({ apiKeys: [{ key: KEY }, { key: 'other' }] });
    try {
      const created = await create(twoKeys.adapter(), checkout({ method: 'reference' }), twoKeys.hookUrl);
      const other = await fetch(`${twoKeys.sandboxUrl}/api/payment/reference/status/${created.providerReference}`, { headers: { 'x-api-key': 'other' } });
      assert.equal((await errorOf(other)).status, 404);
    } finally {
      await twoKeys.close();
    }
  });
});

describe('MCX', () => {
  test('create asks for the phone; nothing is sent yet', async () => {
    const created = await create(sb.adapter(), checkout({ method: 'mcx' }), sb.hookUrl);
    assert.deepEqual(created.instructions, [{ kind: 'push', needsPhone: true, phonePattern: '^244\\d{9}$', phoneExample: '244923000000', operators: ['Multicaixa Express'] }]);
    assert.equal(created.providerReference, undefined);
    const [push] = created.instructions;
    assert.ok(push?.kind === 'push' && new RegExp(push.phonePattern).test('244923000000') && !new RegExp(push.phonePattern).test('24492300000'));
  });

  test('a push to a normal number answers when the payer approves: paid, with the invoice as receipt', async () => {
    const adapter = sb.adapter();
    const record = checkout({ method: 'mcx' });
    const paying = pay(adapter, record, '244923000000');
    // The payer finds the push by the checkout (the adapter names it in x-sandbox-checkout).
    await adapter.sandbox!.act(record, 'approve');
    const paid = await paying;
    assert.equal(paid.status.status, 'paid');
    assert.equal(paid.status.raw, 'mcx:SUCCESS');
    assert.match(paid.status.receiptUrl ?? '', /\/invoices\/[0-9a-f]{24}\.pdf$/);
    assert.match(paid.providerReference ?? '', /^[0-9a-f]{24}$/);
    assert.equal((await fetch(paid.status.receiptUrl!)).status, 200);
    const view = (await (await sb.control(`/payments/${paid.providerReference}`, undefined, 'GET')).json()) as Record<string, unknown>;
    assert.equal(view.instantWithdraw, true);
    assert.equal(view.webhooks && (view.webhooks as { sent: number }).sent, 0, 'MCX never sends webhooks');
  });

  test('decline reasons and expiry are the answer to the push', async () => {
    const adapter = sb.adapter();
    for (const [action, body, expected] of [
      ['decline', undefined, { status: 'failed', reason: 'rejected', raw: 'mcx:PAYMENT_REJECTED' }],
      ['decline', { reason: 'insufficient_balance' }, { status: 'failed', reason: 'insufficient_funds', raw: 'mcx:INSUFFICIENT_BALANCE' }],
      ['decline', { reason: 'invalid_number' }, { status: 'failed', reason: 'invalid_payer', raw: 'mcx:INVALID_NUMBER' }],
      ['expire', undefined, { status: 'expired', reason: 'expired', raw: 'mcx:PAYMENT_TIMEOUT' }],
    ] as const) {
      const record = checkout({ method: 'mcx' });
      const paying = pay(adapter, record, '244923000001');
      assert.equal((await sb.control(`/payments/${record.id}/${action}`, body)).status, 200);
      const result = await paying;
      assert.deepEqual(result.status, expected);
      assert.equal(result.providerReference, undefined);
    }
  });

  test('the failure bodies on the wire: 402, 403, 504 and 400 with {success:false,error,code}', async () => {
    for (const [phone, status, code] of [
      ['244900000001', 402, 'INSUFFICIENT_BALANCE'],
      ['244900000002', 504, 'PAYMENT_TIMEOUT'],
      ['244900000003', 403, 'PAYMENT_REJECTED'],
      ['244999999999', 400, 'INVALID_NUMBER'],
    ] as const) {
      const response = await sb.api('/payment/mcx', { body: { paymentInfo: { amount: 100, phoneNumber: phone } }, headers: { 'x-env-qa': 'true' } });
      const body = await errorOf(response);
      assert.deepEqual([body.status, body.success, body.code, typeof body.error], [status, false, code, 'string']);
    }
  });

  test('QA test phones answer at once, as documented', async () => {
    const adapter = sb.adapter({ qa: true });
    const outcomes = [];
    for (const phone of ['244900000000', '244900000001', '244900000002', '244900000003', '244999999999']) {
      const result = await pay(adapter, checkout({ method: 'mcx' }), phone);
      outcomes.push([result.status.status, result.status.reason]);
    }
    assert.deepEqual(outcomes, [
      ['paid', undefined],
      ['failed', 'insufficient_funds'],
      ['expired', 'expired'],
      ['failed', 'rejected'],
      ['failed', 'invalid_payer'],
    ]);
  });

  test('simulateResult works only with x-env-qa; without it the push waits for the payer', async () => {
    const body = { paymentInfo: { amount: 100, phoneNumber: '244923000000' }, simulateResult: 'insufficient_balance' };
    const qa = await sb.api('/payment/mcx', { body, headers: { 'x-env-qa': 'true' } });
    assert.equal((await errorOf(qa)).code, 'INSUFFICIENT_BALANCE');
    const success = await sb.api('/payment/mcx', { body: { ...body, simulateResult: 'success' }, headers: { 'x-env-qa': 'true' } });
    const ok = (await success.json()) as { success: boolean; transactionId: string; invoiceUrl: string };
    assert.equal(ok.success, true);
    assert.match(ok.invoiceUrl, /\.pdf$/);

    const tag = `tag-${randomUUID()}`;
    const held = sb.api('/payment/mcx', { body, headers: { 'x-sandbox-checkout': tag } });
    const view = (await (await sb.control(`/payments/${tag}/approve`)).json()) as { state: string; simulated?: string };
    assert.equal(view.state, 'paid');
    assert.equal(((await (await held).json()) as { success: boolean }).success, true);
  });

  test('an unanswered push times out (PAYMENT_TIMEOUT → expired)', async () => {
    const quick = await serveSandbox({ mcxTimeoutMs: 200 });
    try {
      const result = await pay(quick.adapter({ qa: false }), checkout({ method: 'mcx' }), '244923000000');
      assert.deepEqual(result.status, { status: 'expired', reason: 'expired', raw: 'mcx:PAYMENT_TIMEOUT' });
    } finally {
      await quick.close();
    }
  });

  test('MCX has no status endpoint: fetchStatus says nothing', async () => {
    assert.equal(await sb.adapter().fetchStatus(checkout({ method: 'mcx', providerReference: 'abc' })), undefined);
  });

  test('acting on a push that never came: 404 after a short wait, refused', async () => {
    const quick = await serveSandbox({ controlWaitMs: 50 });
    try {
      await rejects(quick.adapter().sandbox!.act(checkout({ method: 'mcx' }), 'approve'), 'rejected', 'PAYMENT_NOT_FOUND');
    } finally {
      await quick.close();
    }
  });
});

describe('request errors: {success:false, error, code}', () => {
  const reference = (body: unknown, headers: Record<string, string> = {}) => sb.api('/payment/reference', { body, headers });
  const ok = { paymentInfo: { amount: 2500 } };

  test('MISSING_API_KEY and INVALID_API_KEY (unknown or inactive)', async () => {
    const missing = await fetch(`${sb.sandboxUrl}/api/payment/reference`, { method: 'POST', body: JSON.stringify(ok) });
    assert.deepEqual(await missing.json(), { success: false, error: 'API key em falta. Envie o cabeçalho x-api-key.', code: 'MISSING_API_KEY' });
    assert.equal(missing.status, 401);
    assert.equal((await errorOf(await reference(ok, { 'x-api-key': 'wrong' }))).code, 'INVALID_API_KEY');
    const inactive = await serveSandbox({ apiKeys: [{ key: KEY, active: false }] });
    try {
      await rejects(create(inactive.adapter({ sandbox: false }), checkout({ method: 'reference' }), inactive.hookUrl), 'rejected', 'INVALID_API_KEY');
    } finally {
      await inactive.close();
    }
  });

  test('DOMAIN_NOT_ALLOWED for an unregistered Origin, unless QA or dev mode from localhost', async () => {
    assert.equal((await errorOf(await reference(ok, { Origin: 'https://evil.example' }))).code, 'DOMAIN_NOT_ALLOWED');
    assert.equal((await errorOf(await reference(ok, { Origin: 'https://evil.example', 'x-dev-mode': 'true' }))).code, 'DOMAIN_NOT_ALLOWED');
    assert.equal((await reference(ok, { Origin: 'https://evil.example', 'x-env-qa': 'true' })).status, 200);
    assert.equal((await reference(ok, { Origin: 'http://localhost:5173' })).status, 200);
    assert.equal((await reference(ok, { Origin: 'http://127.0.0.1:3000', 'x-dev-mode': 'true' })).status, 200);
  });

  test('INVALID_AMOUNT: not a number, not positive, too many decimals, a bad product or IVA outside 0–14', async () => {
    for (const body of [
      { paymentInfo: { amount: '2500' } },
      { paymentInfo: { amount: -5 } },
      { paymentInfo: { amount: 0 } },
      { paymentInfo: { amount: 10.005 } },
      { products: [{ productName: 'X', productPrice: 10, productQuantity: 0 }] },
      { products: [{ productName: 'X', productPrice: 10, productQuantity: 1, iva: 15 }] },
      { products: [{ productPrice: 10, productQuantity: 1 }] },
      { products: 'many' },
    ]) {
      const error = await errorOf(await reference(body));
      assert.deepEqual([error.status, error.code], [400, 'INVALID_AMOUNT'], JSON.stringify(body));
    }
  });

  test('AMOUNT_MISMATCH: amount ≠ Σ price × quantity (2500 vs 3000), or neither given, or a body that is not JSON', async () => {
    const mismatch = await errorOf(await reference({ paymentInfo: { amount: 2500 }, products: [{ id: 'a', productName: 'A', productPrice: 1500, productQuantity: 2 }] }));
    assert.deepEqual([mismatch.status, mismatch.success, mismatch.code], [400, false, 'AMOUNT_MISMATCH']);
    assert.equal((await errorOf(await reference({}))).code, 'AMOUNT_MISMATCH');
    assert.equal((await errorOf(await sb.api('/payment/reference', { rawBody: '{not json' }))).code, 'AMOUNT_MISMATCH');
    // Either alone is valid; cents are compared exactly.
    assert.equal((await reference({ products: [{ productName: 'A', productPrice: 0.1, productQuantity: 3 }] })).status, 200);
    assert.equal((await reference({ paymentInfo: { amount: 0.3 }, products: [{ productName: 'A', productPrice: 0.1, productQuantity: 3 }] })).status, 200);
  });

  test('the adapter refuses a mismatch it is given (nothing created): rejected AMOUNT_MISMATCH', async () => {
    const record = checkout({ method: 'reference', amount: '2500.00', items: [{ name: 'A', quantity: 2, unitAmount: '1500.00' }] });
    await rejects(create(sb.adapter(), record, sb.hookUrl), 'rejected', 'AMOUNT_MISMATCH');
  });

  test('MISSING_PHONE: MCX and E-kwanza need 244XXXXXXXXX', async () => {
    for (const [path, phone] of [
      ['/payment/mcx', undefined],
      ['/payment/mcx', '923000000'],
      ['/payment/ekwanza', '+244923000000'],
    ] as const) {
      const error = await errorOf(await sb.api(path, { body: { paymentInfo: { amount: 100, phoneNumber: phone } } }));
      assert.deepEqual([error.status, error.code], [400, 'MISSING_PHONE']);
    }
    await rejects(pay(sb.adapter(), checkout({ method: 'mcx' }), '24492300000'), 'rejected', 'MISSING_PHONE');
  });

  test('MISSING_RESTAURANT_ID: a key with no merchant behind it', async () => {
    const orphan = await serveSandbox({ apiKeys: [{ key: KEY, restaurantId: null }] });
    try {
      await rejects(create(orphan.adapter(), checkout({ method: 'reference' }), orphan.hookUrl), 'rejected', 'MISSING_RESTAURANT_ID');
    } finally {
      await orphan.close();
    }
  });

  test('INSTANT_WITHDRAW_REQUIRED (API since 2026-06-22) — the adapter always sends it on MCX and Reference', async () => {
    const strict = await serveSandbox({ requireInstantWithdraw: true });
    try {
      const error = await errorOf(await strict.api('/payment/reference', { body: ok }));
      assert.deepEqual([error.status, error.code], [400, 'INSTANT_WITHDRAW_REQUIRED']);
      assert.equal((await strict.api('/payment/ekwanza', { body: { paymentInfo: { amount: 1, phoneNumber: '244923000000' } } })).status, 200);
      const created = await create(strict.adapter(), checkout({ method: 'reference' }), strict.hookUrl);
      assert.ok(created.providerReference);
      const paid = await pay(strict.adapter(), checkout({ method: 'mcx' }), '244900000000');
      assert.equal(paid.status.status, 'paid');
    } finally {
      await strict.close();
    }
  });

  test('INTERNAL_ERROR (failNext fault) leaves the outcome unknown: unavailable; then it recovers', async () => {
    assert.equal((await sb.control('/faults', { failNext: { status: 500, count: 2 } }, 'PUT')).status, 200);
    const wire = await errorOf(await reference(ok));
    assert.deepEqual([wire.status, wire.code], [500, 'INTERNAL_ERROR']);
    await rejects(pay(sb.adapter(), checkout({ method: 'mcx' }), '244900000000'), 'unavailable', 'INTERNAL_ERROR');
    assert.equal((await reference(ok)).status, 200);
    await sb.control('/faults', { failNext: { status: 503, count: 1 } }, 'PUT');
    await rejects(create(sb.adapter(), checkout({ method: 'reference' }), sb.hookUrl), 'unavailable', 'INTERNAL_ERROR');
    assert.deepEqual(await (await sb.control('/faults', undefined, 'DELETE')).json(), { callbacks: 'deliver', lateMs: 3000 });
  });

  test('a provider that cannot be reached is unavailable', async () => {
    await rejects(create(sb.adapter({ baseUrl: 'http://127.0.0.1:9', sandbox: false }), checkout({ method: 'reference' }), sb.hookUrl), 'unavailable', 'NETWORK');
  });

  test('unknown paths answer in the same format', async () => {
    assert.equal((await errorOf(await sb.api('/payment/bitcoin', { body: ok }))).code, 'NOT_FOUND');
    assert.equal((await errorOf(await fetch(`${sb.sandboxUrl}/nothing`))).code, 'NOT_FOUND');
  });

  test('bad control input gets a 400, never a crash', async () => {
    assert.equal((await errorOf(await sb.control('/faults', { callbacks: 'sometimes' }, 'PUT'))).code, 'BAD_REQUEST');
    assert.equal((await errorOf(await sb.control('/webhooks', { apiKey: KEY, url: 'ftp://x' }, 'PUT'))).code, 'BAD_REQUEST');
    const created = await create(sb.adapter(), checkout({ method: 'reference' }), sb.hookUrl);
    assert.equal((await errorOf(await sb.control(`/payments/${created.providerReference}/decline`, { reason: 'insufficient_balance' }))).code, 'BAD_REQUEST');
  });
});

describe('rate limits, per API key, over a one-minute window (injected clock)', () => {
  test('20 payment requests a minute, then PAYMENT_RATE_LIMIT_EXCEEDED until the window moves on', async () => {
    let now = Date.now();
    const limited = await serveSandbox({ now: () => now, apiKeys: [{ key: KEY }, { key: 'other' }] });
    try {
      const body = { paymentInfo: { amount: 100 } };
      for (let i = 0; i < 20; i += 1) assert.equal((await limited.api('/payment/reference', { body })).status, 200);
      const error = await errorOf(await limited.api('/payment/reference', { body }));
      assert.deepEqual([error.status, error.code], [429, 'PAYMENT_RATE_LIMIT_EXCEEDED']);
      await rateLimited(create(limited.adapter(), checkout({ method: 'reference' }), limited.hookUrl), 'PAYMENT_RATE_LIMIT_EXCEEDED');
      // Nor is it the payer's answer to a push.
      await rateLimited(pay(limited.adapter(), checkout({ method: 'mcx' }), '244900000000'), 'PAYMENT_RATE_LIMIT_EXCEEDED');
      // Status calls are not payment requests; another key has its own window.
      assert.equal((await limited.api('/payment/reference/status/op-x')).status, 404);
      assert.equal((await limited.api('/payment/reference', { body, headers: { 'x-api-key': 'other' } })).status, 200);
      now += 60_001;
      assert.equal((await limited.api('/payment/reference', { body })).status, 200);
    } finally {
      await limited.close();
    }
  });

  test('100 requests a minute, then RATE_LIMIT_EXCEEDED', async () => {
    let now = Date.now();
    const limited = await serveSandbox({ now: () => now });
    try {
      for (let i = 0; i < 100; i += 1) assert.equal((await limited.api('/payment/ekwanza/status/EKZ000000')).status, 404);
      const error = await errorOf(await limited.api('/payment/ekwanza/status/EKZ000000'));
      assert.deepEqual([error.status, error.code], [429, 'RATE_LIMIT_EXCEEDED']);
      await rateLimited(limited.adapter().fetchStatus(checkout({ providerReference: 'EKZ000000' })), 'RATE_LIMIT_EXCEEDED');
      now += 60_001;
      assert.equal((await limited.api('/payment/ekwanza/status/EKZ000000')).status, 404);
    } finally {
      await limited.close();
    }
  });
});

describe('status polls leave room for payment requests', () => {
  test('at most 80 status calls a minute (one every 750 ms), while a payment request goes out at once', async () => {
    const adapter = sb.adapter();
    const created = await create(adapter, checkout({ method: 'reference' }), sb.hookUrl);
    const record = stored(checkout({ method: 'reference' }), created);
    const started = performance.now();
    const finished: Record<string, number> = {};
    const polls = [1, 2].map((n) => adapter.fetchStatus(record).then(() => (finished[`poll${n}`] = performance.now() - started)));
    const payment = create(adapter, checkout({ method: 'reference' }), sb.hookUrl).then(() => (finished.payment = performance.now() - started));
    await Promise.all([...polls, payment]);
    // Its turn comes 750 ms after the first poll's; the first's own answer time says nothing of it.
    assert.ok(finished.poll2! >= 700, `the second poll waited its turn: ${JSON.stringify(finished)}`);
    assert.ok(finished.payment! < finished.poll2!, `the payment request did not queue behind the polls: ${JSON.stringify(finished)}`);
  });

  test('a reference is polled every 30 s at most (as Mom Factura asks); E-kwanza as often as the reconciler likes', () => {
    const { methods } = sb.adapter();
    assert.equal(methods.reference?.minPollIntervalMs, 30_000);
    assert.equal(methods.ekwanza?.minPollIntervalMs, undefined);
    assert.equal(sb.adapter({ referencePollIntervalMs: 1_000 }).methods.reference?.minPollIntervalMs, 1_000);
  });
});

describe('webhook faults', () => {
  test('duplicate sends each body twice; drop sends nothing; late waits', async () => {
    const adapter = sb.adapter();
    await sb.control('/faults', { callbacks: 'duplicate' }, 'PUT');
    const dup = await create(adapter, checkout(), sb.hookUrl);
    let before = sb.hooks.length;
    await sb.control(`/payments/${dup.providerReference}/approve`);
    const hooks = (await sb.hooksArrived(before + 4)).slice(before);
    assert.deepEqual(
      hooks.map((h) => h.body.event),
      ['payment.confirmed', 'payment.confirmed', 'invoice.created', 'invoice.created'],
    );

    await sb.control('/faults', { callbacks: 'drop' }, 'PUT');
    const dropped = await create(adapter, checkout(), sb.hookUrl);
    const view = (await (await sb.control(`/payments/${dropped.providerReference}/expire`)).json()) as { webhooks: { sent: number; dropped: number } };
    assert.deepEqual(view.webhooks, { sent: 0, dropped: 1, attempts: [] });

    await sb.control('/faults', { callbacks: 'late', lateMs: 1_000 }, 'PUT');
    const late = await create(adapter, checkout(), sb.hookUrl);
    before = sb.hooks.length;
    const started = Date.now();
    await sb.control(`/payments/${late.providerReference}/decline`);
    await sb.hooksArrived(before + 1);
    assert.ok(Date.now() - started >= 990);
    await sb.control('/faults', undefined, 'DELETE');
  });

  test('invoiceDelayMs: paid at once without invoiceUrl; the invoice, and invoice.created, come later', async () => {
    const adapter = sb.adapter();
    await sb.control('/faults', { invoiceDelayMs: 500 }, 'PUT');
    try {
      const record = checkout({ method: 'reference' });
      const created = await create(adapter, record, sb.hookUrl);
      const before = sb.hooks.length;
      const approvedAt = Date.now();
      await sb.control(`/payments/${created.providerReference}/approve`);
      assert.equal((await sb.hooksArrived(before + 1))[before]?.body.event, 'payment.confirmed');
      assert.deepEqual(await adapter.fetchStatus(stored(record, created)), { status: 'paid', raw: 'paid', payment: { transactionId: created.providerReference } });

      const invoiceCreated = (await sb.hooksArrived(before + 2))[before + 1]!;
      assert.ok(Date.now() - approvedAt >= 490, 'the invoice came after the delay');
      assert.equal(invoiceCreated.body.event, 'invoice.created');
      assert.match(String(invoiceCreated.body.invoiceUrl), /\/invoices\/[0-9a-f]{24}\.pdf$/);
      assert.equal((await adapter.fetchStatus(stored(record, created)))?.receiptUrl, invoiceCreated.body.invoiceUrl);
      assert.equal(sb.hooks.length, before + 2, 'payment.confirmed was not sent twice');
    } finally {
      await sb.control('/faults', undefined, 'DELETE');
    }
  });

  test('invoiceDelayMs never delays an MCX answer: it carries its invoiceUrl', async () => {
    await sb.control('/faults', { invoiceDelayMs: 60_000 }, 'PUT');
    try {
      const paid = await pay(sb.adapter(), checkout({ method: 'mcx' }), '244900000000');
      assert.match(paid.status.receiptUrl ?? '', /\.pdf$/);
    } finally {
      await sb.control('/faults', undefined, 'DELETE');
    }
  });
});

describe('mapping and hygiene', () => {
  test('every Mom Factura word has one mapping, with an explicit default', () => {
    const table = Object.fromEntries(
      [
        'paid',
        'op:1',
        'mcx:SUCCESS',
        'pending',
        'expired',
        'cancelled',
        'op:3',
        'lapsed',
        'mcx:PAYMENT_TIMEOUT',
        'failed',
        'op:4',
        'mcx:PAYMENT_REJECTED',
        'mcx:INSUFFICIENT_BALANCE',
        'mcx:INVALID_NUMBER',
        'error',
        'op:5',
        'mcx:HTTP_418',
        'weird',
      ].map((raw) => [raw, [mapMomFacturaStatus(raw).status, mapMomFacturaStatus(raw).reason]]),
    );
    assert.deepEqual(table, {
      paid: ['paid', undefined],
      'op:1': ['paid', undefined],
      'mcx:SUCCESS': ['paid', undefined],
      pending: ['pending', undefined],
      expired: ['expired', 'expired'],
      cancelled: ['expired', 'expired'],
      'op:3': ['expired', 'expired'],
      lapsed: ['expired', 'expired'],
      'mcx:PAYMENT_TIMEOUT': ['expired', 'expired'],
      failed: ['failed', 'rejected'],
      'op:4': ['failed', 'rejected'],
      'mcx:PAYMENT_REJECTED': ['failed', 'rejected'],
      'mcx:INSUFFICIENT_BALANCE': ['failed', 'insufficient_funds'],
      'mcx:INVALID_NUMBER': ['failed', 'invalid_payer'],
      error: ['failed', 'provider_error'],
      'op:5': ['failed', 'provider_error'],
      'mcx:HTTP_418': ['failed', 'provider_error'],
      weird: ['pending', undefined],
    });
    assert.equal(mapMomFacturaStatus('weird').raw, 'UNKNOWN:weird');
    assert.equal(mapMomFacturaStatus('paid', 'https://x/inv.pdf').receiptUrl, 'https://x/inv.pdf');
  });

  test('a malformed webhook is refused; the x-api-key never reaches a log', () => {
    const adapter = sb.adapter();
    const request = (rawBody: string) => ({ rawBody, headers: new Headers(), query: new URLSearchParams() });
    assert.throws(
      () => adapter.callbackReference(request('nope')),
      (err: unknown) => err instanceof ProviderError && err.providerCode === 'MALFORMED_CALLBACK',
    );
    assert.throws(
      () => adapter.callbackReference(request('{"operationStatus":"1"}')),
      (err: unknown) => err instanceof ProviderError && err.kind === 'rejected',
    );
    assert.equal(adapter.callbackReference(request('{"merchantTransactionId":"op-1","operationStatus":"4"}')), 'op-1');
    const logged = scrub({ headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, options: { apiKey: KEY } });
    assert.equal(JSON.stringify(logged).includes(KEY), false);
  });
});
