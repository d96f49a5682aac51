import { ConfigError } from '../config/errors';
import { isPostgresUrl } from './database-url';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

/** Why a connection was not had: the network's (Node) or the server's (PostgreSQL: auth, role, database). */
const CANNOT_CONNECT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', '28P01', '28000', '3D000']);

/**
 * `DATABASE_URL=postgres://…` (or `postgresql://…`): PostgreSQL, its pool holding at most
 * `poolSize` connections (`DATABASE_POOL_SIZE`); unset: the SQLite file, as for `npm start`.
 */
export async function openStore({ databaseUrl, databaseFile, poolSize }: { databaseUrl?: string; databaseFile: string; poolSize?: number }): Promise<Store> {
  if (!databaseUrl) return openSqliteStore(databaseFile);
  // Never the SQLite file in place of a database the operator named: that would split the data.
  if (!isPostgresUrl(databaseUrl)) {
    throw databaseUrlError(`must be a postgres:// or postgresql:// URL, not ${databaseUrl.split(':')[0]}:…`);
  }
  return openPostgresStore(databaseUrl, { poolSize }).catch((err: Error & { code?: string }) => {
    if (!CANNOT_CONNECT.has(err.code ?? '')) throw err;
    // Unreachable, refused, no such role or database: the operator's next step is DATABASE_URL,
    // named with its host and database only (never its password).
    const { host, pathname } = new URL(databaseUrl);
    throw databaseUrlError(`names a PostgreSQL database that cannot be opened (${host}${pathname}): ${err.message || err.code || 'no answer'}`);
  });
}

function databaseUrlError(message: string): ConfigError {
  return new ConfigError([{ variable: 'DATABASE_URL', message: `DATABASE_URL ${message}` }]);
}
