import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createMomoVnAdapter, type MomoVnOptions } from '../../server-example/providers/momo-vn/adapter';
import { hmacHex, rawSignature, SIGNED_FIELDS, signatureMatches } from '../../server-example/providers/momo-vn/signature';
import { mapResultCode } from '../../server-example/providers/momo-vn/status';
import { ProviderError, type ProviderAdapter } from '../../server-example/providers/types';
import { createMomoVnSandbox } from '../../server-example/sandboxes/momo-vn';
import type { CheckoutRecord } from '../../server-example/store/types';

const MOMO = { partnerCode: 'MOMO', accessKey: 'F8BBA842ECF85', secretKey: 'K951B6PE1waDMi640xX08PD3vg6EkVlz' };

let server: ServerType;
let base: string;
const calls: string[] = [];
const ipns: string[] = [];
let ipnWaiters: (() => void)[] = [];

const countingFetch: typeof fetch = (input, init) => {
  calls.push(new URL(String(input)).pathname.replace('/sandbox/momo-vn', ''));
  return fetch(input, init);
};

function adapter(overrides: Partial<MomoVnOptions> = {}): ProviderAdapter {
  return createMomoVnAdapter({
    baseUrl: `${base}/sandbox/momo-vn`,
    ...MOMO,
    redirectUrl: 'https://merchant.example/',
    sandbox: true,
    fetch: countingFetch,
    ...overrides,
  });
}

