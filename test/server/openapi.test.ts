/**
 * `/openapi.json`: a valid OpenAPI 3.1 document (checked with an OpenAPI validator) that names
 * every route the app mounts, and that the routes keep to: real requests over HTTP, each answer's
 * status documented for its operation and its body valid against the documented schema (ajv,
 * JSON Schema 2020-12). Webhook bodies in the outbox are checked against its `webhooks` too.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createApp, type AppDeps } from '../../server-example/app';
import { loadConfig } from '../../server-example/config';
import { createLogger } from '../../server-example/logger';
import { UNDOCUMENTED_PREFIXES } from '../../server-example/openapi/operations';
import { createBackendProviders } from '../../server-example/sandboxes/in-backend';
import { createCheckout, MERCHANT_KEY, startTestServer, type TestServer } from './helpers';

type Schema = Record<string, unknown>;
interface DocumentedResponse {
  description: string;
  content?: Record<string, { schema: Schema }>;
  headers?: Record<string, unknown>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; security: unknown[]; responses: Record<string, DocumentedResponse> }>>;
  webhooks: Record<string, { post: { requestBody: { content: { 'application/json': { schema: Schema } } }; parameters: { name: string; in: string }[] } }>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> };
}

/** The routes the app registers, as `METHOD /path/{param}`; middleware (ALL) left out. */
function registeredRoutes(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'momo-openapi-routes-'));
  try {
    const config = { ...loadConfig({ DATA_DIR: dir }), demo: true };
    const log = createLogger('silent');
    const { adapters, sandboxes } = createBackendProviders({
      env: {},
      production: false,
      demo: true,
      settings: config.providerSettings,
      urls: { local: 'http://127.0.0.1:9', public: 'http://localhost:9' },
      log,
    });
    // Registering routes uses none of these; a route that did would fail here, loudly.
    const unused = new Proxy({}, { get: (_target, key) => assert.fail(`createApp used ${String(key)} while registering routes`) });
    const app = createApp({ config, clock: unused, store: unused, service: unused, payouts: unused, providers: adapters, tokens: unused, bus: unused, log, sandboxes } as unknown as AppDeps);
    const routes = app.routes.filter((route) => route.method !== 'ALL').map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    return [...new Set(routes)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the OpenAPI document', () => {
  let server: TestServer;
  let doc: OpenApiDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const base = () => `http://127.0.0.1:${server.config.port}`;

  before(async () => {
    server = await startTestServer();
    const response = await fetch(`${base()}/openapi.json`);
    assert.equal(response.status, 200);
    doc = (await response.json()) as OpenApiDocument;
    ajv.addSchema(doc as unknown as Schema, 'openapi');
  });
  after(() => server.close());

  /** Checks an answer: the status expected, documented for the operation, and its body valid against the documented schema. */
  async function conforms(expected: number, method: string, path: string, response: Response): Promise<unknown> {
    const operation = doc.paths[path]?.[method.toLowerCase()];
    assert.ok(operation, `${method} ${path} is documented`);
    const text = await response.text();
    assert.equal(response.status, expected, `${method} ${path}: ${text.slice(0, 500)}`);
    const documented = operation.responses[String(response.status)];
    assert.ok(documented, `${method} ${path} answered ${response.status}, which its operation does not document (${Object.keys(operation.responses).join(', ')})`);
    if (!documented.content) {
      assert.equal(text, '', `${method} ${path} ${response.status} documents no body`);
      return undefined;
    }
    const [contentType, { schema }] = Object.entries(documented.content)[0]!;
    assert.ok(response.headers.get('content-type')?.startsWith(contentType), `${method} ${path} ${response.status}: ${response.headers.get('content-type')}, documented ${contentType}`);
    const body = contentType === 'application/json' ? (JSON.parse(text) as unknown) : text;
    const validate = typeof schema.$ref === 'string' ? ajv.getSchema(`openapi${schema.$ref}`) : ajv.compile(schema);
    assert.ok(validate, `${method} ${path}: schema ${JSON.stringify(schema)} resolves`);
    assert.ok(validate(body), `${method} ${path} ${response.status}: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 2_000)}`);
    return body;
  }

  const merchant = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base()}${path}`, {
      method,
      headers: { Authorization: `Bearer ${MERCHANT_KEY}`, 'Content-Type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const element = (method: string, path: string, token: string, init: { body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${base()}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });

  test('is valid OpenAPI 3.1', async () => {
    assert.equal(doc.openapi, '3.1.0');
    const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    // Every component compiles as JSON Schema 2020-12, not only those the requests below reach.
    for (const id of Object.keys(doc.components.schemas)) assert.ok(ajv.getSchema(`openapi#/components/schemas/${id}`), id);
  });

  test('documents every route the app mounts, and no route it does not', () => {
    const mounted = registeredRoutes().filter((route) => !UNDOCUMENTED_PREFIXES.some((prefix) => route.split(' ')[1]!.startsWith(prefix)));
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    assert.deepEqual([...mounted].sort(), [...documented].sort());
    assert.ok(mounted.length >= 17, 'the merchant, element, callback and service routes');
  });

  test('merchant routes take the merchant key, element routes the checkout token, with each its 401', () => {
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const scheme = path.startsWith('/v1/session') ? 'checkoutToken' : /^\/v1\/(checkouts|payouts|events)/.test(path) ? 'merchantKey' : undefined;
        assert.deepEqual(operation.security, scheme ? [{ [scheme]: [] }] : [], `${method} ${path}`);
        if (scheme) assert.ok(operation.responses['401'], `${method} ${path} documents its 401`);
      }
    }
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['checkoutToken', 'merchantKey']);
  });

  test('the merchant routes answer as documented', async () => {
    const body = { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: 'OPENAPI-1', description: 'Term 1 fees', metadata: { student: '42' } };
    const created = (await conforms(201, 'POST', '/v1/checkouts', await merchant('POST', '/v1/checkouts', body, { 'Idempotency-Key': 'openapi-1' }))) as { id: string };
    const replay = await merchant('POST', '/v1/checkouts', body, { 'Idempotency-Key': 'openapi-1' });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    await conforms(201, 'POST', '/v1/checkouts', replay);
    await conforms(400, 'POST', '/v1/checkouts', await merchant('POST', '/v1/checkouts', { ...body, amount: 'lots' }, { 'Idempotency-Key': 'openapi-2' }));
    await conforms(400, 'POST', '/v1/checkouts', await merchant('POST', '/v1/checkouts', body));
    await conforms(422, 'POST', '/v1/checkouts', await merchant('POST', '/v1/checkouts', { ...body, provider: 'nope' }, { 'Idempotency-Key': 'openapi-3' }));
    await conforms(400, 'POST', '/v1/checkouts', await merchant('POST', '/v1/checkouts', '{"provider": ', { 'Idempotency-Key': 'openapi-4' }));

    await conforms(200, 'GET', '/v1/checkouts/{id}', await merchant('GET', `/v1/checkouts/${created.id}`));
    await conforms(404, 'GET', '/v1/checkouts/{id}', await merchant('GET', '/v1/checkouts/co_nobody'));
    await conforms(401, 'GET', '/v1/checkouts/{id}', await fetch(`${base()}/v1/checkouts/${created.id}`));
    await conforms(401, 'GET', '/v1/checkouts/{id}', await fetch(`${base()}/v1/checkouts/${created.id}`, { headers: { Authorization: 'Bearer sk_wrong' } }));

    const cancelled = (await conforms(200, 'POST', '/v1/checkouts/{id}/cancel', await merchant('POST', `/v1/checkouts/${created.id}/cancel`))) as { status: string };
    assert.equal(cancelled.status, 'cancelled');
    await conforms(409, 'POST', '/v1/checkouts/{id}/cancel', await merchant('POST', `/v1/checkouts/${created.id}/cancel`));

    const page = (await conforms(200, 'GET', '/v1/checkouts', await merchant('GET', '/v1/checkouts?limit=1'))) as { data: unknown[]; nextCursor: string | null };
    assert.equal(page.data.length, 1);
    await conforms(400, 'GET', '/v1/checkouts', await merchant('GET', '/v1/checkouts?status=everything'));
    await conforms(401, 'GET', '/v1/checkouts', await fetch(`${base()}/v1/checkouts`));

    await conforms(409, 'POST', '/v1/checkouts/{id}/resolve', await merchant('POST', `/v1/checkouts/${created.id}/resolve`, { outcome: 'paid', note: 'Checked.' }));
    await conforms(400, 'POST', '/v1/checkouts/{id}/resolve', await merchant('POST', `/v1/checkouts/${created.id}/resolve`, { outcome: 'paid' }));
    await conforms(404, 'POST', '/v1/checkouts/{id}/resolve', await merchant('POST', '/v1/checkouts/co_nobody/resolve', { outcome: 'paid', note: 'Checked.' }));

    const payout = (await conforms(
      201,
      'POST',
      '/v1/payouts',
      await merchant('POST', '/v1/payouts', { provider: 'dollr', phone: '231881234567', amount: '25.00', currency: 'USD', reference: 'P-0', name: 'Ben Doe' }, { 'Idempotency-Key': 'openapi-p0' }),
    )) as { id: string };
    await conforms(200, 'GET', '/v1/payouts/{id}', await merchant('GET', `/v1/payouts/${payout.id}`));
    await conforms(404, 'GET', '/v1/payouts/{id}', await merchant('GET', '/v1/payouts/po_nobody'));
    await conforms(
      400,
      'POST',
      '/v1/payouts',
      await merchant('POST', '/v1/payouts', { provider: 'dollr', phone: '231881234567', amount: 'some', currency: 'USD', reference: 'P-1' }, { 'Idempotency-Key': 'openapi-p1' }),
    );
    await conforms(
      422,
      'POST',
      '/v1/payouts',
      await merchant('POST', '/v1/payouts', { provider: 'nope', phone: '231881234567', amount: '5.00', currency: 'USD', reference: 'P-2' }, { 'Idempotency-Key': 'openapi-p2' }),
    );
  });

  test('the events routes answer as documented, and each event is a webhook body as documented', async () => {
    const { id } = await createCheckout(server);
    assert.equal((await server.merchant(`/v1/checkouts/${id}/cancel`, { method: 'POST' })).status, 200);
    const page = (await conforms(200, 'GET', '/v1/events', await merchant('GET', `/v1/events?checkout=${id}`))) as { data: { id: string; type: string; createdAt: string; data: unknown }[] };
    assert.deepEqual(
      page.data.map((event) => event.type),
      ['checkout.cancelled'],
    );
    await conforms(400, 'GET', '/v1/events', await merchant('GET', '/v1/events?limit=0'));
    await conforms(401, 'GET', '/v1/events', await fetch(`${base()}/v1/events`));
    await conforms(202, 'POST', '/v1/events/{id}/resend', await merchant('POST', `/v1/events/${page.data[0]!.id}/resend`));
    await conforms(404, 'POST', '/v1/events/{id}/resend', await merchant('POST', '/v1/events/msg_nobody/resend'));

    for (const event of ((await (await merchant('GET', '/v1/events?limit=100')).json()) as typeof page).data) {
      const schema = doc.webhooks[event.type]?.post.requestBody.content['application/json'].schema;
      assert.ok(schema, `${event.type} is in webhooks`);
      const validate = ajv.getSchema(`openapi${schema.$ref as string}`)!;
      const body = { type: event.type, timestamp: event.createdAt, data: event.data };
      assert.ok(validate(body), `${event.type}: ${ajv.errorsText(validate.errors)}`);
    }
  });

  test('the element routes answer as documented: session, status with ETag and 304, a refused pay, the event stream', async () => {
    const { id, token } = await createCheckout(server);
    const session = (await conforms(200, 'GET', '/v1/session', await element('GET', '/v1/session', token))) as { instructions: unknown[] };
    assert.ok(session.instructions.length > 0);
    await conforms(401, 'GET', '/v1/session', await element('GET', '/v1/session', 'not-a-token'));

    const status = await element('GET', '/v1/session/status', token);
    const etag = status.headers.get('etag');
    assert.ok(etag);
    await conforms(200, 'GET', '/v1/session/status', status);
    const unchanged = await element('GET', '/v1/session/status', token, { headers: { 'If-None-Match': etag } });
    assert.equal(unchanged.status, 304);
    assert.equal(unchanged.headers.get('etag'), etag);
    await conforms(304, 'GET', '/v1/session/status', unchanged);

    // An invoice is paid with the instructions shown: nothing to push.
    await conforms(409, 'POST', '/v1/session/pay', await element('POST', '/v1/session/pay', token, { body: { phone: '256772123456' } }));
    await conforms(400, 'POST', '/v1/session/pay', await element('POST', '/v1/session/pay', token, { body: { phone: 1 } }));

    assert.equal((await server.merchant(`/v1/checkouts/${id}/cancel`, { method: 'POST' })).status, 200);
    const final = (await conforms(200, 'GET', '/v1/session', await element('GET', '/v1/session', token))) as { status: string; instructions: unknown[] };
    assert.deepEqual([final.status, final.instructions], ['cancelled', []]);
    // Final: one status event, then the stream ends.
    const stream = await element('GET', '/v1/session/events', token);
    const events = (await conforms(200, 'GET', '/v1/session/events', stream)) as string;
    assert.match(events, /event: status\n/);
  });

  test('callbacks and the service routes answer as documented', async () => {
    await conforms(400, 'PUT', '/v1/callbacks/{provider}', await fetch(`${base()}/v1/callbacks/mtn-momo`, { method: 'PUT', body: 'not json' }));
    const unknownPayment = JSON.stringify({ referenceId: '00000000-0000-4000-8000-000000000000', status: 'SUCCESSFUL' });
    await conforms(200, 'PUT', '/v1/callbacks/{provider}', await fetch(`${base()}/v1/callbacks/mtn-momo`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: unknownPayment }));
    await conforms(404, 'POST', '/v1/callbacks/{provider}', await fetch(`${base()}/v1/callbacks/nope`, { method: 'POST', body: '{}' }));
    await conforms(200, 'GET', '/healthz', await fetch(`${base()}/healthz`));
    await conforms(200, 'GET', '/openapi.json', await fetch(`${base()}/openapi.json`));
  });

  test('its webhooks section has every event type, each with the three Standard Webhooks headers', () => {
    assert.deepEqual(Object.keys(doc.webhooks).sort(), [
      'checkout.cancelled',
      'checkout.expired',
      'checkout.failed',
      'checkout.paid',
      'checkout.receipt',
      'checkout.resolved',
      'payout.failed',
      'payout.paid',
    ]);
    for (const [type, { post }] of Object.entries(doc.webhooks)) {
      assert.deepEqual(
        post.parameters.map((p) => `${p.in}:${p.name}`),
        ['header:webhook-id', 'header:webhook-timestamp', 'header:webhook-signature'],
        type,
      );
    }
  });
});
