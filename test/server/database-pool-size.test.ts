/**
 * DATABASE_POOL_SIZE reaches the PostgreSQL store's pool (through store/open.ts): the most
 * connections it holds, however many queries are asked at once. On a database this file creates
 * and drops, in both passes of the suite.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { openStore } from '../../server-example/store/open';
import { createTestDatabase, onPostgres } from '../postgres-database';

test('the store holds at most poolSize connections, 20 reads at once or not', { timeout: 15_000 }, async () => {
  const database = await createTestDatabase('momo_pool');
  // Named, so that only this store's connections are counted.
  const name = `pool_size_${randomBytes(4).toString('hex')}`;
  const url = new URL(database.url);
  url.searchParams.set('application_name', name);
  const store = await openStore({ databaseUrl: url.toString(), databaseFile: 'unused.sqlite', poolSize: 3 });
  try {
    await Promise.all(Array.from({ length: 20 }, () => store.checkoutVersions(['co_none'])));
    const [row] = await onPostgres(async (client) => (await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [name])).rows);
    assert.equal(row.n, 3, 'every one in use at the peak, no more');
  } finally {
    await store.close();
    await database.drop();
  }
});
