/**
 * What only PostgreSQL has to prove: several instances on one database. Migrations run once however
 * many start at once; a due row is leased to one instance (FOR UPDATE SKIP LOCKED); an
 * Idempotency-Key is claimed by one. The database is the suite's (MOMO_TEST_POSTGRES), or, run on
 * its own, one this file creates on the local server and drops: it never skips.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { POSTGRES_MIGRATIONS } from '../../server-example/store/postgres-migrations';
import { openPostgresStore } from '../../server-example/store/postgres';
import type { CheckoutRecord, OutboxEvent, Store } from '../../server-example/store/types';
import { createTestDatabase, onPostgres, type TestDatabase } from '../postgres-database';

let databaseUrl = process.env.MOMO_TEST_POSTGRES ?? '';
let ownDatabase: TestDatabase | undefined;
const opened: Store[] = [];

const sql = (url: string, text: string, values: unknown[] = []) => onPostgres(async (client) => (await client.query(text, values)).rows as Record<string, unknown>[], url);

before(async () => {
  if (databaseUrl) return;
  ownDatabase = await createTestDatabase('momo_test');
  databaseUrl = ownDatabase.url;
});

after(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await ownDatabase?.drop();
});

/** A schema of its own (an empty database, as far as the store can tell); its URL. */
async function freshSchema(): Promise<{ url: string; schema: string }> {
  const schema = `store_${randomBytes(6).toString('hex')}`;
  await sql(databaseUrl, `CREATE SCHEMA ${schema}`);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), schema };
}

async function open(url: string): Promise<Store> {
  const store = await openPostgresStore(url);
  opened.push(store);
  return store;
}

/** Two instances on one database. */
async function twoInstances() {
  const { url, schema } = await freshSchema();
  return { url, schema, a: await open(url), b: await open(url) };
}

const T0 = '2026-01-01T00:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

function checkout(id: string, overrides: Partial<CheckoutRecord> = {}): CheckoutRecord {
  return {
    id,
    provider: 'mtn-momo',
    method: 'invoice',
    amount: '100',
    currency: 'UGX',
    reference: `R-${id}`,
    status: 'pending',
    instructions: [],
    expiresAt: at(3600),
    createdAt: T0,
    updatedAt: T0,
    version: 0,
    nextPollAt: T0,
    pollAttempts: 0,
    ...overrides,
  };
}

const outbox = (id: string, subjectId: string): OutboxEvent => ({ id, type: 'checkout.paid', subjectId, createdAt: T0, payload: `{"id":"${id}"}` });

/** Everything both instances took in `rounds` concurrent leases of `limit` rows each. */
async function leaseConcurrently<T>(take: (store: Store) => Promise<T[]>, stores: Store[], rounds: number): Promise<T[]> {
  const batches = await Promise.all(Array.from({ length: rounds }, (_, round) => take(stores[round % stores.length]!)));
  return batches.flat();
}

const duplicates = (ids: string[]) => ids.filter((id, index) => ids.indexOf(id) !== index);

