/**
 * The MTN MoMo sandbox over real HTTP: served with @hono/node-server on a free port,
 * callbacks received by a real local HTTP server.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createMtnMomoSandbox, type MtnSandboxOptions } from '../../server-example/sandboxes/mtn-momo';

const KEY = 'momo-sandbox-subscription-key';
const CALLBACK_HOST = '127.0.0.1';
const START_MS = Date.parse('2026-03-01T10:00:00Z');
// A broken callback path fails the test instead of hanging it.
const CALLBACK_WAIT_MS = 5_000;

// ── harness ──────────────────────────────────────────────────────────────

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  body: unknown;
}

/** A real HTTP server that records callbacks; `waitFor(n)` resolves once n have arrived. */
async function startReceiver(t: TestContext) {
  const received: Received[] = [];
  const waiters: Array<{ count: number; resolve: (all: Received[]) => void }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: text ? (JSON.parse(text) as unknown) : undefined,
      });
      res.writeHead(200).end();
      for (const waiter of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve([...received]);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, CALLBACK_HOST, resolve));
  t.after(() => closeServer(server));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${CALLBACK_HOST}:${port}/momo/callback`,
    received,
    waitFor(count: number): Promise<Received[]> {
      if (received.length >= count) return Promise.resolve([...received]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} callbacks, got ${received.length}`)), CALLBACK_WAIT_MS);
        waiters.push({
          count,
          resolve: (all) => {
            clearTimeout(timer);
            resolve(all);
          },
        });
      });
    },
  };
}

/**
 * A sandbox on a free port, with a clock the test moves by hand. With `prefix` it is mounted
 * inside a parent app the way the backend does (`app.route(prefix, sandbox)`).
 */
async function startSandbox(t: TestContext, options: MtnSandboxOptions & { prefix?: string } = {}) {
  const clock = { ms: START_MS };
  const { prefix, ...sandboxOptions } = options;
  let app: Hono = createMtnMomoSandbox({ now: () => clock.ms, ...sandboxOptions });
  if (prefix) {
    const parent = new Hono();
    parent.get('/health', (c) => c.text('ok'));
    parent.route(prefix, app);
    app = parent;
  }
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  t.after(() => closeServer(server));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const base = origin + (prefix ?? '');

  const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => fetch(base + path, { ...init, headers: { 'Ocp-Apim-Subscription-Key': KEY, ...init.headers } });
  // biome-ignore lint/suspicious/noExplicitAny: the sandbox's JSON answers, read field by field and each field asserted
  const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, any> });
  const control = (path: string, method = 'POST', body?: unknown) =>
    fetch(`${base}/control${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    }).then(json);

  async function provision(providerCallbackHost = CALLBACK_HOST) {
    const apiUser = randomUUID();
    const created = await call('/v1_0/apiuser', {
      method: 'POST',
      headers: { 'X-Reference-Id': apiUser, 'Content-Type': 'application/json' },
      body: JSON.stringify({ providerCallbackHost }),
    });
    assert.equal(created.status, 201);
    const { body } = await json(await call(`/v1_0/apiuser/${apiUser}/apikey`, { method: 'POST' }));
    return { apiUser, apiKey: body.apiKey as string };
  }

  const basic = (user: string, key: string) => `Basic ${Buffer.from(`${user}:${key}`).toString('base64')}`;

  async function token(apiUser: string, apiKey: string) {
    const response = await call('/collection/token/', { method: 'POST', headers: { Authorization: basic(apiUser, apiKey) } });
    assert.equal(response.status, 200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  /** Provisioned API user + bearer token. */
  async function session(providerCallbackHost = CALLBACK_HOST) {
    const { apiUser, apiKey } = await provision(providerCallbackHost);
    return { apiUser, apiKey, accessToken: await token(apiUser, apiKey) };
  }

  const invoiceBody = (overrides: Record<string, unknown> = {}) => ({
    externalId: 'order-42',
    amount: '15.50',
    currency: 'EUR',
    validityDuration: '600',
    intendedPayer: { partyIdType: 'MSISDN', partyId: '46733123454' },
    payee: { partyIdType: 'MSISDN', partyId: '46733123452' },
    description: 'Two coffees',
    ...overrides,
  });

  function createInvoice(accessToken: string, opts: { referenceId?: string; callbackUrl?: string; environment?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const referenceId = opts.referenceId ?? randomUUID();
    const response = call('/collection/v2_0/invoice', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${accessToken}`,
        'X-Reference-Id': referenceId,
        'X-Target-Environment': opts.environment ?? 'sandbox',
        'Content-Type': 'application/json',
        ...(opts.callbackUrl ? { 'X-Callback-Url': opts.callbackUrl } : {}),
        ...opts.headers,
      },
      body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body ?? invoiceBody()),
    });
    return { referenceId, response };
  }

  const getInvoice = (accessToken: string, referenceId: string, environment = 'sandbox') =>
    call(`/collection/v2_0/invoice/${referenceId}`, {
      headers: { Authorization: `Bearer ${accessToken}`, 'X-Target-Environment': environment },
    }).then(json);

  const cancelInvoice = (accessToken: string, referenceId: string, headers: Record<string, string> = {}) =>
    call(`/collection/v2_0/invoice/${referenceId}`, {
      method: 'DELETE',
      headers: {
        Authorization: `Bearer ${accessToken}`,
        'X-Reference-Id': randomUUID(),
        'X-Target-Environment': 'sandbox',
        'Content-Type': 'application/json',
        ...headers,
      },
      body: JSON.stringify({ externalId: 'order-42' }),
    });

  return {
    origin,
    base,
    clock,
    call,
    json,
    control,
    provision,
    basic,
    token,
    session,
    invoiceBody,
    createInvoice,
    getInvoice,
    cancelInvoice,
  };
}

