/**
 * What a request killed mid-create leaves (its key's claim, the checkout or payout naming it, the
 * provider call recorded but never answered) is finished by the retry that takes the claim over
 * once its lease lapsed: never a second checkout or payout, the provider asked first and sent the
 * call again only under the stored reference id. The dead request's rows are written through the
 * Store as the service writes them; time is the test's clock.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { IDEMPOTENCY_LEASE_MS } from '../../server-example/http/idempotency';
import type { PayoutRecord, Store } from '../../server-example/store/types';
import { manualClock } from './clock';
import { DEAD, deadClaim, deadCreate } from './fixtures/dead-request';
import { dataDirDatabase, openTestStore, startTestServer, type TestServer } from './helpers';

const clock = manualClock();
const dataDir = mkdtempSync(join(tmpdir(), 'momo-resume-'));
let server: TestServer;
let store: Store;

before(async () => {
  server = await startTestServer({}, {}, {}, { clock, reconcile: false, dataDir });
  store = await openTestStore(dataDirDatabase(dataDir));
});
after(async () => {
  await store.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const iso = (offsetMs = 0) => new Date(clock.now() + offsetMs).toISOString();

test('a checkout whose create never reached MTN: 409 with Retry-After while its lease holds, then the same checkout, created at MTN once under its stored reference id', async () => {
  const key = randomUUID();
  const body = { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: `RESUME-${randomUUID().slice(0, 8)}` };
  const referenceId = randomUUID();
  const { id } = await deadCreate(store, clock, key, body, 'collection.invoice.create', referenceId);

  clock.advance(IDEMPOTENCY_LEASE_MS - 1_000);
  const early = await server.merchant('/v1/checkouts', { body, idempotencyKey: key });
  assert.equal(early.status, 409);
  assert.equal(((await early.json()) as { error: { code: string } }).error.code, 'IDEMPOTENCY_KEY_IN_USE');
  assert.match(early.headers.get('retry-after') ?? '', /^[1-9]\d*$/);

  clock.advance(2_000);
  const resumed = await server.merchant('/v1/checkouts', { body, idempotencyKey: key });
  const answer = (await resumed.json()) as { id: string; token: string; status: string };
  assert.equal(resumed.status, 201, JSON.stringify(answer));
  assert.deepEqual([answer.id, answer.status], [id, 'pending']);
  const session = await server.element('/v1/session', answer.token);
  assert.equal(session.status, 200, 'its fresh token opens the session');

  const invoices = ((await (await server.sandbox('/mtn-momo/control/invoices', undefined, 'GET')).json()) as { invoices: { referenceId: string; externalId: string }[] }).invoices;
  assert.deepEqual(
    invoices.filter((invoice) => invoice.externalId === body.reference).map((invoice) => invoice.referenceId),
    [referenceId],
    'one invoice at MTN, under the reference id stored with the checkout',
  );
  const listed = (await (await server.merchant(`/v1/checkouts?reference=${body.reference}`)).json()) as { data: { id: string }[] };
  assert.deepEqual(
    listed.data.map((row) => row.id),
    [id],
  );
  const stored = await store.getCheckout(id);
  assert.equal(stored?.providerReference, referenceId);
  assert.ok((stored?.instructions.length ?? 0) > 0, 'its instructions, from the create sent again');
});

test('another body under a lapsed claim is refused: only the same request resumes it', async () => {
  const key = randomUUID();
  const body = { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: `OTHER-${randomUUID().slice(0, 8)}` };
  await deadClaim(store, clock, 'merchant', key, body);
  clock.advance(IDEMPOTENCY_LEASE_MS + 1_000);
  const other = await server.merchant('/v1/checkouts', { body: { ...body, amount: '160000' }, idempotencyKey: key });
  assert.equal(other.status, 409);
  assert.equal(((await other.json()) as { error: { code: string } }).error.code, 'IDEMPOTENCY_KEY_REUSED');
  // Nothing was created under it: the same request, resumed, creates the checkout.
  const same = await server.merchant('/v1/checkouts', { body, idempotencyKey: key });
  assert.equal(same.status, 201);
});

test('a payout whose send never reached Dollr: the retry sends it once, under the reference id stored with it', async () => {
  const key = randomUUID();
  const body = { provider: 'dollr', phone: '231881234567', amount: '25.00', currency: 'USD', reference: `PO-${randomUUID().slice(0, 8)}`, name: 'Ben Doe' };
  await deadClaim(store, clock, 'payouts', key, body);
  const id = `po_${randomUUID().replaceAll('-', '')}`;
  const payout: PayoutRecord = {
    id,
    provider: 'dollr',
    amount: body.amount,
    currency: body.currency,
    reference: body.reference,
    phone: body.phone,
    status: 'processing',
    referenceId: randomUUID(),
    createdAt: iso(),
    updatedAt: iso(),
    version: 0,
    nextPollAt: iso(60_000),
    pollAttempts: 0,
  };
  await store.insertPayout(payout, {
    idempotency: { scope: 'payouts', key, holder: DEAD },
    call: { referenceId: payout.referenceId, checkoutId: id, provider: 'dollr', operation: 'dollr.payout', createdAt: iso() },
  });

  clock.advance(IDEMPOTENCY_LEASE_MS + 1_000);
  const resumed = await server.merchant('/v1/payouts', { body, idempotencyKey: key });
  const answer = (await resumed.json()) as { id: string };
  assert.equal(resumed.status, 201, JSON.stringify(answer));
  assert.equal(answer.id, id, 'the payout the dead request stored, not a second one');
  const execution = await server.sandbox(`/dollr/control/payouts/${payout.referenceId}`, undefined, 'GET');
  assert.equal(execution.status, 200, 'sent under its stored reference id');
  assert.equal(((await execution.json()) as { executeCalls: number }).executeCalls, 1);

  const again = await server.merchant('/v1/payouts', { body, idempotencyKey: key });
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(((await again.json()) as { id: string }).id, id);
});
