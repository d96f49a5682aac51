/**
 * What a retry resuming a create that died mid-call finds at the provider, and what the payer then
 * gets: an MTN invoice the dead request made is adopted with the instructions a create gives; a
 * Mom Factura payment known by Mom Factura's own id alone (an E-kwanza code, a bank reference) is
 * never made a second time; an MCX create, which sends nothing, is simply made again. The dead
 * request's rows are written through the Store as the service writes them; time is the test's clock.
 * MTN is a sandbox served by another backend, with one API user for both (as a deployment has).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { IDEMPOTENCY_LEASE_MS } from '../../server-example/http/idempotency';
import { createMomFacturaAdapter } from '../../server-example/providers/mom-factura/adapter';
import { SANDBOX_API_KEY } from '../../server-example/providers/mom-factura/sandbox-defaults';
import type { Store } from '../../server-example/store/types';
import { manualClock } from './clock';
import { type CreateBody, deadCreate } from './fixtures/dead-request';
import { dataDirDatabase, openTestStore, startTestServer, testMtnAdapter, type TestServer } from './helpers';

const clock = manualClock();
const dataDir = mkdtempSync(join(tmpdir(), 'momo-resume-provider-'));
let provider: TestServer;
let server: TestServer;
let store: Store;
let mtn: { apiUser: string; apiKey: string; sandbox: string };

before(async () => {
  provider = await startTestServer();
  const sandbox = `${provider.url}/sandbox/mtn-momo`;
  const subscriptionKey = 'momo-sandbox-subscription-key';
  const apiUser = randomUUID();
  const headers = { 'Ocp-Apim-Subscription-Key': subscriptionKey, 'Content-Type': 'application/json' };
  await fetch(`${sandbox}/v1_0/apiuser`, { method: 'POST', headers: { ...headers, 'X-Reference-Id': apiUser }, body: JSON.stringify({ providerCallbackHost: 'localhost' }) });
  const { apiKey } = (await (await fetch(`${sandbox}/v1_0/apiuser/${apiUser}/apikey`, { method: 'POST', headers })).json()) as { apiKey: string };
  mtn = { apiUser, apiKey, sandbox };
  const mtnEnv = { MTN_BASE_URL: sandbox, MTN_TARGET_ENVIRONMENT: 'sandbox', MTN_SUBSCRIPTION_KEY: subscriptionKey, MTN_API_USER: apiUser, MTN_API_KEY: apiKey };
  server = await startTestServer({}, {}, mtnEnv, { clock, reconcile: false, dataDir });
  store = await openTestStore(dataDirDatabase(dataDir));
});
after(async () => {
  await store.close();
  await server.close();
  await provider.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The retry, once the dead request's lease lapsed: the checkout it made, and its fresh token. */
async function retry(key: string, body: CreateBody) {
  clock.advance(IDEMPOTENCY_LEASE_MS + 1_000);
  const response = await server.merchant('/v1/checkouts', { body, idempotencyKey: key });
  const answer = (await response.json()) as { id: string; token: string; status: string };
  assert.equal(response.status, 201, JSON.stringify(answer));
  return answer;
}

test('an invoice the dead request made at MTN: the retry gets that checkout with the USSD code and QR its create gives, and MTN holds one invoice', async () => {
  const key = randomUUID();
  const body = { provider: 'mtn-momo', method: 'invoice', amount: '15.00', currency: 'EUR', reference: `ADOPT-${randomUUID().slice(0, 8)}` };
  const referenceId = randomUUID();
  const checkout = await deadCreate(store, clock, key, body, 'collection.invoice.create', referenceId);
  // The dead request's create reached MTN: the invoice exists under the stored reference id.
  const dead = testMtnAdapter(mtn.sandbox, { apiUser: mtn.apiUser, apiKey: mtn.apiKey, targetEnvironment: 'sandbox', currencies: ['EUR'] });
  const made = await dead.create({ checkout, referenceId, callbackUrl: `${server.url}/v1/callbacks/mtn-momo` });
  assert.deepEqual(
    made.instructions.map((instruction) => instruction.kind),
    ['ussd', 'qr'],
  );

  const answer = await retry(key, body);
  assert.deepEqual([answer.id, answer.status], [checkout.id, 'pending']);
  const stored = await store.getCheckout(checkout.id);
  assert.equal(stored?.providerReference, referenceId);
  assert.deepEqual(stored?.instructions, made.instructions, 'the instructions a create gives for that invoice');
  const session = (await (await server.element('/v1/session', answer.token)).json()) as { instructions: { kind: string }[] };
  assert.deepEqual(
    session.instructions.map((instruction) => instruction.kind),
    ['ussd', 'qr'],
    'the payer sees what to pay with',
  );
  const invoices = ((await (await provider.sandbox('/mtn-momo/control/invoices', undefined, 'GET')).json()) as { invoices: { externalId: string }[] }).invoices;
  assert.equal(invoices.filter((invoice) => invoice.externalId === body.reference).length, 1, 'one invoice at MTN');
});