const DUPLICATE = { code: 'RESOURCE_ALREADY_EXIST', message: 'Duplicated reference id. Creation of resource failed.' };
const NOT_FOUND = { code: 'RESOURCE_NOT_FOUND', message: 'Requested resource was not found.' };

// ── happy path ───────────────────────────────────────────────────────────

test('provision → api key → token → invoice CREATED → approve → SUCCESSFUL with one PUT callback', async (t) => {
  const sb = await startSandbox(t);
  const receiver = await startReceiver(t);

  const apiUser = randomUUID();
  const userRequest = {
    method: 'POST',
    headers: { 'X-Reference-Id': apiUser, 'Content-Type': 'application/json' },
    body: JSON.stringify({ providerCallbackHost: CALLBACK_HOST }),
  };
  const created = await sb.call('/v1_0/apiuser', userRequest);
  assert.equal(created.status, 201);
  assert.equal(await created.text(), '');
  assert.deepEqual(await sb.json(await sb.call('/v1_0/apiuser', userRequest)), { status: 409, body: DUPLICATE });
  assert.deepEqual(await sb.json(await sb.call(`/v1_0/apiuser/${apiUser}`)), {
    status: 200,
    body: { providerCallbackHost: CALLBACK_HOST, targetEnvironment: 'sandbox' },
  });

  const keyed = await sb.json(await sb.call(`/v1_0/apiuser/${apiUser}/apikey`, { method: 'POST' }));
  assert.equal(keyed.status, 201);
  assert.match(keyed.body.apiKey, /^[0-9a-f]{32}$/);

  // No body (mtn-momo npm) and a form body (MTN's JS SDK) are both accepted.
  const noBody = await sb.json(await sb.call('/collection/token/', { method: 'POST', headers: { Authorization: sb.basic(apiUser, keyed.body.apiKey) } }));
  assert.equal(noBody.status, 200);
  assert.equal(noBody.body.token_type, 'access_token');
  assert.equal(noBody.body.expires_in, 3600);
  assert.equal(typeof noBody.body.access_token, 'string');
  const form = await sb.json(
    await sb.call('/collection/token/', {
      method: 'POST',
      headers: {
        Authorization: sb.basic(apiUser, keyed.body.apiKey),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    }),
  );
  assert.equal(form.status, 200);
  assert.notEqual(form.body.access_token, noBody.body.access_token);

  const { referenceId, response } = sb.createInvoice(form.body.access_token, { callbackUrl: receiver.url });
  const accepted = await response;
  assert.equal(accepted.status, 202);
  assert.equal(await accepted.text(), '');

  const pending = await sb.getInvoice(noBody.body.access_token, referenceId);
  assert.equal(pending.status, 200);
  assert.equal(pending.body.status, 'CREATED');
  assert.equal(pending.body.referenceId, referenceId);
  assert.equal(pending.body.externalId, 'order-42');
  assert.equal(pending.body.amount, '15.50');
  assert.equal(pending.body.currency, 'EUR');
  assert.match(pending.body.paymentReference, /^\d{4,10}$/);
  assert.equal(pending.body.expiryDateTime, '2026-03-01T10:10:00Z');
  assert.deepEqual(pending.body.intendedPayer, { partyIdType: 'MSISDN', partyId: '46733123454' });
  assert.equal(pending.body.description, 'Two coffees');
  assert.equal('errorReason' in pending.body, false);

  const approved = await sb.control(`/invoices/${referenceId}/approve`);
  assert.equal(approved.status, 200);
  assert.equal(approved.body.status, 'SUCCESSFUL');

  const [callback] = await receiver.waitFor(1);
  const paid = await sb.getInvoice(noBody.body.access_token, referenceId);
  assert.equal(paid.body.status, 'SUCCESSFUL');
  assert.equal(paid.body.paymentReference, pending.body.paymentReference);
  assert.equal(callback?.method, 'PUT');
  assert.equal(callback?.path, '/momo/callback');
  assert.match(callback?.contentType ?? '', /^application\/json/);
  assert.deepEqual(callback?.body, paid.body);

  // A final invoice does not move, and MTN sends a callback once.
  const again = await sb.control(`/invoices/${referenceId}/decline`);
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'INVOICE_FINAL');
  const record = await sb.control(`/invoices/${referenceId}`, 'GET');
  assert.equal(record.body.status, 'SUCCESSFUL');
  assert.equal(record.body.callbacks.sent, 1);
  assert.equal(receiver.received.length, 1);
});

