/**
 * A PostgreSQL database of a test's (or a benchmark's) own, created on the admin server and
 * dropped after it, connections and all.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the test databases are made on: MOMO_TEST_POSTGRES_ADMIN, else the local one (trust auth). */
export const POSTGRES_ADMIN_URL = process.env.MOMO_TEST_POSTGRES_ADMIN ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Runs `work` on one connection to `url` (default: the admin server), closed after. */
export async function onPostgres<T>(work: (client: pg.Client) => Promise<T>, url: string = POSTGRES_ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database `<prefix>_<random>` on `adminUrl`'s server; `drop()` removes it with whatever is still connected. */
export async function createTestDatabase(prefix: string, adminUrl: string = POSTGRES_ADMIN_URL): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onPostgres((client) => client.query(`CREATE DATABASE ${name}`), adminUrl);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => onPostgres((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`), adminUrl).then(() => undefined) };
}
