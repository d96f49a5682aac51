import type { Logger } from 'pino';
import { isPostgresUrl } from '../store/database-url';
import { createLocalStatusBus } from './local';
import { openPostgresStatusBus } from './postgres';
import type { StatusBus } from './types';

export type { StatusBus } from './types';

/** This process only: SQLite, or a test that wires the parts by hand. */
export const createStatusBus = (): StatusBus => createLocalStatusBus();

/** The bus the store's engine calls for: across instances on PostgreSQL (`LISTEN/NOTIFY`), in-process on SQLite. */
export async function openStatusBus({ databaseUrl, log }: { databaseUrl?: string | undefined; log: Logger }): Promise<StatusBus> {
  return databaseUrl && isPostgresUrl(databaseUrl) ? openPostgresStatusBus({ databaseUrl, log }) : createLocalStatusBus();
}