test('mounted under /sandbox/mtn-momo in a parent app, it behaves the same', async (t) => {
  const sb = await startSandbox(t, { prefix: '/sandbox/mtn-momo' });
  const receiver = await startReceiver(t);
  const { accessToken } = await sb.session();
  const { referenceId, response } = sb.createInvoice(accessToken, { callbackUrl: receiver.url });
  assert.equal((await response).status, 202);
  assert.equal((await sb.getInvoice(accessToken, referenceId)).body.status, 'CREATED');
  assert.equal((await sb.control(`/invoices/${referenceId}/approve`)).status, 200);
  assert.equal(((await receiver.waitFor(1))[0]!.body as { status: string }).status, 'SUCCESSFUL');
  assert.equal((await sb.json(await sb.call('/collection/token/', { method: 'POST', headers: { 'Ocp-Apim-Subscription-Key': 'x' } }))).status, 401);
  assert.equal((await sb.call('/nope')).status, 404);
  // Routes of the parent app outside the prefix are untouched.
  assert.equal(await (await fetch(`${sb.origin}/health`)).text(), 'ok');
});

test('payment references are unique per invoice', async (t) => {
  const sb = await startSandbox(t);
  const { accessToken } = await sb.session();
  const references = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const { referenceId, response } = sb.createInvoice(accessToken);
    assert.equal((await response).status, 202);
    references.add((await sb.getInvoice(accessToken, referenceId)).body.paymentReference);
  }
  assert.equal(references.size, 20);
});

// ── payer outcomes ───────────────────────────────────────────────────────

test('decline with a reason from the MTN enum, default APPROVAL_REJECTED, unknown reason 400', async (t) => {
  const sb = await startSandbox(t);
  const receiver = await startReceiver(t);
  const { accessToken } = await sb.session();

  const first = sb.createInvoice(accessToken, { callbackUrl: receiver.url });
  assert.equal((await first.response).status, 202);
  assert.equal((await sb.control(`/invoices/${first.referenceId}/decline`, 'POST', { reason: 'BOGUS' })).status, 400);
  const declined = await sb.control(`/invoices/${first.referenceId}/decline`, 'POST', { reason: 'NOT_ENOUGH_FUNDS' });
  assert.equal(declined.status, 200);
  const [callback] = await receiver.waitFor(1);
  const failed = await sb.getInvoice(accessToken, first.referenceId);
  assert.equal(failed.body.status, 'FAILED');
  assert.equal(failed.body.errorReason.code, 'NOT_ENOUGH_FUNDS');
  assert.equal(typeof failed.body.errorReason.message, 'string');
  assert.deepEqual(callback?.body, failed.body);

  const second = sb.createInvoice(accessToken);
  assert.equal((await second.response).status, 202);
  await sb.control(`/invoices/${second.referenceId}/decline`);
  assert.equal((await sb.getInvoice(accessToken, second.referenceId)).body.errorReason.code, 'APPROVAL_REJECTED');
});

test('an unpaid invoice expires after validityDuration by the injected clock, with a callback', async (t) => {
  const sb = await startSandbox(t);
  const receiver = await startReceiver(t);
  const { accessToken } = await sb.session();
  const { referenceId, response } = sb.createInvoice(accessToken, {
    callbackUrl: receiver.url,
    body: sb.invoiceBody({ validityDuration: '60' }),
  });
  assert.equal((await response).status, 202);
  assert.equal((await sb.getInvoice(accessToken, referenceId)).body.expiryDateTime, '2026-03-01T10:01:00Z');

  sb.clock.ms += 59_999;
  assert.equal((await sb.getInvoice(accessToken, referenceId)).body.status, 'CREATED');
  sb.clock.ms += 1;
  const expired = await sb.getInvoice(accessToken, referenceId);
  assert.equal(expired.body.status, 'FAILED');
  assert.deepEqual(expired.body.errorReason.code, 'EXPIRED');
  const [callback] = await receiver.waitFor(1);
  assert.deepEqual(callback?.body, expired.body);
  assert.equal((await sb.control(`/invoices/${referenceId}/approve`)).status, 409);
});

