/**
 * U+0000 is text no store keeps (PostgreSQL refuses it outright): in a path, a body or a callback
 * it is the client's doing, answered 4xx on either engine, never an internal error, and a body
 * refused for it claims no Idempotency-Key.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from './helpers';

let server: TestServer;

before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const INVOICE = { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: 'NUL-1' };
const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

test('ids with U+0000 in the path are a 4xx on merchant and sandbox routes', async () => {
  for (const [path, method] of [
    ['/v1/checkouts/%00', 'GET'],
    ['/v1/checkouts/%00/cancel', 'POST'],
    ['/v1/payouts/%00', 'GET'],
    ['/v1/events/%00/resend', 'POST'],
  ] as const) {
    const response = await server.merchant(path, { method });
    assert.ok(response.status >= 400 && response.status < 500, `${method} ${path}: ${response.status}`);
    assert.notEqual(await codeOf(response), 'INTERNAL_ERROR');
  }
  const approve = await server.sandbox('/checkouts/%00/approve');
  assert.ok(approve.status >= 400 && approve.status < 500, `sandbox approve: ${approve.status}`);
});

test('a body with U+0000 is refused before its key is claimed', async () => {
  const refused = await server.merchant('/v1/checkouts', { body: { ...INVOICE, description: 'fees\u0000' }, idempotencyKey: 'nul-key' });
  assert.equal(refused.status, 400);
  assert.equal(await codeOf(refused), 'VALIDATION_FAILED');
  const created = await server.merchant('/v1/checkouts', { body: INVOICE, idempotencyKey: 'nul-key' });
  assert.equal(created.status, 201, 'the key is free for the corrected request');
});

test('a callback naming a payment with U+0000 is a 4xx', async () => {
  const response = await fetch(`http://127.0.0.1:${server.config.port}/v1/callbacks/mtn-momo`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ referenceId: '\u0000' }),
  });
  assert.ok(response.status < 500, `callback: ${response.status}`);
});
