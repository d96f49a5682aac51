import { isPostgresUrl } from './database-url';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

/**
 * `DATABASE_URL=postgres://…` (or `postgresql://…`): PostgreSQL, its pool holding at most
 * `poolSize` connections (`DATABASE_POOL_SIZE`); unset: the SQLite file, as for `npm start`.
 */
export async function openStore({ databaseUrl, databaseFile, poolSize }: { databaseUrl?: string; databaseFile: string; poolSize?: number }): Promise<Store> {
  if (!databaseUrl) return openSqliteStore(databaseFile);
  // Never the SQLite file in place of a database the operator named: that would split the data.
  if (!isPostgresUrl(databaseUrl)) throw new Error(`DATABASE_URL must be a postgres:// or postgresql:// URL, not ${databaseUrl.split(':')[0]}:…`);
  return openPostgresStore(databaseUrl, { poolSize });
}