test('expiry fires proactively (real clock): the callback arrives without anyone polling', async (t) => {
  const sb = await startSandbox(t, { now: Date.now });
  const receiver = await startReceiver(t);
  const { accessToken } = await sb.session();
  const { referenceId, response } = sb.createInvoice(accessToken, {
    callbackUrl: receiver.url,
    body: sb.invoiceBody({ validityDuration: '1' }),
  });
  assert.equal((await response).status, 202);
  const [callback] = await receiver.waitFor(1);
  assert.equal((callback!.body as { referenceId: string }).referenceId, referenceId);
  assert.equal((callback!.body as { status: string }).status, 'FAILED');
  assert.equal((callback!.body as { errorReason: { code: string } }).errorReason.code, 'EXPIRED');
});

test('/control/expire fails the invoice with EXPIRED now', async (t) => {
  const sb = await startSandbox(t);
  const { accessToken } = await sb.session();
  const { referenceId, response } = sb.createInvoice(accessToken);
  assert.equal((await response).status, 202);
  assert.equal((await sb.control(`/invoices/${referenceId}/expire`)).status, 200);
  const expired = await sb.getInvoice(accessToken, referenceId);
  assert.equal(expired.body.status, 'FAILED');
  assert.equal(expired.body.errorReason.code, 'EXPIRED');
  assert.equal((await sb.control(`/invoices/${randomUUID()}/expire`)).status, 404);
});

test('cancel: DELETE → 200, FAILED "TRANSACTION_CANCELED.", callback; cancelling again → 409', async (t) => {
  const sb = await startSandbox(t);
  const receiver = await startReceiver(t);
  const { accessToken } = await sb.session();
  const { referenceId, response } = sb.createInvoice(accessToken, { callbackUrl: receiver.url });
  assert.equal((await response).status, 202);

  const noRef = await sb.cancelInvoice(accessToken, referenceId, { 'X-Reference-Id': 'not-a-uuid' });
  assert.equal(noRef.status, 400);
  const cancelled = await sb.cancelInvoice(accessToken, referenceId);
  assert.equal(cancelled.status, 200);
  assert.equal(await cancelled.text(), '');

  const [callback] = await receiver.waitFor(1);
  const failed = await sb.getInvoice(accessToken, referenceId);
  assert.equal(failed.body.status, 'FAILED');
  assert.equal(failed.body.errorReason.code, 'TRANSACTION_CANCELED.');
  assert.deepEqual(callback?.body, failed.body);

  const twice = await sb.json(await sb.cancelInvoice(accessToken, referenceId));
  assert.equal(twice.status, 409);
  assert.equal(twice.body.code, 'NOT_ALLOWED');
  assert.deepEqual(await sb.json(await sb.cancelInvoice(accessToken, randomUUID())), { status: 404, body: NOT_FOUND });
});

// ── authentication ───────────────────────────────────────────────────────

test('401 for a wrong or missing subscription key, on provisioning and collection calls', async (t) => {
  const sb = await startSandbox(t, { subscriptionKeys: [KEY, 'second-key'] });
  const wrong = await sb.json(await sb.call('/collection/token/', { method: 'POST', headers: { 'Ocp-Apim-Subscription-Key': 'nope' } }));
  assert.deepEqual(wrong, {
    status: 401,
    body: {
      statusCode: 401,
      message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
    },
  });
  const missing = await fetch(`${sb.base}/v1_0/apiuser/${randomUUID()}`);
  assert.equal(missing.status, 401);
  assert.match(((await missing.json()) as { message: string }).message, /missing subscription key/);
  // Any configured key works.
  const second = await sb.call(`/v1_0/apiuser/${randomUUID()}`, { headers: { 'Ocp-Apim-Subscription-Key': 'second-key' } });
  assert.equal(second.status, 404);
});

test('401 login_failed for bad basic credentials', async (t) => {
  const sb = await startSandbox(t);
  const { apiUser, apiKey } = await sb.provision();
  for (const authorization of [sb.basic(apiUser, 'f'.repeat(32)), sb.basic(randomUUID(), apiKey), 'Basic %%%', 'Bearer x', '']) {
    const answer = await sb.json(await sb.call('/collection/token/', { method: 'POST', headers: authorization ? { Authorization: authorization } : {} }));
    assert.deepEqual(answer, { status: 401, body: { error: 'login_failed' } }, authorization);
  }
  // A new API key replaces the old one.
  const { body } = await sb.json(await sb.call(`/v1_0/apiuser/${apiUser}/apikey`, { method: 'POST' }));
  assert.notEqual(body.apiKey, apiKey);
  assert.equal((await sb.call('/collection/token/', { method: 'POST', headers: { Authorization: sb.basic(apiUser, apiKey) } })).status, 401);
  assert.equal((await sb.call('/collection/token', { method: 'POST', headers: { Authorization: sb.basic(apiUser, body.apiKey) } })).status, 200);
});