function checkout(overrides: Partial<CheckoutRecord> = {}): CheckoutRecord {
  const now = new Date();
  return {
    id: `co_${randomUUID().replaceAll('-', '')}`,
    provider: 'momo-vn',
    method: 'wallet',
    amount: '50000',
    currency: 'VND',
    reference: 'HP-2024-07',
    description: 'Học phí kỳ 1',
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
  fetch(`${base}/sandbox/momo-vn/control${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const orderRecord = async (orderId: string) => (await (await control(`/orders/${orderId}`, undefined, 'GET')).json()) as Record<string, unknown>;

function nextIpn(orderId: string): Promise<string> {
  return new Promise((resolve) => {
    const check = () => {
      const raw = ipns.find((text) => (JSON.parse(text) as { orderId: string }).orderId === orderId);
      if (raw) resolve(raw);
      else ipnWaiters.push(check);
    };
    check();
  });
}

before(async () => {
  const app = new Hono().route('/sandbox/momo-vn', createMomoVnSandbox()).post('/ipn', async (c) => {
    ipns.push(await c.req.text());
    const waiters = ipnWaiters;
    ipnWaiters = [];
    waiters.forEach((wake) => {
      wake();
    });
    return c.body(null, 204);
  });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(async () => {
  calls.length = 0;
  await control('/faults', undefined, 'DELETE');
});

const createFor = (momo: ProviderAdapter, record: CheckoutRecord, referenceId = randomUUID()) => momo.create({ checkout: record, referenceId, callbackUrl: `${base}/ipn` });

describe('signatures', () => {
  test('known answer: the create raw string and its HMAC (UTF-8, lowercase hex) for fixed inputs', () => {
    const values = {
      accessKey: MOMO.accessKey,
      amount: 50000,
      extraData: '',
      ipnUrl: 'https://merchant.example/momo/ipn',
      orderId: 'co_0123456789abcdef',
      orderInfo: 'Học phí kỳ 1',
      partnerCode: 'MOMO',
      redirectUrl: 'https://merchant.example/',
      requestId: '5f0c6a7e-8d55-4a55-9a0e-2b8f4f7d1c11',
      requestType: 'captureWallet',
    };
    const literal =
      'accessKey=F8BBA842ECF85&amount=50000&extraData=&ipnUrl=https://merchant.example/momo/ipn&orderId=co_0123456789abcdef' +
      '&orderInfo=Học phí kỳ 1&partnerCode=MOMO&redirectUrl=https://merchant.example/&requestId=5f0c6a7e-8d55-4a55-9a0e-2b8f4f7d1c11&requestType=captureWallet';
    // The field order comes from SIGNED_FIELDS, not from the object's key order.
    const shuffled = Object.fromEntries(Object.entries(values).reverse());
    assert.equal(rawSignature(SIGNED_FIELDS.create, shuffled), literal);
    const independent = createHmac('sha256', MOMO.secretKey).update(Buffer.from(literal, 'utf8')).digest('hex');
    assert.equal(hmacHex(literal, MOMO.secretKey), independent);
    // Computed once with `printf '%s' "$RAW" | openssl dgst -sha256 -hmac K951B6PE1waDMi640xX08PD3vg6EkVlz`.
    assert.equal(independent, 'b019c87ff6791b50f9e461c39708d70c8e8a25a52c3e3002273454a701efed73');
  });

  test('known answer: the query and IPN raw strings', () => {
    const query = rawSignature(SIGNED_FIELDS.query, { accessKey: MOMO.accessKey, orderId: 'co_0123456789abcdef', partnerCode: 'MOMO', requestId: 'q-1' });
    assert.equal(query, 'accessKey=F8BBA842ECF85&orderId=co_0123456789abcdef&partnerCode=MOMO&requestId=q-1');
    assert.equal(hmacHex(query, MOMO.secretKey), 'd05764a823ad583f5e7f6352eb305f88806b5624fe302a17c8ca2c88e8b1c3d7');
    const ipn = rawSignature(SIGNED_FIELDS.ipn, {
      accessKey: MOMO.accessKey,
      amount: 50000,
      extraData: '',
      message: 'Successful.',
      orderId: 'co_0123456789abcdef',
      orderInfo: 'Học phí kỳ 1',
      orderType: 'momo_wallet',
      partnerCode: 'MOMO',
      payType: 'qr',
      requestId: '5f0c6a7e-8d55-4a55-9a0e-2b8f4f7d1c11',
      responseTime: 1721720663942,
      resultCode: 0,
      transId: 4088878653,
    });
    assert.equal(
      ipn,
      'accessKey=F8BBA842ECF85&amount=50000&extraData=&message=Successful.&orderId=co_0123456789abcdef&orderInfo=Học phí kỳ 1&orderType=momo_wallet' +
        '&partnerCode=MOMO&payType=qr&requestId=5f0c6a7e-8d55-4a55-9a0e-2b8f4f7d1c11&responseTime=1721720663942&resultCode=0&transId=4088878653',
    );
    assert.ok(signatureMatches('e8e15698dfc3b2dedd0493845cdac28be7885737668b9ac7b957b15439d27529', ipn, MOMO.secretKey));
    assert.ok(!signatureMatches('E8E15698DFC3B2DEDD0493845CDAC28BE7885737668B9AC7B957B15439D27529', ipn, MOMO.secretKey), 'lowercase hex only');
    assert.ok(!signatureMatches('e8e1', ipn, MOMO.secretKey));
  });
});

describe('create', () => {
  test('captureWallet: deeplink (payUrl as web fallback) and the QR payload text; the order carries our ids', async () => {
    const record = checkout({ locale: 'vi-VN', items: [{ name: 'Sách giáo khoa', quantity: 2, unitAmount: '25000' }] });
    const referenceId = randomUUID();
    const created = await createFor(adapter(), record, referenceId);
    assert.equal(created.providerReference, record.id);
    assert.deepEqual(created.status, { status: 'pending', raw: 'created:resultCode:0' });
    const [deeplink, qr] = created.instructions;
    assert.ok(deeplink?.kind === 'deeplink');
    assert.match(deeplink.url, /^momo:\/\/app\?action=payWithApp&/);
    assert.equal(deeplink.appName, 'MoMo');
    assert.match(deeplink.webUrl ?? '', /\/sandbox\/momo-vn\/v2\/gateway\/pay\?t=/);
    assert.ok(qr?.kind === 'qr' && qr.payload?.startsWith('000201') && qr.image === undefined);
    const order = await orderRecord(record.id);
    assert.deepEqual(
      [order.requestId, order.amount, order.orderInfo, order.referenceId, order.lang, order.requestType, order.ipnUrl, order.redirectUrl, order.resultCode],
      [referenceId, 50000, 'Học phí kỳ 1', 'HP-2024-07', 'vi', 'captureWallet', `${base}/ipn`, 'https://merchant.example/', 1000],
    );
    assert.deepEqual(order.items, [{ id: '1', name: 'Sách giáo khoa', price: 25000, currency: 'VND', quantity: 2, totalPrice: 50000 }]);
    assert.deepEqual(calls, ['/v2/gateway/api/create']);
    assert.equal((await orderRecord((await createFor(adapter(), checkout({ locale: 'en-GB' }))).providerReference!)).lang, 'en');
  });

  test('MoMo refusals are "rejected" with the resultCode: amount out of range (22), bad credentials (13)', async () => {
    await assert.rejects(createFor(adapter(), checkout({ amount: '999' })), (err) => err instanceof ProviderError && err.kind === 'rejected' && err.providerCode === '22');
    await assert.rejects(createFor(adapter(), checkout({ amount: '50000001' })), (err) => err instanceof ProviderError && err.providerCode === '22');
    await assert.rejects(createFor(adapter({ secretKey: 'not-the-secret' }), checkout()), (err) => err instanceof ProviderError && err.kind === 'rejected' && err.providerCode === '13');
    await assert.rejects(createFor(adapter({ partnerCode: 'NOBODY' }), checkout()), (err) => err instanceof ProviderError && err.providerCode === '13');
  });

  test('what MoMo cannot take is refused before any call: not VND, fractions, more than 50 items', async () => {
    const items = Array.from({ length: 51 }, () => ({ name: 'Vở', quantity: 1, unitAmount: '1000' }));
    for (const [record, code] of [
      [checkout({ currency: 'EUR', amount: '5.00' }), 'UNSUPPORTED_CURRENCY'],
      [checkout({ amount: '50000.5' }), 'INVALID_AMOUNT'],
      [checkout({ items }), 'TOO_MANY_ITEMS'],
    ] as const) {
      await assert.rejects(createFor(adapter(), record), (err) => err instanceof ProviderError && err.kind === 'rejected' && err.providerCode === code);
    }
    assert.deepEqual(calls, []);
    const fifty = await createFor(adapter(), checkout({ items: items.slice(0, 50) }));
    assert.equal(((await orderRecord(fifty.providerReference!)).items as unknown[]).length, 50);
  });

  test('a lost answer is resolved by query, then the same requestId is replayed: one order, the same links', async () => {
    await control('/faults', { failNext: { status: 500, count: 1, afterProcessing: true } }, 'PUT');
    const record = checkout();
    const referenceId = randomUUID();
    const created = await createFor(adapter(), record, referenceId);
    assert.deepEqual(calls, ['/v2/gateway/api/create', '/v2/gateway/api/query', '/v2/gateway/api/create']);
    assert.equal(created.providerReference, record.id);
    const orders = (await (await control('/orders', undefined, 'GET')).json()) as { orders: { orderId: string; requestId: string }[] };
    assert.deepEqual(
      orders.orders.filter((o) => o.orderId === record.id).map((o) => o.requestId),
      [referenceId],
    );
    assert.equal(created.instructions.length, 2);
  });

  test('a create MoMo failed before acting (query: 42) is sent again once; with MoMo down throughout it is "unavailable"', async () => {
    await control('/faults', { failNext: { status: 503, count: 1 } }, 'PUT');
    const created = await createFor(adapter(), checkout());
    assert.deepEqual(calls, ['/v2/gateway/api/create', '/v2/gateway/api/query', '/v2/gateway/api/create']);
    assert.equal(created.instructions.length, 2);

    calls.length = 0;
    await control('/faults', { failNext: { status: 503, count: 2 } }, 'PUT');
    await assert.rejects(createFor(adapter(), checkout()), (err) => err instanceof ProviderError && err.kind === 'unavailable' && err.providerCode === '10');
    assert.deepEqual(calls, ['/v2/gateway/api/create', '/v2/gateway/api/query'], 'no retry while the outcome is unknown');
  });

  test('a hung gateway is cut off by the client timeout and reported "unavailable"', async () => {
    const hung = new Hono().post('*', () => new Promise<Response>(() => undefined));
    const hungServer = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: hung.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(hungServer.address() as AddressInfo).port}`;
      await assert.rejects(createFor(adapter({ baseUrl: url, timeoutMs: 100 }), checkout()), (err) => err instanceof ProviderError && err.kind === 'unavailable' && err.providerCode === 'NETWORK');
    } finally {
      (hungServer as unknown as { closeAllConnections(): void }).closeAllConnections();
      await new Promise<void>((resolve) => hungServer.close(() => resolve()));
    }
  });
});