test("one the reconciler adopted first (its id, no instructions): the later retry still gives the payer the invoice's USSD code and QR", async () => {
  const key = randomUUID();
  const body = { provider: 'mtn-momo', method: 'invoice', amount: '15.00', currency: 'EUR', reference: `LATE-${randomUUID().slice(0, 8)}` };
  const referenceId = randomUUID();
  const checkout = await deadCreate(store, clock, key, body, 'collection.invoice.create', referenceId);
  const dead = testMtnAdapter(mtn.sandbox, { apiUser: mtn.apiUser, apiKey: mtn.apiKey, targetEnvironment: 'sandbox', currencies: ['EUR'] });
  const made = await dead.create({ checkout, referenceId, callbackUrl: `${server.url}/v1/callbacks/mtn-momo` });
  // Past the time a create may still answer: the reconciler takes the call's id as the checkout's.
  clock.advance(server.config.reconcile.payInFlightMs + 1_000);
  await server.reconciler.runOnce();
  const adopted = await store.getCheckout(checkout.id);
  assert.deepEqual([adopted?.providerReference, adopted?.instructions], [referenceId, []]);

  const answer = await retry(key, body);
  assert.deepEqual([answer.id, answer.status], [checkout.id, 'pending']);
  assert.deepEqual((await store.getCheckout(checkout.id))?.instructions, made.instructions);
});

for (const method of ['ekwanza', 'reference'] as const) {
  test(`a Mom Factura ${method} the dead request may have made: never made a second time; the checkout ends expired, outcome unknown`, async () => {
    const key = randomUUID();
    // An amount of this test alone: the payments Mom Factura holds for it are the ones counted.
    const amount = `${1_000 + Math.floor(Math.random() * 1_000_000)}.00`;
    const body: CreateBody = {
      provider: 'mom-factura',
      method,
      amount,
      currency: 'AOA',
      reference: `ORPHAN-${randomUUID().slice(0, 8)}`,
      ...(method === 'ekwanza' ? { payer: { phone: '244923000000' } } : {}),
    };
    const checkout = await deadCreate(store, clock, key, body, `payment.${method}`, randomUUID());
    // Mom Factura made it and gave it its own id; the answer naming that id died with the request.
    const dead = createMomFacturaAdapter({ baseUrl: `http://127.0.0.1:${server.config.port}/sandbox/mom-factura`, apiKey: SANDBOX_API_KEY, qa: true, sandbox: true });
    await dead.create({ checkout, referenceId: randomUUID(), callbackUrl: `${server.url}/v1/callbacks/mom-factura` });

    const answer = await retry(key, body);
    assert.deepEqual([answer.id, answer.status], [checkout.id, 'expired']);
    const merchantView = (await (await server.merchant(`/v1/checkouts/${checkout.id}`)).json()) as { status: string; reason?: string };
    assert.deepEqual([merchantView.status, merchantView.reason], ['expired', 'outcome_unknown'], 'the payer may have paid the one we cannot follow: a person must look');
    const payments = ((await (await server.sandbox('/mom-factura/control/payments', undefined, 'GET')).json()) as { payments: { amount: number }[] }).payments;
    assert.equal(payments.filter((payment) => payment.amount === Number(amount)).length, 1, 'no second payment at Mom Factura');

    const again = await server.merchant('/v1/checkouts', { body, idempotencyKey: key });
    assert.equal(again.headers.get('idempotent-replayed'), 'true', 'the key keeps that answer: no retry makes a second payment');
  });
}

test('an MCX checkout the dead request made: its create sends nothing, so it is made again and the payer is asked for a phone', async () => {
  const key = randomUUID();
  const body: CreateBody = { provider: 'mom-factura', method: 'mcx', amount: '2500.00', currency: 'AOA', reference: `MCX-${randomUUID().slice(0, 8)}` };
  const checkout = await deadCreate(store, clock, key, body, 'payment.mcx', randomUUID());

  const answer = await retry(key, body);
  assert.deepEqual([answer.id, answer.status], [checkout.id, 'pending']);
  const stored = await store.getCheckout(checkout.id);
  assert.equal(stored?.providerReference, undefined, 'nothing at Mom Factura until the payer gives a phone');
  assert.deepEqual(
    stored?.instructions.map((instruction) => (instruction.kind === 'push' ? { kind: instruction.kind, needsPhone: instruction.needsPhone } : { kind: instruction.kind })),
    [{ kind: 'push', needsPhone: true }],
  );
});