test('401 for a missing, unknown or expired bearer token', async (t) => {
  const sb = await startSandbox(t);
  const { accessToken } = await sb.session();
  const { referenceId, response } = sb.createInvoice(accessToken);
  assert.equal((await response).status, 202);

  const missing = await sb.json(await sb.call(`/collection/v2_0/invoice/${referenceId}`, { headers: { 'X-Target-Environment': 'sandbox' } }));
  assert.equal(missing.status, 401);
  assert.match(missing.body.message, /missing access token/);
  const unknown = await sb.getInvoice('not-a-token', referenceId);
  assert.equal(unknown.status, 401);
  assert.match(unknown.body.message, /invalid access token/);

  sb.clock.ms += 3_599_000;
  assert.equal((await sb.getInvoice(accessToken, referenceId)).status, 200);
  sb.clock.ms += 1_000;
  const expired = await sb.getInvoice(accessToken, referenceId);
  assert.equal(expired.status, 401);
  assert.match(expired.body.message, /expired access token/);
});

// ── request validation ───────────────────────────────────────────────────

test('400 for an invalid X-Reference-Id, 409 for a duplicate, 404 for an unknown invoice', async (t) => {
  const sb = await startSandbox(t);
  const { accessToken } = await sb.session();

  for (const bad of ['123', `${randomUUID()}x`, '6f1c6b1e-8d3a-1b2c-9d4e-5f6a7b8c9d0e' /* version 1 */]) {
    const { response } = sb.createInvoice(accessToken, { referenceId: bad });
    const answer = await sb.json(await response);
    assert.equal(answer.status, 400, bad);
    assert.equal(answer.body.code, 'BAD_REQUEST');
    assert.match(answer.body.message, /X-Reference-Id/);
  }
  const noHeader = await sb.call('/collection/v2_0/invoice', {
    method: 'POST',
    headers: { Authorization: `Bearer ${accessToken}`, 'X-Target-Environment': 'sandbox' },
    body: JSON.stringify(sb.invoiceBody()),
  });
  assert.equal(noHeader.status, 400);

  const referenceId = randomUUID();
  assert.equal((await sb.createInvoice(accessToken, { referenceId }).response).status, 202);
  assert.deepEqual(await sb.json(await sb.createInvoice(accessToken, { referenceId }).response), { status: 409, body: DUPLICATE });
  assert.deepEqual(await sb.getInvoice(accessToken, randomUUID()), { status: 404, body: NOT_FOUND });
  assert.deepEqual(await sb.getInvoice(accessToken, 'garbage'), { status: 404, body: NOT_FOUND });
});

test('malformed bodies get 400 with a message naming the field', async (t) => {
  const sb = await startSandbox(t);
  const { accessToken } = await sb.session();
  const cases: Array<[unknown, RegExp]> = [
    ['{not json', /JSON/],
    ['', /body/],
    [[1, 2], /body/],
    [sb.invoiceBody({ amount: 15.5 }), /amount/],
    [sb.invoiceBody({ amount: '0.00' }), /amount/],
    [sb.invoiceBody({ amount: '-5' }), /amount/],
    [sb.invoiceBody({ amount: '1.234' }), /amount.*EUR/],
    [sb.invoiceBody({ validityDuration: 600 }), /validityDuration/],
    [sb.invoiceBody({ validityDuration: '0' }), /validityDuration/],
    [sb.invoiceBody({ externalId: undefined }), /externalId/],
    [sb.invoiceBody({ intendedPayer: { partyIdType: 'PHONE', partyId: '1' } }), /intendedPayer/],
    [sb.invoiceBody({ payee: undefined }), /payee/],
  ];
  for (const [body, message] of cases) {
    const answer = await sb.json(await sb.createInvoice(accessToken, { body }).response);
    assert.equal(answer.status, 400, JSON.stringify(body));
    assert.equal(answer.body.code, 'BAD_REQUEST');
    assert.match(answer.body.message, message);
  }
});

