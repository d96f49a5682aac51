/**
 * The operations conventions, over real HTTP on the suite's engine: `/readyz` (the database and
 * its migrations), `X-Request-Id` (echoed, and on the request's log lines), `/metrics` (Prometheus
 * text whose numbers move with the work done) and a graceful shutdown (streams told to reconnect,
 * a request waiting for its provider call answered before the process lets go).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import type { Metrics } from '../../server-example/metrics';
import { opsRoutes } from '../../server-example/routes/ops';
import { manualClock } from './clock';
import { startProviderProxy, mtnInvoiceOrder, type ProviderProxy } from './fixtures/provider-proxy';
import { createCheckout, invoiceBody, queryTestDatabase, readStatusEvents, startTestServer, type TestServer } from './helpers';
import { logLines } from './log-lines';

const base = (server: TestServer) => `http://127.0.0.1:${server.config.port}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The value of one sample in Prometheus text: `name{labels…} value`, every given label matching. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

async function scrape(server: TestServer, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${base(server)}/metrics`, { headers });
  assert.equal(response.status, 200, await response.clone().text());
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return response.text();
}

describe('GET /readyz', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('ready while the database answers with every migration applied; 503 with a code when one is missing', async () => {
    const ready = await fetch(`${base(server)}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { ok: true });

    // The latest migration taken away under the running store, then put back.
    const file = server.config.databaseFile;
    const [latest] = await queryTestDatabase(file, 'SELECT * FROM schema_migrations ORDER BY version DESC LIMIT 1');
    assert.ok(latest);
    await queryTestDatabase(file, 'DELETE FROM schema_migrations WHERE version = ?', [latest.version]);
    const missing = await fetch(`${base(server)}/readyz`);
    assert.equal(missing.status, 503);
    const body = (await missing.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'DATABASE_NOT_READY');
    assert.doesNotMatch(body.error.message, /postgres:|sqlite|\//, 'names no host, user or file');
    // Liveness is not readiness: the process still answers.
    assert.equal((await fetch(`${base(server)}/healthz`)).status, 200);

    await queryTestDatabase(file, 'INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [latest.version, latest.applied_at]);
    assert.equal((await fetch(`${base(server)}/readyz`)).status, 200);
  });

  test("503 FANOUT_UNAVAILABLE while the instance cannot hear other instances' status changes", async () => {
    let hears = false;
    const ops = opsRoutes({ store: {}, log: pino({ level: 'silent' }), draining: () => false, hearsOthers: () => hears, metrics: {} as Metrics, demo: true });
    const deaf = await ops.request('/readyz');
    assert.equal(deaf.status, 503);
    assert.equal(((await deaf.json()) as { error: { code: string } }).error.code, 'FANOUT_UNAVAILABLE');
    hears = true;
    assert.equal((await ops.request('/readyz')).status, 200);
  });
});

describe('X-Request-Id', () => {
  const log = logLines();
  let server: TestServer;
  before(async () => {
    server = await startTestServer({}, {}, {}, { logDestination: log.destination });
  });
  after(() => server.close());

  const linesOf = (requestId: string) => log.lines.filter((line) => line.requestId === requestId);

  test('a valid one is echoed and is on the request’s log lines, inside its handler too', async () => {
    const response = await fetch(`${base(server)}/v1/callbacks/mtn-momo`, { method: 'POST', headers: { 'X-Request-Id': 'lb-7f3a_91=' }, body: '{' });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-request-id'), 'lb-7f3a_91=');
    const messages = linesOf('lb-7f3a_91=').map((line) => line.msg);
    assert.ok(messages.includes('callback refused'), `the handler's own line carries it: ${JSON.stringify(messages)}`);
    assert.ok(messages.includes('request'), 'and the request line');
  });

  test('generated when absent, and replaced when too long or with unsafe characters', async () => {
    const absent = await fetch(`${base(server)}/v1/checkouts/co_nope`, { headers: { Authorization: 'Bearer sk_sandbox' } });
    const generated = absent.headers.get('x-request-id') ?? '';
    assert.match(generated, UUID);
    assert.equal(linesOf(generated).find((line) => line.msg === 'request')?.path, '/v1/checkouts/co_nope');

    for (const sent of ['x'.repeat(129), 'two words', 'id\u00e9', 'a"b']) {
      const response = await fetch(`${base(server)}/healthz`, { headers: { 'X-Request-Id': sent } });
      const echoed = response.headers.get('x-request-id') ?? '';
      assert.match(echoed, UUID, `${JSON.stringify(sent)} replaced`);
      assert.equal(linesOf(sent).length, 0);
      assert.equal(linesOf(echoed).length, 1);
    }
    assert.equal((await fetch(`${base(server)}/healthz`, { headers: { 'X-Request-Id': 'x'.repeat(128) } })).headers.get('x-request-id'), 'x'.repeat(128));
  });

  test('background work’s lines carry none', () => {
    const started = log.lines.find((line) => line.msg === 'momo-checkout backend listening');
    assert.ok(started);
    assert.equal(started.requestId, undefined);
  });
});

describe('GET /metrics', () => {
  const clock = manualClock();
  let server: TestServer;
  before(async () => {
    server = await startTestServer({}, {}, {}, { clock, reconcile: false });
  });
  after(() => server.close());

  test('counts requests by route pattern and provider calls by operation and outcome', async () => {
    const before = await scrape(server);
    for (const name of ['momo_http_requests_total', 'momo_provider_calls_total', 'momo_event_streams_open', 'momo_reconciler_lag_seconds', 'momo_webhook_backlog', 'process_cpu_user_seconds_total']) {
      assert.match(before, new RegExp(`^# TYPE ${name} `, 'm'), name);
    }
    const created = { method: 'POST', route: '/v1/checkouts', status: '201' };
    const invoice = { provider: 'MTN MoMo', operation: 'POST /collection/v2_0/invoice', outcome: 'ok' };
    const { token } = await createCheckout(server);
    await server.element('/v1/session/status', token);
    await server.merchant('/v1/checkouts/co_0123456789abcdef');

    const after = await scrape(server);
    assert.equal(sample(after, 'momo_http_requests_total', created), (sample(before, 'momo_http_requests_total', created) ?? 0) + 1);
    assert.equal(sample(after, 'momo_provider_calls_total', invoice), (sample(before, 'momo_provider_calls_total', invoice) ?? 0) + 1);
    assert.ok((sample(after, 'momo_provider_call_duration_seconds_count', { provider: 'MTN MoMo', operation: invoice.operation }) ?? 0) >= 1);
    // The pattern, never the raw path with its id.
    assert.equal(sample(after, 'momo_http_requests_total', { route: '/v1/checkouts/:id', status: '404' }), 1);
    assert.doesNotMatch(after, /co_0123456789abcdef/);
    assert.equal(sample(after, 'momo_http_requests_total', { route: '/v1/session/status', status: '200' }), 1);
  });

  test('open event streams, how late the oldest due poll is, and webhooks waiting', async () => {
    const waiting = await createCheckout(server);
    const paid = await createCheckout(server);
    const stream = await fetch(`${base(server)}/v1/session/events`, { headers: { Authorization: `Bearer ${waiting.token}` } });
    assert.equal(stream.status, 200);
    const before = await scrape(server);
    assert.equal(sample(before, 'momo_event_streams_open'), 1);
    assert.equal(sample(before, 'momo_reconciler_lag_seconds'), 0, 'no poll due yet (the first is a minute after creating)');
    const backlogBefore = sample(before, 'momo_webhook_backlog') ?? 0;

    const events = readStatusEvents(server, paid.token, (update) => update.status === 'paid');
    assert.equal((await server.sandbox(`/checkouts/${paid.id}/approve`)).status, 202);
    await events;
    await stream.body?.cancel();
    // The first polls fell due 60 s after creating; 90 s on, the oldest is 30 s late.
    clock.advance(90_000);

    const after = await scrape(server);
    assert.equal(sample(after, 'momo_reconciler_lag_seconds'), 30);
    assert.ok((sample(after, 'momo_webhook_backlog') ?? 0) > backlogBefore, 'the paid webhook waits (no receiver here)');
  });

  test('outside the demo: only this machine, reaching the port itself, may read them', async () => {
    const private_ = await startTestServer({}, { demo: false });
    try {
      assert.equal((await fetch(`${base(private_)}/metrics`)).status, 200);
      const forwarded = await fetch(`${base(private_)}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
      assert.equal(forwarded.status, 403);
      assert.equal(((await forwarded.json()) as { error: { code: string } }).error.code, 'METRICS_FORBIDDEN');
    } finally {
      await private_.close();
    }
  });
});

describe('graceful shutdown', () => {
  let sandboxes: TestServer;
  let proxy: ProviderProxy;
  let server: TestServer;
  let closing: Promise<unknown> | undefined;
  before(async () => {
    sandboxes = await startTestServer();
    // Between the backend and its sandboxes: holds the answer to an invoice create until released.
    proxy = await startProviderProxy(base(sandboxes), (method, path) => method === 'POST' && path.split('?')[0] === '/sandbox/mtn-momo/collection/v2_0/invoice', mtnInvoiceOrder);
    server = await startTestServer({}, {}, { SANDBOX_URL: proxy.url });
  });
  after(async () => {
    await (closing ?? server.close());
    await proxy.close();
    await sandboxes.close();
  });

  test('streams are told to reconnect, nothing new is accepted, and a request waiting for its provider call is answered before close ends', async () => {
    const followed = await createCheckout(server);
    const stream = await fetch(`${base(server)}/v1/session/events`, { headers: { Authorization: `Bearer ${followed.token}` } });
    assert.equal(stream.status, 200);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    while (!received.includes('event: status')) received += (await reader.read()).value ?? '';

    proxy.setPolicy(() => 'hold');
    const creating = server.merchant('/v1/checkouts', { body: invoiceBody(), idempotencyKey: crypto.randomUUID() });
    await proxy.waitForCreates(2);

    let closed = false;
    closing = server.close().then(() => (closed = true));
    // The stream ends with the hint, while the create still waits for the provider.
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += chunk.value;
    assert.match(received, /retry: \d+\nevent: reconnect\n/);
    await assert.rejects(fetch(`${base(server)}/healthz`), 'no new connection is accepted');
    assert.equal(closed, false, 'close waits for the request in hand');

    proxy.releaseHeld();
    const created = await creating;
    assert.equal(created.status, 201, await created.clone().text());
    await closing;
  });
});
