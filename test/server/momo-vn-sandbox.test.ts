import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createMomoVnSandbox, PUBLIC_TEST_CREDENTIALS } from '../../server-example/sandboxes/momo-vn';

// Wire-level tests of the MoMo VN sandbox: requests built and signed here by hand, from the
// documented field lists, so they check the sandbox against the docs rather than against our adapter.

const MOMO = { partnerCode: 'MOMO', accessKey: 'F8BBA842ECF85', secretKey: 'K951B6PE1waDMi640xX08PD3vg6EkVlz' };
const CREATE_FIELDS = ['accessKey', 'amount', 'extraData', 'ipnUrl', 'orderId', 'orderInfo', 'partnerCode', 'redirectUrl', 'requestId', 'requestType'];
const IPN_FIELDS = ['accessKey', 'amount', 'extraData', 'message', 'orderId', 'orderInfo', 'orderType', 'partnerCode', 'payType', 'requestId', 'responseTime', 'resultCode', 'transId'];

const hmac = (raw: string, secret: string) => createHmac('sha256', secret).update(raw, 'utf8').digest('hex');
const signOver = (fields: string[], values: Record<string, unknown>, set = MOMO) =>
  hmac(fields.map((f) => `${f}=${f === 'accessKey' ? set.accessKey : String(values[f] ?? '')}`).join('&'), set.secretKey);

let clock = Date.now();
let server: ServerType;
let base: string;
let ipnBase: string;
let ipnServer: ServerType;
/** IPNs received, raw, in order; waiters resolve when one arrives. */
const ipns: string[] = [];
let ipnWaiters: (() => void)[] = [];
let ipnStatus = 204;

/** Resolves with the next `count` IPNs about `orderId` (other orders' IPNs may arrive meanwhile). */
function nextIpns(orderId: unknown, count = 1): Promise<string[]> {
  const start = ipns.length;
  return new Promise((resolve) => {
    const check = () => {
      const mine = ipns.slice(start).filter((raw) => (JSON.parse(raw) as { orderId: unknown }).orderId === orderId);
      if (mine.length >= count) resolve(mine.slice(0, count));
      else ipnWaiters.push(check);
    };
    check();
  });
}

const listen = (app: Hono) =>
  new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
const urlOf = (s: ServerType) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

before(async () => {
  const receiver = new Hono().post('/ipn', async (c) => {
    ipns.push(await c.req.text());
    const waiters = ipnWaiters;
    ipnWaiters = [];
    waiters.forEach((w) => {
      w();
    });
    return c.body(null, ipnStatus as 204);
  });
  ipnServer = await listen(receiver);
  ipnBase = urlOf(ipnServer);
  server = await listen(new Hono().route('/sandbox/momo-vn', createMomoVnSandbox({ now: () => clock, orderLifetimeMs: 60_000 })));
  base = `${urlOf(server)}/sandbox/momo-vn`;
});
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve) => ipnServer.close(() => resolve()));
});
beforeEach(async () => {
  clock = Date.now();
  ipnStatus = 204;
  await control('/faults', undefined, 'DELETE');
});

function createBody(overrides: Record<string, unknown> = {}, set = MOMO) {
  const body: Record<string, unknown> = {
    partnerCode: set.partnerCode,
    requestType: 'captureWallet',
    ipnUrl: `${ipnBase}/ipn`,
    redirectUrl: 'https://merchant.example/return',
    orderId: `ORD-${randomUUID()}`,
    amount: 50_000,
    orderInfo: 'Học phí kỳ 1',
    requestId: randomUUID(),
    extraData: '',
    lang: 'en',
    ...overrides,
  };
  if (!('signature' in overrides)) body.signature = signOver(CREATE_FIELDS, body, set);
  return body;
}

