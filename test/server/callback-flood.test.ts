/**
 * Forged Mom Factura webhooks (unsigned; the E-kwanza code on the payer's page is all one needs)
 * against a real backend whose Mom Factura is a sandbox served by this test, which counts the
 * status calls each payment gets. A flood for one checkout costs a bounded few status calls and
 * leaves another checkout's confirmation unhurried; known and unknown payments get the same answer.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { isFinalStatus } from '../../contract';
import { CONFIRMATION_BURST } from '../../server-example/checkouts/confirmations';
import { MAX_LOGGED_CHARS } from '../../server-example/logger';
import { createMomFacturaSandbox, DEFAULT_API_KEY } from '../../server-example/sandboxes/mom-factura';
import { readStatusEvents, startTestServer, type TestServer } from './helpers';
import { logLines } from './log-lines';

const FORGED_CALLBACKS = 100;
const SEQUENTIAL_CALLBACKS = 50;
/** A confirmation nobody queues behind takes well under this (one status call, 750 ms apart at most). */
const UNHURRIED_MS = 5_000;

/** E-kwanza status calls the sandbox answered, by code. */
const statusCalls = new Map<string, number>();
let sandbox: ServerType;
let sandboxUrl: string;
let server: TestServer;
const logs = logLines();

before(async () => {
  const app = new Hono()
    .use('/mom-factura/api/payment/ekwanza/status/:code', async (c, next) => {
      const code = c.req.param('code');
      statusCalls.set(code, (statusCalls.get(code) ?? 0) + 1);
      await next();
    })
    .route('/mom-factura', createMomFacturaSandbox());
  sandbox = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  sandboxUrl = `http://127.0.0.1:${(sandbox.address() as AddressInfo).port}/mom-factura`;
  server = await startTestServer(
    {},
    { logLevel: 'info' },
    {
      MOM_FACTURA_BASE_URL: sandboxUrl,
      MOM_FACTURA_API_KEY: DEFAULT_API_KEY,
      MOM_FACTURA_QA: 'true',
    },
    { logDestination: logs.destination },
  );
  // Against a provider of its own the backend sets no webhook URL: the merchant does, in the dashboard.
  const hook = await control('/webhooks', { apiKey: DEFAULT_API_KEY, url: `http://127.0.0.1:${server.config.port}/v1/callbacks/mom-factura` }, 'PUT');
  assert.equal(hook.status, 200);
});
after(async () => {
  await server.close();
  await new Promise<void>((resolve) => sandbox.close(() => resolve()));
});

function control(path: string, body?: unknown, method = 'POST') {
  return fetch(`${sandboxUrl}/control${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** An E-kwanza checkout: its id, token and code (the code is what the payer sees, and a webhook names). */
async function ekwanza() {
  const response = await server.merchant('/v1/checkouts', {
    idempotencyKey: crypto.randomUUID(),
    body: { provider: 'mom-factura', method: 'ekwanza', amount: '2500.00', currency: 'AOA', reference: `EKZ-${Math.random().toString(36).slice(2, 10)}`, payer: { phone: '+244923000000' } },
  });
  assert.equal(response.status, 201);
  const { id, token } = (await response.json()) as { id: string; token: string };
  const view = (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as { providerReference: string };
  return { id, token, code: view.providerReference };
}

/** A webhook as anyone may send one: unsigned, naming a payment. */
function webhook(merchantTransactionId: string, extra: Record<string, unknown> = {}) {
  return fetch(`http://127.0.0.1:${server.config.port}/v1/callbacks/mom-factura`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ event: 'payment.confirmed', merchantTransactionId, operationStatus: '1', ...extra }),
  });
}

const answerOf = async (response: Response) => ({ status: response.status, body: await response.text() });

test(`${FORGED_CALLBACKS} forged webhooks for one checkout cost a few status calls; another checkout's approval is confirmed at once`, async (t) => {
  const a = await ekwanza();
  const b = await ekwanza();

  const burst = await Promise.all(Array.from({ length: FORGED_CALLBACKS }, () => webhook(a.code).then(answerOf)));
  for (const answer of burst) assert.deepEqual(answer, { status: 200, body: '{"received":true}' });

  const paid = readStatusEvents(server, b.token, (update) => isFinalStatus(update.status));
  const approvedAt = performance.now();
  assert.equal((await control(`/payments/${b.code}/approve`)).status, 200);
  const updates = await paid;
  const tookMs = performance.now() - approvedAt;
  assert.equal(updates.at(-1)?.status, 'paid');
  assert.ok(tookMs < UNHURRIED_MS, `B was confirmed ${Math.round(tookMs)} ms after its approval`);

  // Then one after another, each sent once the one before was answered: no fresh call each.
  for (let n = 0; n < SEQUENTIAL_CALLBACKS; n += 1) assert.deepEqual(await answerOf(await webhook(a.code)), { status: 200, body: '{"received":true}' });

  const callsForA = statusCalls.get(a.code) ?? 0;
  t.diagnostic(`B paid ${Math.round(tookMs)} ms after its approval; ${callsForA} status calls for A`);
  // One per burst of callbacks and one follow-up, a short burst at most, then one per 10 s.
  assert.ok(callsForA >= 1 && callsForA <= CONFIRMATION_BURST + 1, `${callsForA} status calls for ${FORGED_CALLBACKS + SEQUENTIAL_CALLBACKS} forged webhooks`);
  assert.equal(((await (await server.merchant(`/v1/checkouts/${a.id}`)).json()) as { status: string }).status, 'pending', 'forged: still pending');
});

test('known and unknown payments, and a settled one, get the same answer', async () => {
  const known = await ekwanza();
  const settled = await ekwanza();
  const paid = readStatusEvents(server, settled.token, (update) => isFinalStatus(update.status));
  await control(`/payments/${settled.code}/approve`);
  await paid;

  const answers = await Promise.all([known.code, settled.code, 'EKZ999999', 'op-never-issued'].map(async (reference) => answerOf(await webhook(reference))));
  assert.deepEqual(answers, Array(4).fill({ status: 200, body: '{"received":true}' }));
  // A malformed webhook is still refused, whatever it would name: that says nothing about what exists.
  const malformed = await fetch(`http://127.0.0.1:${server.config.port}/v1/callbacks/mom-factura`, { method: 'POST', body: '{"operationStatus":"1"}' });
  assert.equal(malformed.status, 400);
});

test('a forged webhook of 60 KB makes a bounded log line', async () => {
  const before = logs.raw.length;
  const huge = 'X'.repeat(60_000);
  assert.equal((await webhook(huge)).status, 200);
  const logged = logs.raw.slice(before);
  const unknown = logged.find((line) => line.includes('callback for an unknown payment'));
  assert.ok(unknown, 'the unknown payment is logged');
  assert.ok(unknown.length < MAX_LOGGED_CHARS * 2, `a ${unknown.length}-char line`);
  for (const line of logged) assert.ok(line.length < MAX_LOGGED_CHARS * 4, `a ${line.length}-char line`);
});