test('migrations run once, and a second open of the same schema finds them applied and the data kept', async () => {
  const { url, schema } = await freshSchema();
  const first = await open(url);
  await first.insertCheckout(checkout('co_kept'));
  const second = await open(url);
  assert.equal((await second.getCheckout('co_kept'))?.reference, 'R-co_kept');
  await second.checkReady();
  const versions = await sql(databaseUrl, `SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
  assert.deepEqual(
    versions.map((row) => row.version),
    POSTGRES_MIGRATIONS.map((_, index) => index + 1),
  );
});

test('instances starting at once on an empty schema migrate it once (the advisory lock)', async () => {
  const { url, schema } = await freshSchema();
  const stores = await Promise.all(Array.from({ length: 4 }, () => open(url)));
  for (const store of stores) await store.checkReady();
  const [row] = await sql(databaseUrl, `SELECT count(*)::int AS n FROM ${schema}.schema_migrations`);
  assert.equal(row?.n, POSTGRES_MIGRATIONS.length);
});

test('checkReady says what is wrong: a migration missing, or no schema at all', async () => {
  const { url, schema } = await freshSchema();
  const store = await open(url);
  await sql(databaseUrl, `DELETE FROM ${schema}.schema_migrations WHERE version = $1`, [POSTGRES_MIGRATIONS.length]);
  await assert.rejects(store.checkReady(), /1 migration\(s\) not applied/);
  await sql(databaseUrl, `DROP SCHEMA ${schema} CASCADE`);
  await assert.rejects(store.checkReady(), /cannot read schema_migrations/);
});

test('two instances leasing due polls at once never take the same checkout, and take them all', async () => {
  const { a, b } = await twoInstances();
  const ids = Array.from({ length: 30 }, (_, index) => `co_${String(index).padStart(2, '0')}`);
  for (const id of ids) await a.insertCheckout(checkout(id, { nextPollAt: id === 'co_00' ? undefined : T0 }));
  const taken = await leaseConcurrently((store) => store.duePolls(at(1), 4, at(60)), [a, b], 12);
  const takenIds = taken.map((row) => row.id);
  assert.deepEqual(duplicates(takenIds), [], 'a checkout leased to both instances would be polled twice');
  assert.deepEqual([...takenIds].sort(), ids);
  // Returned as they were: the due time they had, not the lease.
  assert.ok(taken.every((row) => row.nextPollAt === (row.id === 'co_00' ? undefined : T0)));
  assert.deepEqual(await b.duePolls(at(1), 100), [], 'leased: due for no one');
  assert.deepEqual(await a.duePolls(at(30), 100, at(90)), [], 'nor taken again while the lease holds');
  // The instance holding co_01 died: past the lease, another takes it over.
  assert.ok(await a.schedulePoll('co_02', at(10), 1, at(60)));
  const lapsed = await b.duePolls(at(61), 100, at(120));
  assert.equal(lapsed.length, 30, 'every lease lapsed, and the rescheduled one is due too');
  assert.equal(lapsed.find((row) => row.id === 'co_02')?.nextPollAt, at(10), 'rescheduling ended its lease');
});

test('receipt polls and payout polls are leased alike', async () => {
  const { a, b } = await twoInstances();
  for (let index = 0; index < 12; index += 1) {
    const id = `co_paid_${index}`;
    await a.insertCheckout(checkout(id, { nextPollAt: undefined }));
    assert.equal(await a.changeStatus(id, 0, { status: 'paid', source: 'poll', at: T0, receiptPollAt: T0 }), true);
    await a.insertPayout({
      id: `po_${index}`,
      provider: 'dollr',
      amount: '1.00',
      currency: 'USD',
      reference: `P-${index}`,
      phone: '231770000000',
      status: 'processing',
      referenceId: `ref-${index}`,
      createdAt: T0,
      updatedAt: T0,
      version: 0,
      nextPollAt: T0,
      pollAttempts: 0,
    });
  }
  const receipts = (await leaseConcurrently((store) => store.dueReceiptPolls(at(1), 2, at(60)), [a, b], 8)).map((row) => row.id);
  assert.deepEqual(duplicates(receipts), []);
  assert.equal(receipts.length, 12);
  const payouts = (await leaseConcurrently((store) => store.duePayoutPolls(at(1), 2, at(60)), [a, b], 8)).map((row) => row.id);
  assert.deepEqual(duplicates(payouts), []);
  assert.equal(payouts.length, 12);
  assert.deepEqual([await a.dueReceiptPolls(at(1), 10), await b.duePayoutPolls(at(1), 10)], [[], []]);
});

test('webhook events are leased to one instance, and only the oldest pending one of each subject', async () => {
  const { a, b } = await twoInstances();
  for (let index = 0; index < 10; index += 1) {
    const id = `co_hook_${index}`;
    await a.insertCheckout(checkout(id));
    assert.equal(await a.changeStatus(id, 0, { status: 'processing', source: 'poll', at: T0 }, outbox(`evt_${index}_1`, id)), true);
    assert.equal(await a.changeStatus(id, 1, { status: 'paid', source: 'poll', at: T0 }, outbox(`evt_${index}_2`, id)), true);
  }
  const taken = (await leaseConcurrently((store) => store.dueWebhookEvents(at(1), 3, at(60)), [a, b], 8)).map((event) => event.id);
  assert.deepEqual(duplicates(taken), [], 'an attempt made twice at once');
  assert.deepEqual(
    [...taken].sort(),
    Array.from({ length: 10 }, (_, index) => `evt_${index}_1`),
    "a subject's second event waits for its first",
  );
  assert.ok(await a.recordWebhookAttempt('evt_3_1', { at: at(2), status: 200, state: 'delivered', scheduleStep: 0 }, at(60)));
  const next = await b.dueWebhookEvents(at(2), 10, at(60));
  assert.deepEqual(
    next.map((event) => [event.id, event.payload]),
    [['evt_3_2', '{"id":"evt_3_2"}']],
  );
});

test('one Idempotency-Key claimed on two instances at once: exactly one claims it', async () => {
  const { a, b } = await twoInstances();
  const keys = Array.from({ length: 20 }, (_, index) => `key-${index}`);
  const claims = await Promise.all(keys.flatMap((key) => [a, b].map((store, i) => store.claimIdempotencyKey({ scope: 'm', key, holder: `request-${i}` }, 'h1', T0, at(75)))));
  for (const [index, key] of keys.entries()) {
    const states = [claims[2 * index]!.state, claims[2 * index + 1]!.state].sort();
    assert.deepEqual(states, ['claimed', 'in_progress'], key);
  }
});

test('a lapsed claim is resumed by one instance only, with the checkout its dead holder created', async () => {
  const { a, b } = await twoInstances();
  assert.deepEqual(await a.claimIdempotencyKey({ scope: 'm', key: 'crash', holder: 'dead' }, 'h1', T0, at(75)), { state: 'claimed' });
  const call = { referenceId: 'ref-crash', checkoutId: 'co_crash', provider: 'mtn-momo', operation: 'collection.invoice.create', createdAt: T0 };
  await a.insertCheckout(checkout('co_crash'), { idempotency: { scope: 'm', key: 'crash', holder: 'dead' }, call });
  // The holder dies here, its provider call unanswered. Before the lease lapses the key is busy:
  assert.deepEqual(await b.claimIdempotencyKey({ scope: 'm', key: 'crash', holder: 'early' }, 'h1', at(74), at(149)), { state: 'in_progress', requestHash: 'h1' });
  const retries = await Promise.all([a, b].map((store, i) => store.claimIdempotencyKey({ scope: 'm', key: 'crash', holder: `retry-${i}` }, 'h1', at(76), at(151))));
  const resumed = retries.filter((claim) => claim.state === 'resumed');
  assert.deepEqual(resumed, [{ state: 'resumed', requestHash: 'h1', subjectId: 'co_crash' }], 'one takes over, with what was created');
  assert.deepEqual(
    retries.filter((claim) => claim.state !== 'resumed'),
    [{ state: 'in_progress', requestHash: 'h1' }],
  );
  assert.equal(await b.unfinishedCall('co_crash', 'collection.invoice.create'), 'ref-crash', 'the call was recorded with the checkout');
  // Another body never takes a lapsed claim over.
  assert.deepEqual(await b.claimIdempotencyKey({ scope: 'm', key: 'crash', holder: 'other-body' }, 'h2', at(200), at(275)), { state: 'in_progress', requestHash: 'h1' });
});

test('a holder whose claim was taken over creates nothing: the checkout, its claim and its call are one step', async () => {
  const { a, b } = await twoInstances();
  const slow = { scope: 'm', key: 'slow', holder: 'slow' };
  const retry = { scope: 'm', key: 'slow', holder: 'retry' };
  await a.claimIdempotencyKey(slow, 'h1', T0, at(75));
  // The holder stalls past its lease; another request resumes the key and creates the checkout.
  assert.deepEqual(await b.claimIdempotencyKey(retry, 'h1', at(80), at(155)), { state: 'resumed', requestHash: 'h1' });
  await b.insertCheckout(checkout('co_resumed'), { idempotency: retry });
  const call = { referenceId: 'ref-late', checkoutId: 'co_late', provider: 'mtn-momo', operation: 'collection.invoice.create', createdAt: at(81) };
  await assert.rejects(a.insertCheckout(checkout('co_late'), { idempotency: slow, call }), /no longer this request's/);
  assert.equal(await a.getCheckout('co_late'), undefined);
  assert.equal(await a.unfinishedCall('co_late', 'collection.invoice.create'), undefined);
  assert.deepEqual(await a.listEvents('co_late'), []);
  // Nor can it free the key (a retry would then make a second checkout) or answer for it.
  await a.releaseIdempotencyKey(slow);
  assert.equal(await a.completeIdempotencyKey(slow, 500, '{}'), false);
  assert.deepEqual(await a.claimIdempotencyKey({ scope: 'm', key: 'slow', holder: 'third' }, 'h1', at(90), at(165)), { state: 'in_progress', requestHash: 'h1' });
  assert.equal(await b.completeIdempotencyKey(retry, 201, '{"id":"co_resumed"}'), true);
});

test('concurrent compare-and-set on two instances: one status change wins, with one event and one outbox row', async () => {
  const { a, b } = await twoInstances();
  await a.insertCheckout(checkout('co_race'));
  const results = await Promise.all(
    [a, b].map((store, index) => store.changeStatus('co_race', 0, { status: index ? 'failed' : 'paid', source: 'poll', at: at(1) }, outbox(`evt_race_${index}`, 'co_race'))),
  );
  assert.deepEqual([...results].sort(), [false, true]);
  assert.equal((await a.listEvents('co_race')).length, 2, 'create, and the one change that won');
  assert.equal((await b.listWebhookEvents({ subjectId: 'co_race', limit: 10 })).length, 1);
});

test('fees noted on two instances at once are merged, none lost', async () => {
  const { a, b } = await twoInstances();
  await a.insertCheckout(checkout('co_fees'));
  await Promise.all(Array.from({ length: 10 }, (_, index) => [a, b][index % 2]!.noteShownFees('co_fees', { [`METHOD_${index}`]: `0.${index}0` })));
  assert.equal(Object.keys((await b.getCheckout('co_fees'))?.shownFees ?? {}).length, 10);
});
