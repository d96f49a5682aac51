import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import type { DestinationStream } from 'pino';
import type { StatusUpdate } from '../../contract';
import { startServer, type RunningServer } from '../../server-example/server';
import type { Config } from '../../server-example/config';
import type { Clock } from '../../server-example/lifecycle/clock';
import { createMtnMomoAdapter, type MtnMomoOptions } from '../../server-example/providers/mtn-momo/adapter';
import { openStore } from '../../server-example/store/open';
import type { Store } from '../../server-example/store/types';
import { onPostgres } from '../postgres-database';
import { elementRequest, merchantRequest, type MerchantRequestInit } from '../requests';

export const MERCHANT_KEY = 'sk_sandbox';

export interface TestServer extends RunningServer {
  /** Merchant API call with the merchant key. */
  merchant(path: string, init?: MerchantRequestInit): Promise<Response>;
  /** Element API call with a checkout token. */
  element(path: string, token: string, headers?: Record<string, string>): Promise<Response>;
  sandbox(path: string, body?: unknown, method?: string): Promise<Response>;
}

/** How a test runs the backend: its clock, and whether the reconciler runs by itself or is driven (`reconciler.runOnce()`). */
export interface TestServerOptions {
  clock?: Clock;
  /** False: the reconciler does not run by itself; the test drives it a pass at a time. */
  reconcile?: boolean;
  /** Reuse a data directory (a restart after a crash); a fresh one by default, removed on close. */
  dataDir?: string;
  /** Where the backend's log lines go (at its configured level); none are written by default. */
  logDestination?: DestinationStream;
  /** True: in demo mode without MERCHANT_WEBHOOK_URL, webhooks go to /demo/webhooks; by default they stay in the outbox. */
  demoWebhooks?: boolean;
}

/**
 * The PostgreSQL run of the suite (`npm test` sets it to a database it created and drops):
 * every SQLite file a test would use is a schema of that database instead.
 */
export const TEST_POSTGRES = process.env.MOMO_TEST_POSTGRES || undefined;

/** The SQLite file a backend keeps in its data directory (config.ts), and what stands in for it on PostgreSQL. */
export const dataDirDatabase = (dataDir: string) => join(dataDir, 'momo-checkout.sqlite');

/** One schema per SQLite file path: a restart on the same data directory finds its data again. */
const schemaFor = (databaseFile: string) => `t_${createHash('sha256').update(resolve(databaseFile)).digest('hex').slice(0, 24)}`;

const onTestDatabase = <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => onPostgres(work, TEST_POSTGRES);

