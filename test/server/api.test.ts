import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Session, StatusUpdate } from '../../contract';
import { createCheckout, invoiceBody, readStatusEvents, startTestServer, type TestServer } from './helpers';

async function errorCode(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string } };
  assert.equal(typeof body.error.message, 'string');
  return body.error.code;
}

async function history(server: TestServer, id: string) {
  const response = await server.merchant(`/v1/checkouts/${id}`);
  assert.equal(response.status, 200);
  return (await response.json()) as { status: string; reason?: string; providerReference: string; events: { source: string; status: string; providerStatus?: string }[] };
}

describe('reference backend, MTN invoice through the sandbox over HTTP', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('a created invoice checkout shows USSD + QR to the element', async () => {
    const { id, token, status, expiresAt } = await createCheckout(server);
    assert.equal(status, 'pending');
    assert.ok(Date.parse(expiresAt) > Date.now());
    const response = await server.element('/v1/session', token);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const session = (await response.json()) as Session;
    assert.equal(session.id, id);
    assert.equal(session.amount, '150000');
    assert.equal(session.currency, 'UGX');
    const [ussd, qr] = session.instructions;
    assert.equal(ussd?.kind, 'ussd');
    assert.match(ussd.kind === 'ussd' ? ussd.code : '', /^\*165\*3\*\d+\*1#$/);
    assert.deepEqual(qr && { kind: qr.kind, payload: 'payload' in qr ? qr.payload : undefined }, { kind: 'qr', payload: ussd.kind === 'ussd' ? ussd.code : '' });
    // Nothing the payer's browser should not see.
    const text = JSON.stringify(session);
    assert.doesNotMatch(text, /providerReference|sk_sandbox|subscription/i);
  });

  test('approve → the SSE stream delivers paid, confirmed from the callback; a later decline leaves it paid', async () => {
    const { id, token } = await createCheckout(server);
    const events = readStatusEvents(server, token, (update) => update.status !== 'pending');
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    const updates = await events;
    assert.deepEqual(
      updates.map((u) => u.status),
      ['pending', 'paid'],
    );

    const status = await server.element('/v1/session/status', token);
    assert.equal(((await status.json()) as StatusUpdate).status, 'paid');

    assert.equal((await server.sandbox(`/checkouts/${id}/decline`)).status, 409);
    const record = await history(server, id);
    assert.equal(record.status, 'paid');
    assert.deepEqual(
      record.events.map((e) => [e.source, e.status]),
      [
        ['create', 'pending'],
        ['callback', 'paid'],
      ],
    );
    assert.equal(record.events[1]?.providerStatus, 'SUCCESSFUL');
  });

  test('decline → failed with a normalised reason', async () => {
    const { id, token } = await createCheckout(server);
    const events = readStatusEvents(server, token, (update) => update.status !== 'pending');
    await server.sandbox(`/checkouts/${id}/decline`);
    const last = (await events).at(-1);
    assert.deepEqual([last?.status, last?.reason], ['failed', 'rejected']);
  });

  test('/v1/session/status answers 304 to its own ETag until the status changes', async () => {
    const { id, token } = await createCheckout(server);
    const first = await server.element('/v1/session/status', token);
    const etag = first.headers.get('etag');
    assert.ok(etag);
    const same = await server.element('/v1/session/status', token, { 'If-None-Match': etag });
    assert.equal(same.status, 304);
    const events = readStatusEvents(server, token, (update) => update.status === 'paid');
    await server.sandbox(`/checkouts/${id}/approve`);
    await events;
    const changed = await server.element('/v1/session/status', token, { 'If-None-Match': etag });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);
  });

  test('the same Idempotency-Key returns the same checkout; another body with it is a 409', async () => {
    const body = invoiceBody();
    const first = await server.merchant('/v1/checkouts', { body, idempotencyKey: 'order-42' });
    const again = await server.merchant('/v1/checkouts', { body: { ...body }, idempotencyKey: 'order-42' });
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await again.json(), await first.json());
    const other = await server.merchant('/v1/checkouts', { body: { ...body, amount: '1' }, idempotencyKey: 'order-42' });
    assert.equal(other.status, 409);
    assert.equal(await errorCode(other), 'IDEMPOTENCY_KEY_REUSED');
    const missing = await server.merchant('/v1/checkouts', { body });
    assert.equal(await errorCode(missing), 'IDEMPOTENCY_KEY_REQUIRED');
  });

  test('tokens: missing, tampered and expired each get a distinct 401', async () => {
    const { token } = await createCheckout(server);
    const other = await createCheckout(server);
    const missing = await fetch(`${server.url}/v1/session`);
    assert.equal(missing.status, 401);
    assert.equal(await errorCode(missing), 'TOKEN_MISSING');

    // Token A with checkout B's id in it: the signature no longer matches.
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: other.id })).toString('base64url')}.${signature}`;
    const tampered = await server.element('/v1/session', forged);
    assert.equal(tampered.status, 401);
    assert.equal(await errorCode(tampered), 'TOKEN_INVALID');

    const short = await createCheckout(server, { expiresInSeconds: 60 });
    const { createCheckoutTokens } = await import('../../server-example/token');
    const { settleWindowMs } = await import('../../server-example/reconciler');
    // Reads take a token for the settle window past its exp (session-expiry.test.ts); past that it is expired.
    const expiredAt = new Date(Date.now() - settleWindowMs(server.config.reconcile) - 1_000);
    const expired = await createCheckoutTokens(server.config.tokenSecret, server.url).sign(short.id, expiredAt);
    const late = await server.element('/v1/session', expired);
    assert.equal(late.status, 401);
    assert.equal(await errorCode(late), 'TOKEN_EXPIRED');
  });

  test('merchant routes need the merchant key', async () => {
    const none = await fetch(`${server.url}/v1/checkouts/co_x`);
    assert.equal(await errorCode(none), 'API_KEY_MISSING');
    const wrong = await fetch(`${server.url}/v1/checkouts/co_x`, { headers: { Authorization: 'Bearer sk_wrong' } });
    assert.equal(wrong.status, 401);
    assert.equal(await errorCode(wrong), 'API_KEY_INVALID');
    const { token } = await createCheckout(server);
    const withToken = await fetch(`${server.url}/v1/checkouts/co_x`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(withToken.status, 401);
  });

  test('malformed requests are 4xx with a code and a message, never 500', async () => {
    const cases: [unknown, string][] = [
      [{ ...invoiceBody(), amount: 150000 }, 'VALIDATION_FAILED'],
      [{ ...invoiceBody(), amount: '10.5' }, 'VALIDATION_FAILED'],
      [{ ...invoiceBody(), currency: 'XYZ' }, 'VALIDATION_FAILED'],
      [{ ...invoiceBody(), provider: 'nope' }, 'UNSUPPORTED_PROVIDER'],
      [{ ...invoiceBody(), method: 'nope' }, 'UNSUPPORTED_METHOD'],
      [[], 'VALIDATION_FAILED'],
      [null, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const response = await server.merchant('/v1/checkouts', { body, idempotencyKey: crypto.randomUUID() });
      assert.ok(response.status >= 400 && response.status < 500, `${JSON.stringify(body)} → ${response.status}`);
      assert.equal(await errorCode(response), code);
    }
    const notJson = await fetch(`${server.url}/v1/checkouts`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk_sandbox', 'Idempotency-Key': 'x1', 'Content-Type': 'application/json' },
      body: '{"amount":',
    });
    assert.equal(await errorCode(notJson), 'INVALID_JSON');
    const huge = await server.merchant('/v1/checkouts', { body: { ...invoiceBody(), description: 'x'.repeat(70_000) }, idempotencyKey: 'big' });
    assert.equal(huge.status, 413);
    assert.equal((await server.merchant('/v1/checkouts/co_unknown')).status, 404);
    const callback = await fetch(`${server.url}/v1/callbacks/mtn-momo`, { method: 'PUT', body: 'not json' });
    assert.equal(await errorCode(callback), 'MALFORMED_CALLBACK');
  });

  test('a currency the provider does not take is refused before any provider call', async () => {
    const response = await server.merchant('/v1/checkouts', { body: invoiceBody({ currency: 'EUR', amount: '10.00' }), idempotencyKey: crypto.randomUUID() });
    assert.equal(response.status, 422);
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'UNSUPPORTED_CURRENCY');
    assert.match(body.error.message, /UGX/);
  });

  test("an amount outside the provider's range is refused before any provider call", async () => {
    const body = { provider: 'momo-vn', method: 'wallet', amount: '500', currency: 'VND', reference: 'VN-1' };
    const response = await server.merchant('/v1/checkouts', { body, idempotencyKey: crypto.randomUUID() });
    assert.equal(response.status, 422);
    assert.equal(await errorCode(response), 'AMOUNT_OUT_OF_RANGE');
  });

  test('MTN failing a create: 502, the checkout is failed, and the same key may be retried', async () => {
    const body = invoiceBody();
    assert.ok((await server.sandbox('/mtn-momo/control/faults', { failNext: { status: 500, count: 1 } }, 'PUT')).ok);
    const failed = await server.merchant('/v1/checkouts', { body, idempotencyKey: 'retry-me' });
    assert.equal(failed.status, 502);
    const { error } = (await failed.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'PROVIDER_UNAVAILABLE');
    const failedId = /co_[0-9a-f]+/.exec(error.message)?.[0];
    assert.ok(failedId);
    assert.deepEqual([(await history(server, failedId)).status, (await history(server, failedId)).reason], ['failed', 'provider_error']);
    const retried = await server.merchant('/v1/checkouts', { body, idempotencyKey: 'retry-me' });
    assert.equal(retried.status, 201);
    assert.notEqual(((await retried.json()) as { id: string }).id, failedId);
  });

  test('a forged callback cannot settle a checkout: the provider is asked', async () => {
    const { id } = await createCheckout(server);
    const { providerReference } = await history(server, id);
    const forged = await fetch(`${server.url}/v1/callbacks/mtn-momo`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ referenceId: providerReference, status: 'SUCCESSFUL' }),
    });
    assert.equal(forged.status, 200);
    assert.equal((await history(server, id)).status, 'pending');
  });

  test('merchant cancel cancels the invoice at MTN; a cancelled checkout stays cancelled', async () => {
    const { id, token } = await createCheckout(server);
    const response = await server.merchant(`/v1/checkouts/${id}/cancel`, { method: 'POST' });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'cancelled');
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 409);
    const status = (await (await server.element('/v1/session/status', token)).json()) as StatusUpdate;
    assert.deepEqual([status.status, status.reason], ['cancelled', 'cancelled']);
    const again = await server.merchant(`/v1/checkouts/${id}/cancel`, { method: 'POST' });
    assert.equal(await errorCode(again), 'CHECKOUT_FINAL');
  });
});

describe('the reconciler settles what callbacks do not', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ firstPollDelayMs: 100, maxPollDelayMs: 200 });
  });
  after(() => server.close());

  test('with callbacks dropped by the provider, an approved invoice still ends paid by polling', async () => {
    assert.equal((await server.sandbox('/mtn-momo/control/faults', { callbacks: 'drop' }, 'PUT')).status < 300, true);
    const { id, token } = await createCheckout(server);
    const events = readStatusEvents(server, token, (update) => update.status !== 'pending');
    await server.sandbox(`/checkouts/${id}/approve`);
    assert.equal((await events).at(-1)?.status, 'paid');
    const record = await history(server, id);
    assert.deepEqual(record.events.at(-1), { ...record.events.at(-1), source: 'poll', status: 'paid' });
  });

  test('an invoice that expires at MTN ends expired', async () => {
    const { id, token } = await createCheckout(server);
    const events = readStatusEvents(server, token, (update) => update.status !== 'pending');
    await server.sandbox(`/checkouts/${id}/expire`);
    const last = (await events).at(-1);
    assert.deepEqual([last?.status, last?.reason], ['expired', 'expired']);
  });
});

describe('a checkout whose callback cannot be delivered', () => {
  let server: TestServer;
  before(async () => {
    // Callbacks go to a closed port, as when the merchant's public URL is wrong or the backend is down.
    server = await startTestServer({ firstPollDelayMs: 100, maxPollDelayMs: 200 }, { publicBaseUrl: 'http://localhost:9' });
  });
  after(() => server.close());

  test('still ends paid through the reconciler', async () => {
    const { id, token } = await createCheckout(server);
    const events = readStatusEvents(server, token, (update) => update.status !== 'pending');
    await server.sandbox(`/checkouts/${id}/approve`);
    assert.equal((await events).at(-1)?.status, 'paid');
    const { providerReference, events: history_ } = await history(server, id);
    assert.equal(history_.at(-1)?.source, 'poll');
    const invoice = (await (await server.sandbox(`/mtn-momo/control/invoices/${providerReference}`, undefined, 'GET')).json()) as {
      callbacks: { attempts: { url: string; error?: string }[] };
    };
    assert.equal(invoice.callbacks.attempts.length, 1);
    assert.match(invoice.callbacks.attempts[0]!.url, /^http:\/\/localhost:9\/v1\/callbacks\/mtn-momo/);
    assert.ok(invoice.callbacks.attempts[0]!.error, 'the callback could not be delivered');
  });
});
