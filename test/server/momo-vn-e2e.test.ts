import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Session } from '../../contract';
import { createCheckout, readStatusEvents, startTestServer, type TestServer } from './helpers';

// The whole backend over real HTTP with MoMo VN served by its sandbox: create → instructions →
// payer acts at the sandbox → signed IPN to /v1/callbacks/momo-vn → query → SSE.

const SECRET = 'K951B6PE1waDMi640xX08PD3vg6EkVlz';
const IPN_FIELDS = ['accessKey', 'amount', 'extraData', 'message', 'orderId', 'orderInfo', 'orderType', 'partnerCode', 'payType', 'requestId', 'responseTime', 'resultCode', 'transId'];

const momoCheckout = (server: TestServer, overrides: Record<string, unknown> = {}) =>
  createCheckout(server, { provider: 'momo-vn', method: 'wallet', currency: 'VND', amount: '50000', locale: 'vi-VN', description: 'Học phí kỳ 1', ...overrides });

interface History {
  status: string;
  reason?: string;
  providerReference: string;
  events: { source: string; status: string; providerStatus?: string }[];
}

async function history(server: TestServer, id: string): Promise<History> {
  const response = await server.merchant(`/v1/checkouts/${id}`);
  assert.equal(response.status, 200);
  return (await response.json()) as History;
}

interface OrderView {
  resultCode: number;
  accessKey: string;
  ipn: { sent: number; dropped: number; attempts: { status?: number }[] };
  ipnBody: Record<string, unknown>;
}
const order = async (server: TestServer, orderId: string) => (await (await server.sandbox(`/momo-vn/control/orders/${orderId}`, undefined, 'GET')).json()) as OrderView;