test('currency must match the target environment; unknown environment is NOT_ALLOWED_TARGET_ENVIRONMENT', async (t) => {
  const sb = await startSandbox(t);
  const { accessToken } = await sb.session();

  const usd = await sb.json(await sb.createInvoice(accessToken, { body: sb.invoiceBody({ currency: 'USD' }) }).response);
  assert.deepEqual(usd, { status: 500, body: { code: 'INVALID_CURRENCY', message: 'Currency not supported.' } });

  // "As MTN Uganda": UGX has no minor units.
  const ugx = sb.createInvoice(accessToken, { environment: 'mtnuganda', body: sb.invoiceBody({ currency: 'UGX', amount: '5000' }) });
  assert.equal((await ugx.response).status, 202);
  const ugandan = await sb.getInvoice(accessToken, ugx.referenceId, 'mtnuganda');
  assert.equal(ugandan.body.currency, 'UGX');
  // Invoices are scoped to the environment that created them.
  assert.equal((await sb.getInvoice(accessToken, ugx.referenceId, 'sandbox')).status, 404);
  const decimals = await sb.json(await sb.createInvoice(accessToken, { environment: 'mtnuganda', body: sb.invoiceBody({ currency: 'UGX', amount: '5000.5' }) }).response);
  assert.equal(decimals.status, 400);
  const eurInUganda = await sb.json(await sb.createInvoice(accessToken, { environment: 'mtnuganda' }).response);
  assert.equal(eurInUganda.body.code, 'INVALID_CURRENCY');

  const unknown = await sb.json(await sb.createInvoice(accessToken, { environment: 'mtnatlantis' }).response);
  assert.deepEqual(unknown, {
    status: 500,
    body: { code: 'NOT_ALLOWED_TARGET_ENVIRONMENT', message: 'Access to target environment is forbidden.' },
  });
});

test('X-Callback-Url host must equal the API user providerCallbackHost', async (t) => {
  const sb = await startSandbox(t);
  const { accessToken } = await sb.session('merchant.example');
  const other = await sb.json(await sb.createInvoice(accessToken, { callbackUrl: 'https://evil.example/cb' }).response);
  assert.equal(other.status, 500);
  assert.equal(other.body.code, 'INVALID_CALLBACK_URL_HOST');
  const notUrl = await sb.json(await sb.createInvoice(accessToken, { callbackUrl: 'merchant.example/cb' }).response);
  assert.equal(notUrl.status, 400);
  const same = await sb.createInvoice(accessToken, { callbackUrl: 'https://Merchant.example:8443/momo/cb' }).response;
  assert.equal(same.status, 202);
});

test('unknown operations get APIM 404; the sandbox never answers 500 to junk', async (t) => {
  const sb = await startSandbox(t);
  assert.deepEqual(await sb.json(await sb.call('/collection/v2_0/nothing')), {
    status: 404,
    body: { statusCode: 404, message: 'Resource not found' },
  });
  assert.equal((await sb.call('/v1_0/apiuser', { method: 'POST', body: '{"providerCallbackHost":', headers: { 'X-Reference-Id': randomUUID() } })).status, 400);
  assert.equal((await sb.call('/v1_0/apiuser', { method: 'POST', body: '{}', headers: { 'X-Reference-Id': randomUUID() } })).status, 400);
  assert.equal((await sb.call('/v1_0/apiuser', { method: 'POST', body: '{"providerCallbackHost":"a.b"}' })).status, 400);
  assert.deepEqual(await sb.json(await sb.call(`/v1_0/apiuser/${randomUUID()}/apikey`, { method: 'POST' })), { status: 404, body: NOT_FOUND });
  assert.equal((await sb.control('/faults', 'PUT', { callbacks: 'sometimes' })).status, 400);
  assert.equal((await sb.control(`/invoices/${randomUUID()}`, 'GET')).status, 404);
});

// ── faults ───────────────────────────────────────────────────────────────

test('fault drop: no callback is sent, the status is still readable', async (t) => {
  const sb = await startSandbox(t);
  const receiver = await startReceiver(t);
  const { accessToken } = await sb.session();
  assert.deepEqual((await sb.control('/faults', 'PUT', { callbacks: 'drop' })).body, { callbacks: 'drop', lateMs: 3000 });
  const { referenceId, response } = sb.createInvoice(accessToken, { callbackUrl: receiver.url });
  assert.equal((await response).status, 202);
  await sb.control(`/invoices/${referenceId}/approve`);

  assert.equal((await sb.getInvoice(accessToken, referenceId)).body.status, 'SUCCESSFUL');
  const record = await sb.control(`/invoices/${referenceId}`, 'GET');
  assert.equal(record.body.callbacks.dropped, 1);
  assert.equal(record.body.callbacks.sent, 0);
  assert.equal(receiver.received.length, 0);
});

test('fault duplicate: the same callback arrives twice', async (t) => {
  const sb = await startSandbox(t);
  const receiver = await startReceiver(t);
  const { accessToken } = await sb.session();
  await sb.control('/faults', 'PUT', { callbacks: 'duplicate' });
  const { referenceId, response } = sb.createInvoice(accessToken, { callbackUrl: receiver.url });
  assert.equal((await response).status, 202);
  await sb.control(`/invoices/${referenceId}/approve`);
  const [first, second] = await receiver.waitFor(2);
  assert.deepEqual(first?.body, second?.body);
  assert.equal((first!.body as { status: string }).status, 'SUCCESSFUL');
  assert.equal((await sb.control(`/invoices/${referenceId}`, 'GET')).body.callbacks.sent, 2);
});

