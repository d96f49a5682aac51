/**
 * The element's token past its `exp` (the checkout's expiry), over real HTTP: reads go on for the
 * settle window, while the backend may still settle the checkout (the payer's late approval, a
 * push's answer on its way); no push starts after the expiry; the event stream ends with the window.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiErrorBody, StatusUpdate } from '../../contract';
import { settleWindowMs } from '../../server-example/reconciler';
import { createCheckoutTokens } from '../../server-example/token';
import { createCheckout, readStatusEvents, startTestServer, type TestServer } from './helpers';

async function errorBody(response: Response) {
  const body = (await response.json()) as ApiErrorBody;
  assert.equal(typeof body.error.message, 'string');
  return body;
}

async function errorCode(response: Response) {
  return (await errorBody(response)).error.code;
}

const ELEMENT_READS = ['/v1/session', '/v1/session/status', '/v1/session/events'];

/** A token for the checkout as the backend signs it, with another `exp` (whole seconds, as in every JWT). */
function tokenFor(server: TestServer, checkoutId: string, expiresAtMs: number) {
  return createCheckoutTokens(server.config.tokenSecret, server.url).sign(checkoutId, new Date(expiresAtMs));
}

describe('a checkout token past its exp', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('within the settle window it reads the session, the status and the events, and sees a late approval', async () => {
    const { id } = await createCheckout(server);
    const late = await tokenFor(server, id, Date.now() - 5_000);
    assert.equal((await server.element('/v1/session', late)).status, 200);
    const status = await server.element('/v1/session/status', late);
    assert.equal(status.status, 200);
    assert.equal(((await status.json()) as { status: string }).status, 'pending');
    const events = readStatusEvents(server, late, (update) => update.status !== 'pending');
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    assert.deepEqual(
      (await events).map((update) => update.status),
      ['pending', 'paid'],
    );
  });

  /** A token whose settle window is over: the backend's word on the checkout is in. */
  const pastTheWindow = (checkoutId: string) => tokenFor(server, checkoutId, Date.now() - settleWindowMs(server.config.reconcile) - 2_000);

  test('past the settle window every read is 401 TOKEN_EXPIRED; a checkout not final yet tells no status', async () => {
    const { id } = await createCheckout(server);
    const window = settleWindowMs(server.config.reconcile);
    assert.ok(window >= server.config.reconcile.expiryGraceMs + server.config.reconcile.payInFlightMs);
    const over = await pastTheWindow(id);
    for (const path of ELEMENT_READS) {
      const response = await server.element(path, over);
      assert.equal(response.status, 401, path);
      const body = await errorBody(response);
      assert.equal(body.error.code, 'TOKEN_EXPIRED', path);
      assert.deepEqual(Object.keys(body), ['error'], `${path}: no status while the checkout is open`);
    }
  });

  test("past the settle window, a final checkout's 401 TOKEN_EXPIRED carries its final status, and nothing else", async () => {
    const { id, token } = await createCheckout(server);
    const settled = readStatusEvents(server, token, (update) => update.status === 'paid');
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    const paid = (await settled).at(-1)!;
    const current = (await (await server.element('/v1/session/status', token)).json()) as StatusUpdate;
    assert.equal(paid.status, 'paid');
    const over = await pastTheWindow(id);
    for (const path of ELEMENT_READS) {
      const response = await server.element(path, over);
      assert.equal(response.status, 401, path);
      assert.equal(response.headers.get('cache-control'), 'no-store', path);
      const body = await errorBody(response);
      assert.equal(body.error.code, 'TOKEN_EXPIRED', path);
      // The status update only: no instructions, no amount, no payer or provider details.
      assert.deepEqual(Object.keys(body).sort(), ['error', 'status'], path);
      assert.deepEqual(body.status, current, path);
    }
  });

  test('a forged or foreign token past its exp learns nothing of a final checkout', async () => {
    const { id, token } = await createCheckout(server);
    const settled = readStatusEvents(server, token, (update) => update.status === 'paid');
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    await settled;
    const exp = new Date(Date.now() - settleWindowMs(server.config.reconcile) - 2_000);
    const forged = await createCheckoutTokens('not-the-backend-secret', server.url).sign(id, exp);
    const foreign = await createCheckoutTokens(server.config.tokenSecret, 'https://another.example').sign(id, exp);
    const [header, , signature] = (await pastTheWindow(id)).split('.');
    const otherAudience = Buffer.from(JSON.stringify({ sub: id, iss: server.url, aud: 'someone-else', exp: Math.floor(exp.getTime() / 1_000) })).toString('base64url');
    const tampered = `${header}.${otherAudience}.${signature}`; // a claim changed under the backend's signature
    for (const [name, bad] of Object.entries({ forged, foreign, tampered })) {
      for (const path of ELEMENT_READS) {
        const response = await server.element(path, bad);
        assert.equal(response.status, 401, `${name} ${path}`);
        const body = await errorBody(response);
        assert.equal(body.error.code, 'TOKEN_INVALID', `${name} ${path}`);
        assert.deepEqual(Object.keys(body), ['error'], `${name} ${path}`);
      }
    }
  });

  test('no push starts after the expiry: /pay is 401 TOKEN_EXPIRED, and nothing reaches the provider', async () => {
    const { id, token } = await createCheckout(server, { method: 'request-to-pay', amount: '25000' });
    const late = await tokenFor(server, id, Date.now() - 1_000);
    const pay = (bearer: string) =>
      fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ phone: '256772123456' }),
      });
    const refused = await pay(late);
    assert.equal(refused.status, 401);
    assert.equal(await errorCode(refused), 'TOKEN_EXPIRED');
    const view = (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as { providerReference?: string; events: { source: string }[] };
    assert.equal(view.providerReference, undefined);
    assert.deepEqual(
      view.events.map((event) => event.source),
      ['create'],
    );
    // The same request with the token still in date is taken.
    assert.equal((await pay(token)).status, 202);
  });
});

describe('the event stream and the settle window', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ expiryGraceMs: 0, payInFlightMs: 1_000, firstPollDelayMs: 1_000, maxPollDelayMs: 1_000, intervalMs: 50 });
  });
  after(() => server.close());

  test('ends when the window does, with no final status; the next read is refused', { timeout: 15_000 }, async () => {
    const { id } = await createCheckout(server);
    const exp = Math.floor(Date.now() / 1_000) * 1_000 + 1_000;
    const closesAt = exp + settleWindowMs(server.config.reconcile);
    const token = await tokenFor(server, id, exp);
    const updates = await readStatusEvents(server, token, () => false); // until the server ends it
    assert.ok(Date.now() >= closesAt, `ended ${closesAt - Date.now()} ms early`);
    assert.deepEqual(
      updates.map((update) => update.status),
      ['pending'],
    );
    const next = await server.element('/v1/session/status', token);
    assert.equal(next.status, 401);
    assert.equal(await errorCode(next), 'TOKEN_EXPIRED');
  });
});