describe('status', () => {
  test('fetchStatus queries (signed) and maps: pending → paid; declines map to reasons; unknown orders are undefined', async () => {
    const momo = adapter();
    const record = checkout();
    const created = await createFor(momo, record);
    const withRef = { ...record, providerReference: created.providerReference };
    assert.deepEqual(await momo.fetchStatus(withRef), { status: 'pending', raw: 'resultCode:1000' });
    await momo.sandbox!.act(withRef, 'approve');
    const { transId } = await orderRecord(created.providerReference!);
    assert.deepEqual(await momo.fetchStatus(withRef), { status: 'paid', raw: 'resultCode:0', payment: { transactionId: String(transId) } });
    await assert.rejects(momo.sandbox!.act(withRef, 'decline'), (err) => err instanceof ProviderError && err.providerCode === 'ORDER_FINAL');

    for (const [resultCode, expected] of [
      [undefined, { status: 'failed', reason: 'rejected', raw: 'resultCode:1006' }],
      [1001, { status: 'failed', reason: 'insufficient_funds', raw: 'resultCode:1001' }],
      [1004, { status: 'failed', reason: 'payer_limit', raw: 'resultCode:1004' }],
      [1007, { status: 'failed', reason: 'invalid_payer', raw: 'resultCode:1007' }],
    ] as const) {
      const other = checkout();
      const { providerReference } = await createFor(momo, other);
      await control(`/orders/${providerReference!}/decline`, resultCode === undefined ? undefined : { resultCode });
      assert.deepEqual(await momo.fetchStatus({ ...other, providerReference }), expected);
    }
    const expiring = checkout();
    const { providerReference } = await createFor(momo, expiring);
    await momo.sandbox!.act({ ...expiring, providerReference }, 'expire');
    assert.deepEqual(await momo.fetchStatus({ ...expiring, providerReference }), { status: 'expired', reason: 'expired', raw: 'resultCode:1005' });
    await control(`/orders/${created.providerReference!}`, undefined, 'GET');
    assert.equal(await momo.fetchStatus(checkout({ providerReference: 'co_unknown' })), undefined);
    assert.equal(await momo.fetchStatus(checkout()), undefined);
  });

  test('a processing order is processing; a query MoMo cannot answer is "unavailable", a refused one "rejected"', async () => {
    const momo = adapter();
    const record = checkout();
    const { providerReference } = await createFor(momo, record);
    await control(`/orders/${providerReference!}/processing`, { resultCode: 7002 });
    assert.deepEqual(await momo.fetchStatus({ ...record, providerReference }), { status: 'processing', raw: 'resultCode:7002' });
    await control('/faults', { failNext: { status: 500, count: 1 } }, 'PUT');
    await assert.rejects(momo.fetchStatus({ ...record, providerReference }), (err) => err instanceof ProviderError && err.kind === 'unavailable');
    await assert.rejects(adapter({ secretKey: 'wrong' }).fetchStatus({ ...record, providerReference }), (err) => err instanceof ProviderError && err.kind === 'rejected' && err.providerCode === '13');
  });

  test('every resultCode of the table maps, in one function', () => {
    const expected: Record<number, [string, string | undefined]> = {
      0: ['paid', undefined],
      1000: ['pending', undefined],
      8000: ['pending', undefined],
      7000: ['processing', undefined],
      7002: ['processing', undefined],
      9000: ['processing', undefined],
      1001: ['failed', 'insufficient_funds'],
      1002: ['failed', 'rejected'],
      1003: ['cancelled', 'cancelled'],
      1004: ['failed', 'payer_limit'],
      1005: ['expired', 'expired'],
      1006: ['failed', 'rejected'],
      1007: ['failed', 'invalid_payer'],
      1017: ['cancelled', 'cancelled'],
      1026: ['failed', 'rejected'],
      4001: ['failed', 'invalid_payer'],
      4002: ['failed', 'invalid_payer'],
      4100: ['failed', 'rejected'],
      98: ['failed', 'provider_error'],
      99: ['failed', 'provider_error'],
      10: ['failed', 'provider_error'],
      11: ['failed', 'provider_error'],
      12: ['failed', 'provider_error'],
      13: ['failed', 'provider_error'],
      20: ['failed', 'provider_error'],
      21: ['failed', 'provider_error'],
      22: ['failed', 'provider_error'],
      40: ['failed', 'provider_error'],
      41: ['failed', 'provider_error'],
      42: ['failed', 'provider_error'],
      43: ['failed', 'provider_error'],
      45: ['failed', 'provider_error'],
      47: ['failed', 'provider_error'],
      1080: ['failed', 'provider_error'],
      1081: ['failed', 'provider_error'],
      1088: ['failed', 'provider_error'],
      2019: ['failed', 'provider_error'],
      123456: ['failed', 'provider_error'],
    };
    for (const [code, [status, reason]] of Object.entries(expected)) {
      const mapped = mapResultCode(Number(code));
      assert.deepEqual([mapped.status, mapped.reason, mapped.raw], [status, reason, `resultCode:${code}`], `resultCode ${code}`);
    }
  });
});