test('fault late: the callback arrives after lateMs', async (t) => {
  const sb = await startSandbox(t);
  const receiver = await startReceiver(t);
  const { accessToken } = await sb.session();
  await sb.control('/faults', 'PUT', { callbacks: 'late', lateMs: 1_000 });
  const { referenceId, response } = sb.createInvoice(accessToken, { callbackUrl: receiver.url });
  assert.equal((await response).status, 202);
  const started = performance.now();
  await sb.control(`/invoices/${referenceId}/approve`);
  assert.equal(receiver.received.length, 0);
  await receiver.waitFor(1);
  assert.ok(performance.now() - started >= 990);
});

test('fault failNext: the next N collection calls answer 500/503 and do nothing', async (t) => {
  const sb = await startSandbox(t);
  const { apiUser, apiKey, accessToken } = await sb.session();

  await sb.control('/faults', 'PUT', { failNext: { status: 500, count: 2 } });
  const tokenCall = await sb.json(await sb.call('/collection/token/', { method: 'POST', headers: { Authorization: sb.basic(apiUser, apiKey) } }));
  assert.deepEqual(tokenCall, {
    status: 500,
    body: { code: 'INTERNAL_PROCESSING_ERROR', message: 'An internal error occurred while processing.' },
  });
  const referenceId = randomUUID();
  assert.equal((await sb.createInvoice(accessToken, { referenceId }).response).status, 500);
  // The failed create left nothing behind: the same reference id is accepted now.
  assert.equal((await sb.createInvoice(accessToken, { referenceId }).response).status, 202);
  assert.equal((await sb.control('/faults', 'GET')).body.failNext, undefined);

  await sb.control('/faults', 'PUT', { failNext: { status: 503, count: 1 } });
  const unavailable = await sb.getInvoice(accessToken, referenceId);
  assert.equal(unavailable.status, 503);
  assert.equal(unavailable.body.code, 'SERVICE_UNAVAILABLE');
  assert.equal((await sb.getInvoice(accessToken, referenceId)).status, 200);

  await sb.control('/faults', 'PUT', { failNext: { status: 500, count: 5 } });
  assert.deepEqual((await sb.control('/faults', 'DELETE')).body, { callbacks: 'deliver', lateMs: 3000 });
  assert.equal((await sb.getInvoice(accessToken, referenceId)).status, 200);
});

test('a callback target that fails is recorded, never retried, and does not hurt the sandbox', async (t) => {
  let attempts = 0;
  let failed!: () => void;
  const attempted = new Promise<void>((resolve) => (failed = resolve));
  const sb = await startSandbox(t, {
    fetch: async () => {
      attempts += 1;
      queueMicrotask(failed);
      throw new TypeError('fetch failed: ECONNREFUSED');
    },
  });
  const { accessToken } = await sb.session();
  const { referenceId, response } = sb.createInvoice(accessToken, { callbackUrl: `http://${CALLBACK_HOST}:9/down` });
  assert.equal((await response).status, 202);
  await sb.control(`/invoices/${referenceId}/approve`);
  await attempted;
  const record = await sb.control(`/invoices/${referenceId}`, 'GET');
  assert.equal(record.body.callbacks.sent, 1);
  assert.match(record.body.callbacks.attempts[0].error, /ECONNREFUSED/);
  assert.equal(attempts, 1);
  assert.equal((await sb.getInvoice(accessToken, referenceId)).body.status, 'SUCCESSFUL');
});

// ── pushes by target environment, and the balance ────────────────────────