const postIpn = (server: TestServer, body: unknown) =>
  fetch(`http://127.0.0.1:${server.config.port}/v1/callbacks/momo-vn`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('MoMo VN wallet through the backend', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('the session shows the MoMo deeplink (payUrl as fallback) and the QR payload; approve → IPN → paid over SSE', async () => {
    const { id, token, status } = await momoCheckout(server);
    assert.equal(status, 'pending');
    const session = (await (await server.element('/v1/session', token)).json()) as Session;
    assert.deepEqual([session.amount, session.currency], ['50000', 'VND']);
    const [deeplink, qr] = session.instructions;
    assert.ok(deeplink?.kind === 'deeplink' && deeplink.url.startsWith('momo://app?action=payWithApp&') && deeplink.appName === 'MoMo');
    assert.match(deeplink.webUrl ?? '', /\/sandbox\/momo-vn\/v2\/gateway\/pay\?t=/);
    assert.ok(qr?.kind === 'qr' && /^000201.*6304[0-9A-F]{4}$/.test(qr.payload ?? ''));
    assert.doesNotMatch(JSON.stringify(session), new RegExp(`${SECRET}|F8BBA842ECF85|signature`));

    const events = readStatusEvents(server, token, (update) => update.status !== 'pending');
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    assert.deepEqual(
      (await events).map((u) => u.status),
      ['pending', 'paid'],
    );
    const record = await history(server, id);
    assert.equal(record.providerReference, id);
    assert.deepEqual(
      record.events.map((e) => [e.source, e.status]),
      [
        ['create', 'pending'],
        ['callback', 'paid'],
      ],
    );
    assert.equal(record.events[1]?.providerStatus, 'resultCode:0');
    const momo = await order(server, id);
    assert.deepEqual(
      momo.ipn.attempts.map((a) => a.status),
      [204],
      'the IPN was answered 204 No Content',
    );
  });

  test('decline → failed, rejected', async () => {
    const { id, token } = await momoCheckout(server);
    const events = readStatusEvents(server, token, (update) => update.status !== 'pending');
    await server.sandbox(`/checkouts/${id}/decline`);
    const last = (await events).at(-1);
    assert.deepEqual([last?.status, last?.reason], ['failed', 'rejected']);
    assert.equal((await history(server, id)).events.at(-1)?.providerStatus, 'resultCode:1006');
  });

  test('a forged or altered IPN is refused and leaves the checkout unchanged', async () => {
    const { id } = await momoCheckout(server);
    const { ipnBody, accessKey } = await order(server, id);
    const paid = { ...ipnBody, resultCode: 0, message: 'Successful.', payType: 'qr' };
    const signWith = (body: Record<string, unknown>, secret: string) =>
      createHmac('sha256', secret)
        .update(IPN_FIELDS.map((f) => `${f}=${f === 'accessKey' ? accessKey : String(body[f])}`).join('&'))
        .digest('hex');

    const forged = await postIpn(server, { ...paid, signature: signWith(paid, 'a-secret-we-do-not-have') });
    assert.equal(forged.status, 400);
    assert.equal(((await forged.json()) as { error: { code: string } }).error.code, 'IPN_SIGNATURE_INVALID');
    // Altered: signed properly, then one signed field changed in transit.
    const genuine = { ...paid, signature: signWith(paid, SECRET) };
    const altered = await postIpn(server, { ...genuine, amount: 1_000 });
    assert.equal(altered.status, 400);

    const record = await history(server, id);
    assert.equal(record.status, 'pending');
    assert.deepEqual(
      record.events.map((e) => e.source),
      ['create'],
    );
    assert.equal((await order(server, id)).resultCode, 1000);
    // A correctly signed IPN is only news: the backend asks MoMo, which still says 1000.
    assert.equal((await postIpn(server, genuine)).status, 204);
    assert.equal((await history(server, id)).status, 'pending');
  });

  test('a duplicated IPN settles the checkout once: one paid event', async () => {
    await server.sandbox('/momo-vn/control/faults', { callbacks: 'duplicate' }, 'PUT');
    try {
      const { id, token } = await momoCheckout(server);
      const events = readStatusEvents(server, token, (update) => update.status !== 'pending');
      await server.sandbox(`/checkouts/${id}/approve`);
      assert.equal((await events).at(-1)?.status, 'paid');
      // The sandbox sends the two IPNs one after the other: wait until the second is answered.
      let attempts: { status?: number }[] = [];
      for (let i = 0; i < 200 && !(attempts.length === 2 && attempts[1]?.status); i += 1) {
        attempts = (await order(server, id)).ipn.attempts;
        if (!(attempts.length === 2 && attempts[1]?.status)) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.deepEqual(
        attempts.map((a) => a.status),
        [204, 204],
      );
      const record = await history(server, id);
      assert.equal(record.events.filter((e) => e.status === 'paid').length, 1);
      assert.equal(record.status, 'paid');
    } finally {
      await server.sandbox('/momo-vn/control/faults', undefined, 'DELETE');
    }
  });
});

describe('MoMo VN: the IPN is answered in time, whatever the query takes', () => {
  let server: TestServer;
  before(async () => {
    // The reconciler polls only what it is told to poll at once (its own first poll is a minute away).
    server = await startTestServer();
  });
  after(() => server.close());

  test("an IPN whose confirming query hangs is answered 204 within MoMo's 15 s; the reconciler, asked at once, makes it paid", async () => {
    const { id, token } = await momoCheckout(server);
    // The query the IPN triggers is held 16 s: longer than MoMo waits for our answer, shorter than our 30 s client timeout.
    await server.sandbox('/momo-vn/control/faults', { hangNext: { count: 1, ms: 16_000 } }, 'PUT');
    try {
      const events = readStatusEvents(server, token, (update) => update.status !== 'pending');
      await server.sandbox(`/checkouts/${id}/approve`);
      assert.equal((await events).at(-1)?.status, 'paid');
      let attempts: OrderView['ipn']['attempts'] = [];
      for (let i = 0; i < 1_000 && attempts[0]?.status === undefined; i += 1) {
        attempts = (await order(server, id)).ipn.attempts;
        if (attempts[0]?.status === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The sandbox gives up on an IPN after 15 s, as MoMo does: a status here is an answer in time.
      assert.deepEqual(
        attempts.map((attempt) => attempt.status),
        [204],
      );
      const record = await history(server, id);
      assert.deepEqual(
        record.events.map((e) => [e.source, e.status]),
        [
          ['create', 'pending'],
          ['poll', 'paid'],
        ],
      );
    } finally {
      await server.sandbox('/momo-vn/control/faults', undefined, 'DELETE');
    }
  });
});

describe('MoMo VN: the reconciler settles what IPNs do not', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ firstPollDelayMs: 100, maxPollDelayMs: 200 });
  });
  after(() => server.close());

  test('with the IPN dropped, an approved payment still ends paid by querying MoMo', async () => {
    await server.sandbox('/momo-vn/control/faults', { callbacks: 'drop' }, 'PUT');
    const { id, token } = await momoCheckout(server);
    const events = readStatusEvents(server, token, (update) => update.status !== 'pending');
    await server.sandbox(`/checkouts/${id}/approve`);
    assert.equal((await events).at(-1)?.status, 'paid');
    const record = await history(server, id);
    assert.deepEqual(record.events.at(-1), { ...record.events.at(-1), source: 'poll', status: 'paid', providerStatus: 'resultCode:0' });
    const momo = await order(server, id);
    assert.deepEqual([momo.ipn.sent, momo.ipn.dropped], [0, 1]);
  });

  test('an order that expires at MoMo ends expired', async () => {
    await server.sandbox('/momo-vn/control/faults', { callbacks: 'drop' }, 'PUT');
    const { id, token } = await momoCheckout(server);
    const events = readStatusEvents(server, token, (update) => update.status !== 'pending');
    await server.sandbox(`/checkouts/${id}/expire`);
    const last = (await events).at(-1);
    assert.deepEqual([last?.status, last?.reason], ['expired', 'expired']);
  });
});