describe('IPN', () => {
  async function paidIpn(momo: ProviderAdapter) {
    const record = checkout();
    const { providerReference } = await createFor(momo, record);
    const ipn = nextIpn(providerReference!);
    await momo.sandbox!.act({ ...record, providerReference }, 'approve');
    return { raw: await ipn, orderId: providerReference! };
  }
  const request = (rawBody: string) => ({ rawBody, headers: new Headers({ 'Content-Type': 'application/json' }), query: new URLSearchParams() });
  const refused = (err: unknown) => err instanceof ProviderError && err.kind === 'rejected';

  test('the sandbox IPN verifies and names its order; the adapter answers 204', async () => {
    const momo = adapter();
    const { raw, orderId } = await paidIpn(momo);
    assert.equal(momo.callbackReference(request(raw)), orderId);
    assert.equal(momo.callbackStatus, 204);
  });

  test('forged, altered or malformed IPNs are refused', async () => {
    const momo = adapter();
    const { raw } = await paidIpn(momo);
    const ipn = JSON.parse(raw) as Record<string, unknown>;
    // Altered: a signed field changed after signing.
    assert.throws(() => momo.callbackReference(request(JSON.stringify({ ...ipn, amount: 1_000 }))), refused);
    assert.throws(() => momo.callbackReference(request(JSON.stringify({ ...ipn, resultCode: 0, orderId: 'co_other' }))), refused);
    // Forged: signed correctly, but with a key that is not ours (another public test set).
    const other = { accessKey: 'klm05TvNBzhg7h7j', secretKey: 'at67qH6mk8w5Y1nAyMoYKMWACiEi2bsa' };
    const forgedRaw = SIGNED_FIELDS.ipn.map((f) => `${f}=${f === 'accessKey' ? other.accessKey : String(ipn[f])}`).join('&');
    const forged = { ...ipn, signature: createHmac('sha256', other.secretKey).update(forgedRaw).digest('hex') };
    assert.throws(() => momo.callbackReference(request(JSON.stringify(forged))), refused);
    // Another partner's IPN, even validly signed for that partner, is not ours.
    assert.throws(() => momo.callbackReference(request(JSON.stringify({ ...ipn, partnerCode: 'MOMOBKUN20180529' }))), refused);
    assert.throws(() => momo.callbackReference(request(JSON.stringify({ ...ipn, signature: String(ipn.signature).toUpperCase() }))), refused);
    assert.throws(() => momo.callbackReference(request(JSON.stringify({ ...ipn, signature: undefined }))), refused);
    assert.throws(() => momo.callbackReference(request('not json')), refused);
    assert.throws(() => momo.callbackReference(request('[]')), refused);
    assert.throws(() => momo.callbackReference(request(JSON.stringify({ ...ipn, transId: '4088878653' }))), refused);
    // The genuine one still passes: nothing above was accepted by accident of state.
    assert.ok(momo.callbackReference(request(raw)));
  });
});