/** A request-to-pay from `payer`, with a callback; resolves once MTN answered the POST. */
async function requestToPay(
  sb: Awaited<ReturnType<typeof startSandbox>>,
  accessToken: string,
  payer: string,
  opts: { environment?: string; amount?: string; currency?: string; callbackUrl?: string } = {},
) {
  const referenceId = randomUUID();
  const response = await sb.call('/collection/v1_0/requesttopay', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${accessToken}`,
      'X-Reference-Id': referenceId,
      'X-Target-Environment': opts.environment ?? 'sandbox',
      'Content-Type': 'application/json',
      ...(opts.callbackUrl ? { 'X-Callback-Url': opts.callbackUrl } : {}),
    },
    body: JSON.stringify({ amount: opts.amount ?? '12.50', currency: opts.currency ?? 'EUR', externalId: 'order-7', payer: { partyIdType: 'MSISDN', partyId: payer } }),
  });
  assert.equal(response.status, 202);
  const status = (environment = opts.environment ?? 'sandbox') =>
    sb.call(`/collection/v1_0/requesttopay/${referenceId}`, { headers: { Authorization: `Bearer ${accessToken}`, 'X-Target-Environment': environment } }).then(sb.json);
  return { referenceId, status };
}

const balance = (sb: Awaited<ReturnType<typeof startSandbox>>, headers: Record<string, string>) => sb.call('/collection/v1_0/account/balance', { headers }).then(sb.json);

test('target environment sandbox, as MTN’s: a number off the test list succeeds on its own, with its callback; the test numbers keep their outcomes', async (t) => {
  const sb = await startSandbox(t);
  const receiver = await startReceiver(t);
  const { accessToken } = await sb.session();

  const anyone = await requestToPay(sb, accessToken, '256772123456', { callbackUrl: receiver.url });
  const [callback] = await receiver.waitFor(1);
  const paid = await anyone.status();
  assert.equal(paid.body.status, 'SUCCESSFUL', 'nobody acted as the payer');
  assert.match(paid.body.financialTransactionId, /^\d{9}$/);
  assert.deepEqual(callback?.body, paid.body);
  // Already final: the payer's controls cannot move it.
  assert.equal((await sb.control(`/requesttopay/${anyone.referenceId}/decline`)).status, 409);

  const expected: Record<string, string> = { '46733123450': 'FAILED', '46733123451': 'FAILED', '46733123452': 'FAILED', '46733123453': 'PENDING', '46733123454': 'PENDING' };
  for (const [number, status] of Object.entries(expected)) {
    assert.equal((await (await requestToPay(sb, accessToken, number)).status()).body.status, status, number);
  }
});

test('other target environments (the demo’s mtnuganda) keep waiting for the payer', async (t) => {
  const sb = await startSandbox(t);
  const { accessToken } = await sb.session();
  const push = await requestToPay(sb, accessToken, '256772123456', { environment: 'mtnuganda', amount: '5000', currency: 'UGX' });
  assert.equal((await push.status()).body.status, 'PENDING');
  sb.clock.ms += 60_000;
  assert.equal((await push.status()).body.status, 'PENDING');
  assert.equal((await sb.control(`/requesttopay/${push.referenceId}/approve`)).status, 200);
  assert.equal((await push.status()).body.status, 'SUCCESSFUL');
});

test('GET /collection/v1_0/account/balance: {availableBalance, currency}, what the API user collected in that environment', async (t) => {
  const sb = await startSandbox(t);
  const { accessToken } = await sb.session();
  const headers = (environment: string) => ({ Authorization: `Bearer ${accessToken}`, 'X-Target-Environment': environment });
  assert.deepEqual(await balance(sb, headers('sandbox')), { status: 200, body: { availableBalance: '0.00', currency: 'EUR' } });

  await requestToPay(sb, accessToken, '46733123459', { amount: '12.50' });
  await requestToPay(sb, accessToken, '46733123451', { amount: '99' }); // rejected: not collected
  const { referenceId } = sb.createInvoice(accessToken, { body: sb.invoiceBody({ amount: '0.75' }) });
  await sb.control(`/invoices/${referenceId}/approve`);
  assert.deepEqual(await balance(sb, headers('sandbox')), { status: 200, body: { availableBalance: '13.25', currency: 'EUR' } });

  // Another environment has its own account and currency; another API user sees none of this one's.
  const uganda = await requestToPay(sb, accessToken, '256772123456', { environment: 'mtnuganda', amount: '5000', currency: 'UGX' });
  await sb.control(`/requesttopay/${uganda.referenceId}/approve`);
  assert.deepEqual((await balance(sb, headers('mtnuganda'))).body, { availableBalance: '5000', currency: 'UGX' });
  const other = await sb.session();
  assert.deepEqual((await balance(sb, { Authorization: `Bearer ${other.accessToken}`, 'X-Target-Environment': 'sandbox' })).body, { availableBalance: '0.00', currency: 'EUR' });

  // Auth like the other collection calls.
  assert.equal((await balance(sb, { 'X-Target-Environment': 'sandbox' })).status, 401);
  assert.deepEqual((await balance(sb, headers('mtnkenya'))).body.code, 'NOT_ALLOWED_TARGET_ENVIRONMENT');
  const noKey = await fetch(`${sb.base}/collection/v1_0/account/balance`, { headers: headers('sandbox') });
  assert.equal(noKey.status, 401);
});

test('without its control API (control: false) the sandbox serves MTN’s API alone', async (t) => {
  const sb = await startSandbox(t, { control: false });
  const { accessToken } = await sb.session();
  assert.equal((await (await requestToPay(sb, accessToken, '46733123459')).status()).body.status, 'SUCCESSFUL');
  assert.equal((await sb.control('/invoices', 'GET')).status, 404);
  assert.equal((await sb.control('/faults', 'GET')).status, 404);
});
