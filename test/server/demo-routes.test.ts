/**
 * What the demo exposes: `/demo/*` exists only with the demo on (DEMO), and answers the demo
 * page on the backend's own origin only: no CORS header for any other origin, and a browser's
 * request from another site is refused before it creates anything.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from './helpers';

const INVOICE = { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: 'INV-DEMO-1', description: 'Term 1 school fees' };

describe('with DEMO=off (outside production)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({}, {}, { DEMO: 'off' });
  });
  after(() => server.close());

  test('the demo routes do not exist', async () => {
    const base = `http://127.0.0.1:${server.config.port}`;
    assert.equal(server.config.demo, false);
    const created = await fetch(`${base}/demo/checkouts`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(INVOICE) });
    assert.equal(created.status, 404);
    assert.equal(created.headers.get('access-control-allow-origin'), null);
    assert.equal((await fetch(`${base}/demo/providers`)).status, 404);
    assert.equal((await fetch(`${base}/demo/webhooks`)).status, 404);
    assert.equal((await server.merchant('/v1/checkouts')).status, 200, 'the merchant API is there, with its key');
  });
});

describe('with the demo on', () => {
  let server: TestServer;
  let base: string;
  before(async () => {
    server = await startTestServer();
    base = `http://127.0.0.1:${server.config.port}`;
  });
  after(() => server.close());

  const create = (headers: Record<string, string>, contentType = 'application/json') =>
    fetch(`${base}/demo/checkouts`, {
      method: 'POST',
      headers: { 'Content-Type': contentType, ...headers },
      body: JSON.stringify({ ...INVOICE, reference: `INV-${crypto.randomUUID().slice(0, 8)}` }),
    });
  const checkoutCount = async () => ((await (await server.merchant('/v1/checkouts')).json()) as { data: unknown[] }).data.length;

  test("the demo page's own origin creates a checkout, and is sent no CORS header (it needs none)", async () => {
    const response = await create({ Origin: base, 'Sec-Fetch-Site': 'same-origin' });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  test('a preflight from another origin is refused, allowing nothing', async () => {
    const response = await fetch(`${base}/demo/checkouts`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,idempotency-key' },
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('access-control-allow-methods'), null);
  });

  test("another site's page creates nothing: neither a fetch nor a form post (which needs no preflight)", async () => {
    const before = await checkoutCount();
    for (const [headers, contentType] of [
      [{ Origin: 'https://evil.example' }, 'application/json'],
      [{ Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, 'text/plain'],
      [{ Origin: 'null' }, 'text/plain'],
      [{ 'Sec-Fetch-Site': 'cross-site' }, 'application/x-www-form-urlencoded'],
      [{ Origin: `http://localhost:${server.config.port}`, 'Sec-Fetch-Site': 'same-site' }, 'text/plain'],
    ] as const) {
      const response = await create(headers, contentType);
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'CROSS_ORIGIN_REFUSED');
    }
    assert.equal(await checkoutCount(), before, 'no checkout was created');
  });

  test("the demo's other routes answer other origins no more", async () => {
    const listed = await fetch(`${base}/demo/webhooks`, { headers: { Origin: 'https://evil.example' } });
    assert.equal(listed.status, 403);
    assert.equal(listed.headers.get('access-control-allow-origin'), null);
    const providers = await fetch(`${base}/demo/providers`, { headers: { Origin: 'https://evil.example' } });
    assert.equal(providers.status, 403);
    assert.equal((await fetch(`${base}/demo/providers`, { headers: { Origin: base } })).status, 200);
  });
});

describe('with DEMO_ORIGINS', () => {
  let server: TestServer;
  let base: string;
  const page = 'http://localhost:5173';
  before(async () => {
    server = await startTestServer({}, {}, { DEMO_ORIGINS: `${page}, https://shop.example` });
    base = `http://127.0.0.1:${server.config.port}`;
  });
  after(() => server.close());

  test('a listed origin gets its preflight and CORS headers naming it, on the demo and sandbox payer routes', async () => {
    const preflight = await fetch(`${base}/demo/checkouts`, {
      method: 'OPTIONS',
      headers: { Origin: page, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), page);
    const created = await fetch(`${base}/demo/checkouts`, {
      method: 'POST',
      headers: { Origin: page, 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/json' },
      body: JSON.stringify(INVOICE),
    });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('access-control-allow-origin'), page);
    const { id } = (await created.json()) as { id: string };
    const approved = await fetch(`${base}/sandbox/checkouts/${id}/approve`, { method: 'POST', headers: { Origin: page, 'Sec-Fetch-Site': 'cross-site' } });
    assert.equal(approved.status, 202);
    assert.equal(approved.headers.get('access-control-allow-origin'), page);
  });

  test('an origin it does not list is refused, with no CORS header', async () => {
    for (const path of ['/demo/checkouts', '/sandbox/checkouts/co_x/approve']) {
      const refused = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/json' },
        body: JSON.stringify(INVOICE),
      });
      assert.equal(refused.status, 403, path);
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
    }
  });
});
