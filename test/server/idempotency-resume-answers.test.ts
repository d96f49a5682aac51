/**
 * What the merchant is answered when a retry resumes a create that died: a create the dead request
 * saw fail answers as a create that fails does (never 201), and a provider that cannot say yet
 * leaves the key to the next retry, which resumes the same checkout. The dead request's rows are
 * written through the Store as the service writes them; MTN is the backend's own sandbox; time is
 * the test's clock.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { IDEMPOTENCY_LEASE_MS } from '../../server-example/http/idempotency';
import type { Store } from '../../server-example/store/types';
import { manualClock } from './clock';
import { deadCreate } from './fixtures/dead-request';
import { createCheckout, dataDirDatabase, invoiceBody, openTestStore, startTestServer, type TestServer } from './helpers';

const clock = manualClock();
const dataDir = mkdtempSync(join(tmpdir(), 'momo-resume-answers-'));
let server: TestServer;
let store: Store;

before(async () => {
  server = await startTestServer({}, {}, {}, { clock, reconcile: false, dataDir });
  store = await openTestStore(dataDirDatabase(dataDir));
  // MTN's token first, so that an injected fault lands on the call under test.
  await createCheckout(server);
});
after(async () => {
  await store.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const iso = (offsetMs = 0) => new Date(clock.now() + offsetMs).toISOString();
type Answer = { id?: string; status?: string; error?: { code: string; message: string } };

/** The next MTN collection call answers 503 and does nothing. */
const mtnFailsNext = () => server.sandbox('/mtn-momo/control/faults', { failNext: { status: 503, count: 1 } }, 'PUT');

async function send(body: unknown, key: string): Promise<{ status: number; answer: Answer }> {
  const response = await server.merchant('/v1/checkouts', { body, idempotencyKey: key });
  return { status: response.status, answer: (await response.json()) as Answer };
}

test('a create the dead request saw MTN fail: the retry answers as a failed create does (502, key freed), not 201', async () => {
  await mtnFailsNext();
  const failed = await send(invoiceBody(), randomUUID());
  assert.deepEqual([failed.status, failed.answer.error?.code], [502, 'PROVIDER_UNAVAILABLE'], 'what a create MTN fails answers');

  const key = randomUUID();
  const body = invoiceBody();
  const referenceId = randomUUID();
  const checkout = await deadCreate(store, clock, key, body, 'collection.invoice.create', referenceId);
  // It failed the checkout, as sendCreate does, and died before answering.
  await store.completeOutboundCall(referenceId, 'unavailable:HTTP_503', iso());
  assert.ok(await store.changeStatus(checkout.id, 0, { status: 'failed', reason: 'provider_error', providerStatus: 'CREATE:HTTP_503', source: 'create', at: iso() }));

  clock.advance(IDEMPOTENCY_LEASE_MS + 1_000);
  const resumed = await send(body, key);
  assert.deepEqual([resumed.status, resumed.answer.error?.code], [failed.status, failed.answer.error?.code], JSON.stringify(resumed.answer));
  assert.match(resumed.answer.error?.message ?? '', new RegExp(`Checkout ${checkout.id} is failed`));

  const again = await send(body, key);
  assert.equal(again.status, 201, 'the key was freed, as after a create that failed');
  assert.notEqual(again.answer.id, checkout.id, 'a new checkout: the failed one stays failed');
});

test('MTN cannot say while a retry resumes: 503, and the next retry resumes the same checkout at once (no 409 for the lease, no second checkout)', async () => {
  const key = randomUUID();
  const body = invoiceBody();
  const referenceId = randomUUID();
  const checkout = await deadCreate(store, clock, key, body, 'collection.invoice.create', referenceId);
  clock.advance(IDEMPOTENCY_LEASE_MS + 1_000);

  await mtnFailsNext();
  const unsure = await send(body, key);
  assert.deepEqual([unsure.status, unsure.answer.error?.code], [503, 'PROVIDER_UNAVAILABLE'], JSON.stringify(unsure.answer));

  const next = await send(body, key);
  assert.equal(next.status, 201, JSON.stringify(next.answer));
  assert.deepEqual([next.answer.id, next.answer.status], [checkout.id, 'pending']);
  assert.equal((await store.getCheckout(checkout.id))?.providerReference, referenceId, 'created at MTN under its stored reference id');
});