/** The PostgreSQL run: the `DATABASE_URL` standing in for `databaseFile`, its schema created. Undefined on the SQLite run. */
export async function testDatabaseUrl(databaseFile: string): Promise<string | undefined> {
  if (!TEST_POSTGRES) return undefined;
  const schema = schemaFor(databaseFile);
  await onTestDatabase((client) => client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`));
  const url = new URL(TEST_POSTGRES);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** What a backend started as a child process adds to its environment to use the suite's engine. */
export async function testDatabaseEnv(dataDir: string): Promise<Record<string, string>> {
  const url = await testDatabaseUrl(dataDirDatabase(dataDir));
  return url ? { DATABASE_URL: url } : {};
}

/** The store on `databaseFile` (SQLite), or on the schema standing in for it (PostgreSQL run). */
export async function openTestStore(databaseFile: string): Promise<Store> {
  return openStore({ databaseUrl: await testDatabaseUrl(databaseFile), databaseFile });
}

/** Rows of one SQL statement (`?` placeholders) run directly on the test's database, under the store. */
export async function queryTestDatabase(databaseFile: string, sql: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (!TEST_POSTGRES) {
    const db = new Database(databaseFile);
    try {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all(...values) as Record<string, unknown>[];
      statement.run(...values);
      return [];
    } finally {
      db.close();
    }
  }
  const schema = schemaFor(databaseFile);
  let index = 0;
  const numbered = sql.replace(/\?/g, () => `$${++index}`);
  return onTestDatabase(async (client) => {
    await client.query(`SET search_path = ${schema}`);
    return (await client.query(numbered, values)).rows;
  });
}

/** Drops what stood in for a removed SQLite file (PostgreSQL run); nothing on SQLite. */
async function dropTestDatabase(databaseFile: string): Promise<void> {
  if (TEST_POSTGRES) await onTestDatabase((client) => client.query(`DROP SCHEMA IF EXISTS ${schemaFor(databaseFile)} CASCADE`));
}

/** A real backend on a free port, with its own database (a SQLite file, or a PostgreSQL schema) and the MTN sandbox over real HTTP. */
export async function startTestServer(reconcile: Partial<Config['reconcile']> = {}, extra: Partial<Config> = {}, env: NodeJS.ProcessEnv = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'momo-test-'));
  const server = await startServer({
    port: 0,
    dataDir,
    env: { ...(await testDatabaseEnv(dataDir)), ...env },
    quiet: true,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.reconcile === false ? { reconcile: false } : {}),
    demoWebhooks: options.demoWebhooks ?? false,
    ...(options.logDestination ? { quiet: false, logDestination: options.logDestination } : {}),
    config: {
      merchantApiKey: MERCHANT_KEY,
      demoDir: join(dataDir, 'no-demo'),
      reconcile: { intervalMs: 50, firstPollDelayMs: 60_000, maxPollDelayMs: 60_000, expiryGraceMs: 0, ...reconcile },
      ...extra,
    },
  });
  // Requests go to the bound port; `server.url` is what tokens and callbacks name, which a test may point elsewhere.
  const base = `http://127.0.0.1:${server.config.port}`;
  const json = (body: unknown) => (body === undefined ? undefined : JSON.stringify(body));
  return {
    ...server,
    async close() {
      await server.close();
      if (!options.dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
        await dropTestDatabase(dataDirDatabase(dataDir));
      }
    },
    merchant: (path, init) => merchantRequest(`${base}${path}`, MERCHANT_KEY, init),
    element: (path, token, headers = {}) => elementRequest(`${base}${path}`, token, { headers }),
    sandbox(path, body, method = 'POST') {
      return fetch(`${base}/sandbox${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: json(body) });
    },
  };
}

export const invoiceBody = (overrides: Record<string, unknown> = {}) => ({
  provider: 'mtn-momo',
  method: 'invoice',
  amount: '150000',
  currency: 'UGX',
  reference: `INV-${Math.random().toString(36).slice(2, 10)}`,
  description: 'Term 1 school fees',
  ...overrides,
});

export async function createCheckout(server: TestServer, overrides: Record<string, unknown> = {}) {
  const response = await server.merchant('/v1/checkouts', { body: invoiceBody(overrides), idempotencyKey: crypto.randomUUID() });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; token: string; status: string; expiresAt: string };
}

/** Reads `/v1/session/events` until `until` returns true for an update; resolves with all updates seen. */
export async function readStatusEvents(server: TestServer, token: string, until: (update: StatusUpdate) => boolean) {
  const response = await server.element('/v1/session/events', token);
  if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
  const updates: StatusUpdate[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').find((line) => line.startsWith('data:'));
      if (!data || !block.includes('event: status')) continue;
      const update = JSON.parse(data.slice(5).trim()) as StatusUpdate;
      updates.push(update);
      if (until(update)) {
        await reader.cancel().catch(() => {});
        return updates;
      }
    }
  }
  return updates;
}

/** The MTN adapter as the backend builds it, pointed at a sandbox served by the test. */
export function testMtnAdapter(sandboxUrl: string, overrides: Partial<MtnMomoOptions> = {}) {
  return createMtnMomoAdapter({
    baseUrl: sandboxUrl,
    subscriptionKey: 'momo-sandbox-subscription-key',
    targetEnvironment: 'mtnuganda',
    currencies: ['UGX'],
    callbackHost: 'localhost',
    ussdTemplate: '*165*3*{ref}*1#',
    payeeMsisdn: '256772123456',
    sandbox: true,
    ...overrides,
  });
}
