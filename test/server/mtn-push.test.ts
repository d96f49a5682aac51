/**
 * MTN MoMo push methods end to end: a real backend (startTestServer) with the MTN sandbox
 * over real HTTP; the payer gives a phone through `/v1/session/pay`, the sandbox payer acts,
 * the outcome arrives by callback.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Session, StatusUpdate } from '../../contract';
import { createCheckout, readStatusEvents, startTestServer, type TestServer } from './helpers';

const UGANDA_PHONE = '256772123456';

function pay(server: TestServer, token: string, phone: unknown) {
  return fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone }),
  });
}

async function errorCode(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string } };
  assert.equal(typeof body.error.message, 'string');
  return body.error.code;
}

async function history(server: TestServer, id: string) {
  const response = await server.merchant(`/v1/checkouts/${id}`);
  assert.equal(response.status, 200);
  return (await response.json()) as {
    status: string;
    reason?: string;
    providerReference?: string;
    events: { source: string; status: string; reason?: string; providerStatus?: string }[];
  };
}

const push = (method: string, overrides: Record<string, unknown> = {}) => ({ method, amount: '25000', currency: 'UGX', ...overrides });

describe('MTN request-to-pay and payment, end to end (target environment mtnuganda, UGX)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  for (const method of ['request-to-pay', 'payment']) {
    test(`${method}: session shows the push; pay with a phone → approve → SSE paid, confirmed by callback`, async () => {
      const { id, token, status } = await createCheckout(server, push(method));
      assert.equal(status, 'pending');
      const session = (await (await server.element('/v1/session', token)).json()) as Session;
      const [instruction] = session.instructions;
      assert.equal(session.instructions.length, 1);
      assert.ok(instruction?.kind === 'push');
      assert.equal(instruction.needsPhone, true);
      assert.deepEqual(instruction.operators, ['MTN MoMo']);
      assert.equal(session.country, 'UG');
      assert.deepEqual(instruction.phoneRules, { country: 'UG', callingCode: '256', nationalPrefix: '0', lengths: [9], groups: [3, 3, 3] });
      assert.match(UGANDA_PHONE, new RegExp(instruction.phonePattern));
      assert.doesNotMatch('256701234567', new RegExp(instruction.phonePattern));
      assert.equal(instruction.phoneExample, '256772123456'); // mtnuganda's, shown before the payer types

      const paying = await pay(server, token, '+256 772 123 456');
      assert.equal(paying.status, 202);
      assert.equal(((await paying.json()) as StatusUpdate).status, 'processing');
      const after = (await (await server.element('/v1/session', token)).json()) as Session;
      assert.deepEqual(
        after.instructions.map((i) => i.kind === 'push' && i.needsPhone),
        [false],
      );

      const events = readStatusEvents(server, token, (update) => update.status === 'paid');
      assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
      assert.deepEqual(
        (await events).map((u) => u.status),
        ['processing', 'paid'],
      );

      const record = await history(server, id);
      assert.deepEqual(
        record.events.map((e) => [e.source, e.status, e.providerStatus]),
        [
          ['create', 'pending', undefined],
          ['payer', 'processing', 'PENDING'],
          ['callback', 'paid', 'SUCCESSFUL'],
        ],
      );
      const kind = method === 'payment' ? 'payments' : 'requesttopay';
      const atMtn = await server.sandbox(`/mtn-momo/control/${kind}/${record.providerReference}`, undefined, 'GET');
      assert.equal(atMtn.status, 200);
      const resource = (await atMtn.json()) as { payerMsisdn: string; callbacks: { sent: number } };
      assert.equal(resource.payerMsisdn, UGANDA_PHONE);
      assert.equal(resource.callbacks.sent, 1);
    });

    test(`${method}: decline → failed, rejected`, async () => {
      const { id, token } = await createCheckout(server, push(method));
      assert.equal((await pay(server, token, UGANDA_PHONE)).status, 202);
      const events = readStatusEvents(server, token, (update) => update.status === 'failed');
      await server.sandbox(`/checkouts/${id}/decline`);
      const last = (await events).at(-1);
      assert.deepEqual([last?.status, last?.reason], ['failed', 'rejected']);
      assert.equal((await history(server, id)).events.at(-1)?.providerStatus, 'FAILED:APPROVAL_REJECTED');
    });
  }

  test('a push that lapses unanswered at MTN (the payer panel lets it expire) ends the attempt, not the checkout: pending, and another may go', async () => {
    const { id, token } = await createCheckout(server, push('request-to-pay'));
    await pay(server, token, UGANDA_PHONE);
    const events = readStatusEvents(server, token, (update) => update.status === 'pending' && update.sent?.canResend === true);
    assert.equal((await server.sandbox(`/checkouts/${id}/expire`)).status, 202);
    const last = (await events).at(-1)!;
    assert.deepEqual([last.reason, last.sent?.endReason, last.sent?.to], [undefined, 'expired', '+256 77• ••• 456']);
    assert.deepEqual((await history(server, id)).events.at(-1), { at: last.updatedAt, source: 'callback', status: 'pending', reason: 'expired', providerStatus: 'FAILED:EXPIRED' });
  });

  test('pay twice → 409 PUSH_LIVE, and only one push reaches MTN', async () => {
    const { id, token } = await createCheckout(server, push('request-to-pay'));
    assert.equal((await pay(server, token, UGANDA_PHONE)).status, 202);
    const again = await pay(server, token, '256782123456');
    assert.equal(again.status, 409);
    assert.equal(await errorCode(again), 'PUSH_LIVE');
    const reference = (await history(server, id)).providerReference;
    const all = (await (await server.sandbox('/mtn-momo/control/requesttopay', undefined, 'GET')).json()) as { requesttopay: { referenceId: string; payerMsisdn: string }[] };
    const mine = all.requesttopay.filter((r) => r.referenceId === reference);
    assert.deepEqual(
      mine.map((r) => r.payerMsisdn),
      [UGANDA_PHONE],
    );
    assert.equal(all.requesttopay.filter((r) => r.payerMsisdn === '256782123456').length, 0);
  });

  test('a phone that is not an MTN Uganda number → 400 INVALID_PHONE naming the forms it takes, and the payer may try again', async () => {
    const { token } = await createCheckout(server, push('payment'));
    // Airtel Uganda, MTN's sandbox test number (not in mtnuganda), Airtel in national form, a Rwandan MTN number, not a number.
    for (const phone of ['256701234567', '46733123450', '0701 234 567', '+250 781 234 567', 'call me']) {
      const wrong = await pay(server, token, phone);
      assert.equal(wrong.status, 400, phone);
      const { error } = (await wrong.json()) as { error: { code: string; message: string } };
      assert.deepEqual([error.code, error.message], ['INVALID_PHONE', 'Enter a mobile money number in Uganda, as 0772 123 456 or +256 772 123 456.']);
    }
    assert.equal((await pay(server, token, '0772123456')).status, 202);
  });

  test('pay on an invoice checkout → 409 PAY_NOT_SUPPORTED', async () => {
    const { token } = await createCheckout(server);
    const response = await pay(server, token, UGANDA_PHONE);
    assert.equal(response.status, 409);
    assert.equal(await errorCode(response), 'PAY_NOT_SUPPORTED');
  });

  test('the payer panel has nothing to act on before the phone is given', async () => {
    const { id } = await createCheckout(server, push('request-to-pay'));
    const response = await server.sandbox(`/checkouts/${id}/approve`);
    assert.equal(response.status, 409);
    assert.equal(await errorCode(response), 'PAYER_ACTION_REFUSED');
  });

  test('merchant cancel: fine before the push; refused once it is on the phone', async () => {
    const before = await createCheckout(server, push('request-to-pay'));
    const cancelled = await server.merchant(`/v1/checkouts/${before.id}/cancel`, { method: 'POST' });
    assert.equal(cancelled.status, 200);
    assert.equal(((await cancelled.json()) as { status: string }).status, 'cancelled');

    const sent = await createCheckout(server, push('request-to-pay'));
    await pay(server, sent.token, UGANDA_PHONE);
    const refused = await server.merchant(`/v1/checkouts/${sent.id}/cancel`, { method: 'POST' });
    assert.equal(refused.status, 409);
    assert.equal(await errorCode(refused), 'CANCEL_REFUSED');
    assert.equal((await history(server, sent.id)).status, 'processing');
  });

  test('merchant cancel: refused while the push has not answered (it may be on the phone); the payer then pays it', async () => {
    const reference = `CXL-${Math.random().toString(36).slice(2, 10)}`;
    const { id, token } = await createCheckout(server, push('request-to-pay', { reference }));
    // MTN takes the push but holds its answers (the push's, and the status read after it).
    assert.equal((await server.sandbox('/mtn-momo/control/faults', { hangNext: { count: 2, ms: 1_000 } }, 'PUT')).status, 200);
    try {
      const paying = pay(server, token, UGANDA_PHONE);
      for (;;) {
        const { requesttopay } = (await (await server.sandbox('/mtn-momo/control/requesttopay', undefined, 'GET')).json()) as { requesttopay: { wire: { externalId: string } }[] };
        if (requesttopay.some((r) => r.wire.externalId === reference)) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const refused = await server.merchant(`/v1/checkouts/${id}/cancel`, { method: 'POST' });
      assert.equal(refused.status, 409);
      const { error } = (await refused.json()) as { error: { code: string; message: string } };
      assert.equal(error.code, 'CANCEL_REFUSED');
      assert.match(error.message, /has not been answered yet/);
      assert.equal((await paying).status, 202);
    } finally {
      await server.sandbox('/mtn-momo/control/faults', undefined, 'DELETE');
    }
    const events = readStatusEvents(server, token, (update) => update.status === 'paid');
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    assert.equal((await events).at(-1)?.status, 'paid');
    assert.deepEqual(
      (await history(server, id)).events.map((e) => e.status),
      ['pending', 'processing', 'paid'],
    );
  });

  test("currencies are the target environment's: EUR is refused for mtnuganda", async () => {
    const response = await server.merchant('/v1/checkouts', {
      body: { provider: 'mtn-momo', method: 'request-to-pay', amount: '5.00', currency: 'EUR', reference: 'R-1' },
      idempotencyKey: crypto.randomUUID(),
    });
    assert.equal(response.status, 422);
    assert.equal(await errorCode(response), 'UNSUPPORTED_CURRENCY');
  });
});

describe("MTN's test numbers end to end (target environment sandbox, EUR)", () => {
  let server: TestServer;
  before(async () => {
    // MTN's own sandbox environment: EUR, and its test numbers.
    server = await startTestServer({ firstPollDelayMs: 100, maxPollDelayMs: 200 }, {}, { MTN_TARGET_ENVIRONMENT: 'sandbox' });
  });
  after(() => server.close());

  const cases: [string, string, string, string][] = [
    ['46733123450', 'failed', 'provider_error', 'FAILED:INTERNAL_PROCESSING_ERROR'],
    ['46733123451', 'failed', 'rejected', 'FAILED:APPROVAL_REJECTED'],
  ];
  for (const [phone, status, reason, raw] of cases) {
    test(`request-to-pay to ${phone} → ${status} (${reason}) in the pay answer`, async () => {
      const { id, token } = await createCheckout(server, push('request-to-pay', { amount: '12.50', currency: 'EUR' }));
      const response = await pay(server, token, phone);
      assert.equal(response.status, 202);
      const update = (await response.json()) as StatusUpdate;
      assert.deepEqual([update.status, update.reason], [status, reason]);
      assert.equal((await history(server, id)).events.at(-1)?.providerStatus, raw);
    });
  }

  test('request-to-pay to 46733123452 (the PIN never entered) → the attempt ended in the pay answer: pending, canResend, why', async () => {
    const { id, token } = await createCheckout(server, push('request-to-pay', { amount: '12.50', currency: 'EUR' }));
    const response = await pay(server, token, '46733123452');
    assert.equal(response.status, 202);
    const update = (await response.json()) as StatusUpdate;
    assert.deepEqual([update.status, update.reason, update.sent?.canResend, update.sent?.endReason], ['pending', undefined, true, 'timeout']);
    const record = await history(server, id);
    assert.deepEqual([record.status, record.providerReference, record.events.at(-1)?.providerStatus], ['pending', undefined, 'FAILED:COULD_NOT_PERFORM_TRANSACTION']);
  });

  test('any number off the test list is paid at once, with nobody acting as the payer, as on MTN’s sandbox', async () => {
    const { id, token } = await createCheckout(server, push('request-to-pay', { amount: '12.50', currency: 'EUR' }));
    const response = await pay(server, token, '46733123459');
    assert.equal(response.status, 202);
    assert.equal(((await response.json()) as StatusUpdate).status, 'paid');
    assert.equal((await history(server, id)).events.at(-1)?.providerStatus, 'SUCCESSFUL');
  });

  test('46733123454 stays pending at MTN; the payer panel still settles it; polling brings the news', async () => {
    const { id, token } = await createCheckout(server, push('payment', { amount: '12.50', currency: 'EUR' }));
    const response = await pay(server, token, '46733123454');
    assert.equal(((await response.json()) as StatusUpdate).status, 'processing');
    assert.ok((await server.sandbox('/mtn-momo/control/faults', { callbacks: 'drop' }, 'PUT')).ok);
    try {
      const events = readStatusEvents(server, token, (update) => update.status === 'paid');
      await server.sandbox(`/checkouts/${id}/approve`);
      assert.equal((await events).at(-1)?.status, 'paid');
      assert.equal((await history(server, id)).events.at(-1)?.source, 'poll');
    } finally {
      await server.sandbox('/mtn-momo/control/faults', undefined, 'DELETE');
    }
  });
});