async function call(path: string, body: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=UTF-8' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const create = (body: unknown) => call('/v2/gateway/api/create', body);

function queryBody(orderId: string, overrides: Record<string, unknown> = {}, set = MOMO) {
  const body: Record<string, unknown> = { partnerCode: set.partnerCode, requestId: randomUUID(), orderId, lang: 'en', ...overrides };
  if (!('signature' in overrides)) body.signature = signOver(['accessKey', 'orderId', 'partnerCode', 'requestId'], body, set);
  return body;
}

const control = (path: string, body?: unknown, method = 'POST') =>
  fetch(`${base}/control${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

describe('create (captureWallet)', () => {
  test('answers 200 with payUrl, deeplink and an EMV QR payload, signed as documented', async () => {
    const body = createBody();
    const { status, body: answer } = await create(body);
    assert.equal(status, 200);
    assert.equal(answer.resultCode, 0);
    assert.equal(answer.message, 'Successful.');
    assert.deepEqual([answer.partnerCode, answer.orderId, answer.requestId, answer.amount], ['MOMO', body.orderId, body.requestId, 50_000]);
    const payUrl = new URL(String(answer.payUrl));
    assert.equal(`${payUrl.origin}${payUrl.pathname}`, `${base}/v2/gateway/pay`);
    assert.equal(Buffer.from(payUrl.searchParams.get('t')!, 'base64url').toString(), `MOMO|${String(body.orderId)}`);
    assert.match(String(answer.deeplink), /^momo:\/\/app\?action=payWithApp&isScanQR=false&serviceType=app&sid=[\w-]+&v=3\.0$/);
    const qr = String(answer.qrCodeUrl);
    assert.match(qr, /^000201010212.*5303704540550000.*5802VN.*6304[0-9A-F]{4}$/);
    assert.doesNotMatch(qr, /^(https?:|data:)/, 'QR payload text, not an image');
    const raw = ['accessKey', 'amount', 'message', 'orderId', 'partnerCode', 'payUrl', 'requestId', 'responseTime', 'resultCode']
      .map((f) => `${f}=${f === 'accessKey' ? MOMO.accessKey : String(answer[f])}`)
      .join('&');
    assert.equal(answer.signature, hmac(raw, MOMO.secretKey));
    // The pay page opens for that link.
    const page = await fetch(payUrl);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /50[.,]000 VND/);
  });

  test('accepts captureWallet and payWithMethod signed with every public credential set', async () => {
    assert.equal(PUBLIC_TEST_CREDENTIALS.length, 4);
    for (const set of PUBLIC_TEST_CREDENTIALS) {
      for (const requestType of ['captureWallet', 'payWithMethod']) {
        const { status, body } = await create(createBody({ requestType }, set));
        assert.deepEqual([status, body.resultCode, body.partnerCode], [200, 0, set.partnerCode], `${set.partnerCode} ${requestType}`);
      }
    }
    // accessKey in the body (as MoMo's samples send it) is fine when it is the partner's.
    assert.equal((await create(createBody({ accessKey: MOMO.accessKey }))).body.resultCode, 0);
  });

  test('amount: 1,000 and 50,000,000 VND pass; outside is 22; a fraction is 21; a string of digits as in the docs is taken', async () => {
    assert.equal((await create(createBody({ amount: 1_000 }))).body.resultCode, 0);
    assert.equal((await create(createBody({ amount: 50_000_000 }))).body.resultCode, 0);
    assert.equal((await create(createBody({ amount: '1000' }))).body.resultCode, 0);
    for (const amount of [999, 50_000_001, 0]) {
      const { status, body } = await create(createBody({ amount }));
      assert.deepEqual([status, body.resultCode, body.message], [400, 22, 'The transaction amount is out of range.'], String(amount));
    }
    assert.deepEqual((await create(createBody({ amount: 1000.5 }))).body.resultCode, 21);
    assert.deepEqual((await create(createBody({ amount: 'lots' }))).body.resultCode, 20);
  });

  test('a wrong signature, an unknown partner or a foreign accessKey are 13', async () => {
    const body = createBody();
    const wrong = await create({ ...body, amount: 60_000 });
    assert.deepEqual([wrong.status, wrong.body.resultCode, wrong.body.message], [400, 13, 'Merchant authentication failed.']);
    assert.equal((await create(createBody({ signature: String(createBody().signature).toUpperCase() }))).body.resultCode, 13);
    const secretOfAnother = { ...MOMO, secretKey: PUBLIC_TEST_CREDENTIALS[1]!.secretKey };
    assert.equal((await create(createBody({}, secretOfAnother))).body.resultCode, 13);
    assert.equal((await create(createBody({ partnerCode: 'NOBODY' }))).body.resultCode, 13);
    assert.equal((await create(createBody({ accessKey: 'klm05TvNBzhg7h7j' }))).body.resultCode, 13);
  });

  test('bad formats are 20, in the language asked for, echoing the ids', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['orderId pattern', { orderId: 'bad id!' }],
      ['orderId ends in a separator', { orderId: 'ABC-' }],
      ['no ipnUrl', { ipnUrl: undefined }],
      ['relative ipnUrl', { ipnUrl: '/ipn' }],
      ['requestType', { requestType: 'captureMoMoWallet' }],
      ['lang', { lang: 'fr' }],
      ['requestId too long', { requestId: 'r'.repeat(51) }],
      ['orderInfo too long', { orderInfo: 'x'.repeat(256) }],
      ['extraData not base64 JSON', { extraData: 'merchantName=;merchantId=' }],
      ['51 items', { items: Array.from({ length: 51 }, (_, i) => ({ id: `${i}`, name: 'Book', price: 1_000, quantity: 1, totalPrice: 1_000 })) }],
      ['item quantity 0', { items: [{ id: '1', name: 'Book', price: 1_000, quantity: 0, totalPrice: 0 }] }],
      ['item totalPrice wrong', { items: [{ id: '1', name: 'Book', price: 1_000, quantity: 2, totalPrice: 1_000 }] }],
    ];
    for (const [name, overrides] of cases) {
      const { status, body } = await create(createBody(overrides));
      assert.deepEqual([status, body.resultCode], [400, 20], name);
    }
    const vi = await create(createBody({ orderId: 'bad id!', lang: 'vi' }));
    assert.equal(vi.body.message, 'Yêu cầu sai định dạng.');
    assert.equal((await create('not json')).body.resultCode, 20);
    assert.equal((await create('[1,2]')).body.resultCode, 20);
    const { body } = await create({ ...createBody(), signature: undefined });
    assert.equal(body.resultCode, 20);
  });

  test('50 items pass; base64 JSON extraData passes; a duplicated item id is 45', async () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ id: `SKU${i}`, name: 'Book', price: 1_000, currency: 'VND', quantity: 1, totalPrice: 1_000 }));
    assert.equal((await create(createBody({ items }))).body.resultCode, 0);
    assert.equal((await create(createBody({ extraData: 'eyJza3VzIjoiIn0=' }))).body.resultCode, 0);
    const duplicated = await create(createBody({ items: [items[0], items[0]] }));
    assert.deepEqual([duplicated.status, duplicated.body.resultCode, duplicated.body.message], [400, 45, 'Duplicated ItemId']);
  });

  test('requestId: a repeated successful create is replayed; reused otherwise it is 40; a reused orderId is 41', async () => {
    const body = createBody();
    const first = await create(body);
    const again = await create(body);
    assert.deepEqual(again, first);
    const orders = (await (await control('/orders', undefined, 'GET')).json()) as { orders: { orderId: string }[] };
    assert.equal(orders.orders.filter((o) => o.orderId === body.orderId).length, 1);

    const otherOrderSameRequest = await create(createBody({ requestId: body.requestId }));
    assert.deepEqual([otherOrderSameRequest.status, otherOrderSameRequest.body.resultCode], [400, 40]);

    const sameOrderNewRequest = await create(createBody({ orderId: body.orderId }));
    assert.deepEqual([sameOrderNewRequest.status, sameOrderNewRequest.body.resultCode, sameOrderNewRequest.body.message], [400, 41, 'Duplicated orderId.']);

    // A refused (non-final) answer is not replayed: its requestId is spent.
    const refused = createBody({ amount: 500 });
    assert.equal((await create(refused)).body.resultCode, 22);
    assert.equal((await create(createBody({ requestId: refused.requestId, orderId: refused.orderId }))).body.resultCode, 40);

    // An unauthenticated request spends nothing: the partner may still use that requestId.
    const genuine = createBody();
    assert.equal((await create({ ...genuine, signature: 'f'.repeat(64) })).body.resultCode, 13);
    assert.equal((await create(genuine)).body.resultCode, 0);
  });
});

describe('query', () => {
  test('reports an order: 1000 while waiting, then 0 with a payType once paid', async () => {
    const body = createBody();
    await create(body);
    const pending = await call('/v2/gateway/api/query', queryBody(String(body.orderId)));
    assert.equal(pending.status, 200);
    assert.deepEqual([pending.body.resultCode, pending.body.amount, pending.body.orderId], [1000, 50_000, body.orderId]);
    assert.equal(pending.body.message, 'Transaction is initiated, waiting for user confirmation.');
    const ipn = nextIpns(body.orderId);
    await control(`/orders/${String(body.orderId)}/approve`, { payType: 'app' });
    await ipn;
    const paid = await call('/v2/gateway/api/query', queryBody(String(body.orderId), { lang: 'vi' }));
    assert.deepEqual([paid.body.resultCode, paid.body.payType, paid.body.message], [0, 'app', 'Thành công.']);
    assert.equal(typeof paid.body.transId, 'number');
  });

  test('an unknown order is 42; a bad signature 13; a bad orderId 20', async () => {
    const missing = await call('/v2/gateway/api/query', queryBody('NO-SUCH-ORDER'));
    assert.deepEqual([missing.status, missing.body.resultCode], [400, 42]);
    const body = createBody();
    await create(body);
    const forged = await call('/v2/gateway/api/query', { ...queryBody(String(body.orderId)), requestId: 'other' });
    assert.deepEqual([forged.status, forged.body.resultCode], [400, 13]);
    assert.equal((await call('/v2/gateway/api/query', queryBody('bad id'))).body.resultCode, 20);
  });

  test('orders are per partner: another partner cannot see it', async () => {
    const body = createBody();
    await create(body);
    const other = PUBLIC_TEST_CREDENTIALS[2]!;
    assert.equal((await call('/v2/gateway/api/query', queryBody(String(body.orderId), {}, other))).body.resultCode, 42);
  });
});

describe('IPN', () => {
  function verifyIpn(raw: string) {
    const ipn = JSON.parse(raw) as Record<string, unknown>;
    assert.equal(ipn.signature, signOver(IPN_FIELDS, ipn), 'signed with the documented IPN fields');
    return ipn;
  }

  test('approve POSTs the documented body, signed, to ipnUrl', async () => {
    const body = createBody();
    await create(body);
    const received = nextIpns(body.orderId);
    const response = await control(`/orders/${String(body.orderId)}/approve`);
    assert.equal(response.status, 200);
    const ipn = verifyIpn((await received)[0]!);
    assert.deepEqual(
      [ipn.partnerCode, ipn.orderId, ipn.requestId, ipn.amount, ipn.orderInfo, ipn.orderType, ipn.resultCode, ipn.message, ipn.payType, ipn.extraData],
      ['MOMO', body.orderId, body.requestId, 50_000, 'Học phí kỳ 1', 'momo_wallet', 0, 'Successful.', 'qr', ''],
    );
    assert.equal(typeof ipn.transId, 'number');
    assert.equal(typeof ipn.responseTime, 'number');
    const record = (await (await control(`/orders/${String(body.orderId)}`, undefined, 'GET')).json()) as { ipn: { attempts: { status: number }[] } };
    assert.equal(record.ipn.attempts[0]?.status, 204);
    assert.doesNotMatch(JSON.stringify(record), /K951B6PE1waDMi640xX08PD3vg6EkVlz/, 'the control API never shows a secret');
  });

  test('decline defaults to 1006, takes another final code, and a final order cannot change', async () => {
    const a = createBody();
    const b = createBody();
    await create(a);
    await create(b);
    let received = nextIpns(a.orderId);
    await control(`/orders/${String(a.orderId)}/decline`);
    assert.equal(verifyIpn((await received)[0]!).resultCode, 1006);
    received = nextIpns(b.orderId);
    await control(`/orders/${String(b.orderId)}/decline`, { resultCode: 1001 });
    assert.equal(verifyIpn((await received)[0]!).resultCode, 1001);
    const again = await control(`/orders/${String(a.orderId)}/approve`);
    assert.equal(again.status, 409);
    assert.equal((await control(`/orders/${String(b.orderId)}/decline`, { resultCode: 0 })).status, 400);
    assert.equal((await control('/orders/NOPE/approve')).status, 404);
  });

  test('expire ends the order with 1005; so does the order lifetime passing', async () => {
    const a = createBody();
    await create(a);
    let received = nextIpns(a.orderId);
    await control(`/orders/${String(a.orderId)}/expire`);
    assert.equal(verifyIpn((await received)[0]!).resultCode, 1005);

    const b = createBody();
    await create(b);
    received = nextIpns(b.orderId);
    clock += 60_001;
    const query = await call('/v2/gateway/api/query', queryBody(String(b.orderId)));
    assert.equal(query.body.resultCode, 1005);
    assert.equal(verifyIpn((await received)[0]!).resultCode, 1005);
  });

  test('faults: dropped IPNs are counted, not sent; duplicated ones are sent twice', async () => {
    await control('/faults', { callbacks: 'drop' }, 'PUT');
    const a = createBody();
    await create(a);
    await control(`/orders/${String(a.orderId)}/approve`);
    const record = (await (await control(`/orders/${String(a.orderId)}`, undefined, 'GET')).json()) as { ipn: { sent: number; dropped: number } };
    assert.deepEqual([record.ipn.sent, record.ipn.dropped], [0, 1]);

    await control('/faults', { callbacks: 'duplicate' }, 'PUT');
    const b = createBody();
    await create(b);
    const received = nextIpns(b.orderId, 2);
    await control(`/orders/${String(b.orderId)}/approve`);
    const [first, second] = await received;
    assert.equal(first, second);
    assert.equal(JSON.parse(first!).orderId, b.orderId);
  });

  test('faults: failNext answers 500/99 and does nothing, or with afterProcessing does it and loses the answer', async () => {
    await control('/faults', { failNext: { status: 500, count: 1 } }, 'PUT');
    const a = createBody();
    const failed = await create(a);
    assert.deepEqual([failed.status, failed.body.resultCode], [500, 99]);
    assert.equal((await call('/v2/gateway/api/query', queryBody(String(a.orderId)))).body.resultCode, 42);

    await control('/faults', { failNext: { status: 503, count: 1, afterProcessing: true } }, 'PUT');
    const b = createBody();
    const lost = await create(b);
    assert.deepEqual([lost.status, lost.body.resultCode], [503, 10]);
    assert.equal((await call('/v2/gateway/api/query', queryBody(String(b.orderId)))).body.resultCode, 1000);
    assert.equal((await control('/faults', { failNext: { status: 418, count: 1 } }, 'PUT')).status, 400);
  });
});

test('unknown paths answer 404 with a MoMo-shaped body', async () => {
  const response = await fetch(`${base}/v1/gateway/api/create`, { method: 'POST' });
  assert.equal(response.status, 404);
  assert.equal(((await response.json()) as { resultCode: number }).resultCode, 12);
});
