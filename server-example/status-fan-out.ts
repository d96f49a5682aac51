import type { Logger } from 'pino';
import { createLocalStatusBus } from './status-bus/local';
import { openPostgresStatusBus } from './status-bus/postgres';
import type { StatusBus } from './status-bus/types';
import { isPostgresUrl } from './store/database-url';
import type { Store } from './store/types';
import { createStreamRegistry, type StreamRegistry } from './streams';

export interface StatusFanOut {
  bus: StatusBus;
  streams: StreamRegistry;
}

export interface StatusFanOutOptions {
  /** `postgres://…`: across instances; unset: this process alone (SQLite). */
  databaseUrl?: string | undefined;
  store: Pick<Store, 'checkoutVersions'>;
  log: Logger;
  /** The streams' heartbeat (tests); default the registry's. */
  heartbeatMs?: number;
}

/**
 * The status bus and this instance's open event streams, wired for the store's engine. On
 * PostgreSQL a change made elsewhere arrives as a notification, which can be lost (the LISTEN
 * connection away, the instance that made it killed before its NOTIFY): the registry then
 * checks every followed version in one query, at each beat and once the connection is back.
 * On SQLite one process makes every change and its bus loses none: no such sweep.
 */
export async function openStatusFanOut({ databaseUrl, store, log, heartbeatMs }: StatusFanOutOptions): Promise<StatusFanOut> {
  if (!databaseUrl || !isPostgresUrl(databaseUrl)) return { bus: createLocalStatusBus(), streams: createStreamRegistry({ heartbeatMs }) };
  const streams = createStreamRegistry({ heartbeatMs, readVersions: (ids) => store.checkoutVersions(ids) });
  const bus = await openPostgresStatusBus({ databaseUrl, log, catchUp: () => streams.catchUp() });
  return { bus, streams };
}
