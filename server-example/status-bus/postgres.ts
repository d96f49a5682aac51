import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { createLocalStatusBus } from './local';
import type { StatusBus } from './types';

/** One channel for the whole database: a checkout id is unique across it. */
export const STATUS_CHANNEL = 'momo_checkout_status';
/** How the LISTEN connection shows in `pg_stat_activity` (operators, and tests that cut it). */
export const LISTENER_APPLICATION_NAME = 'momo-checkout status bus';

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;
/** A connection that died without a word (a network cut, a failover) is found out by asking it. */
const PING_EVERY_MS = 30_000;
const PING_WITHIN_MS = 5_000;

export interface PostgresStatusBusOptions {
  databaseUrl: string;
  log: Logger;
  /** Told each time the LISTEN connection comes up (true) or is lost (false). */
  onListening?(listening: boolean): void;
  /**
   * Called once the LISTEN connection is back: what was notified meanwhile is lost, so whoever
   * follows checkouts checks them (the stream registry's `catchUp`: one query for all).
   */
  catchUp(): void;
}

export interface PostgresStatusBus extends StatusBus {
  /** This instance's id, in every notification it sends: its own echo is skipped. */
  readonly instanceId: string;
}

/**
 * Several instances on one database: `publish` tells this instance's streams at once and the
 * others through `NOTIFY` (payload `<instance id>:<checkout id>`); one dedicated connection per
 * instance `LISTEN`s and dispatches to local streams. That connection is re-opened when it drops,
 * and then `catchUp` is called, since notifications sent meanwhile are lost.
 * Notifications this instance could not send are sent again once the database answers.
 */
export async function openPostgresStatusBus({ databaseUrl, log, onListening, catchUp }: PostgresStatusBusOptions): Promise<PostgresStatusBus> {
  const local = createLocalStatusBus();
  const instanceId = randomUUID();
  const notifier = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: `${LISTENER_APPLICATION_NAME} (notify)` });
  // An idle connection the server dropped: the pool discards it, the next query opens another.
  notifier.on('error', () => {});
  let listener: pg.Client | undefined;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let relisten: ReturnType<typeof setTimeout> | undefined;
  /** Checkout ids whose notification failed, to send again. */
  const unsent = new Set<string>();
  let resend: ReturnType<typeof setTimeout> | undefined;

  function onNotification({ channel, payload }: pg.Notification) {
    if (channel !== STATUS_CHANNEL || !payload) return;
    const colon = payload.indexOf(':');
    if (colon < 0 || payload.slice(0, colon) === instanceId) return;
    local.dispatch(payload.slice(colon + 1));
  }

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: LISTENER_APPLICATION_NAME, keepAlive: true, query_timeout: PING_WITHIN_MS });
    const lost = (err?: Error) => {
      if (listener !== client) return;
      listener = undefined;
      void client.end().catch(() => {});
      onListening?.(false);
      if (closed) return;
      log.warn({ err: err?.message }, 'status bus: the LISTEN connection was lost; reconnecting');
      scheduleListen();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', onNotification);
    try {
      await client.connect();
      await client.query(`LISTEN ${STATUS_CHANNEL}`);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw err;
    }
    if (closed) return void client.end().catch(() => {});
    listener = client;
    retryMs = FIRST_RETRY_MS;
    onListening?.(true);
  }

  function scheduleListen() {
    relisten = setTimeout(async () => {
      relisten = undefined;
      try {
        await listen();
      } catch (err) {
        if (closed) return;
        log.warn({ err: (err as Error).message, retryMs }, 'status bus: LISTEN failed; trying again');
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        return scheduleListen();
      }
      log.info('status bus: listening again; open streams catch up');
      sendUnsent();
      catchUp();
    }, retryMs);
  }

  function notify(checkoutId: string) {
    notifier.query('SELECT pg_notify($1, $2)', [STATUS_CHANNEL, `${instanceId}:${checkoutId}`]).catch((err: Error) => {
      if (closed) return;
      unsent.add(checkoutId);
      log.warn({ checkoutId, err: err.message }, 'status bus: NOTIFY failed; will send it again');
      resend ??= setTimeout(sendUnsent, MAX_RETRY_MS);
    });
  }

  function sendUnsent() {
    clearTimeout(resend);
    resend = undefined;
    const ids = [...unsent];
    unsent.clear();
    for (const id of ids) notify(id);
  }

  const ping = setInterval(() => {
    const client = listener;
    client?.query('SELECT 1').catch((err: Error) => client.emit('error', err));
  }, PING_EVERY_MS);
  ping.unref();

  // At startup a database that does not answer is an error, as for the store.
  try {
    await listen();
  } catch (err) {
    clearInterval(ping);
    await notifier.end().catch(() => {});
    throw err;
  }

  return {
    instanceId,
    get connected() {
      return listener !== undefined;
    },
    publish(checkoutId) {
      local.dispatch(checkoutId);
      notify(checkoutId);
    },
    subscribe: local.subscribe,
    async close() {
      closed = true;
      clearInterval(ping);
      clearTimeout(relisten);
      clearTimeout(resend);
      const client = listener;
      listener = undefined;
      await client?.end().catch(() => {});
      await notifier.end().catch(() => {});
      await local.close();
    },
  };
}
