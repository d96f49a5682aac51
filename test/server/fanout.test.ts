/**
 * Status fan-out across instances (PostgreSQL LISTEN/NOTIFY). These run in both passes of the
 * suite, on a database of their own that they create and drop: two instances must share one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { SANDBOX_SUBSCRIPTION_KEY } from '../../server-example/providers/mtn-momo/sandbox-defaults';
import { LISTENER_APPLICATION_NAME, openPostgresStatusBus, type PostgresStatusBus } from '../../server-example/status-bus/postgres';
import { openStatusFanOut } from '../../server-example/status-fan-out';
import type { OpenStream } from '../../server-example/streams';
import { createTestDatabase, onPostgres } from '../postgres-database';
import { createCheckout, readStatusEvents, startTestServer, type TestServer } from './helpers';

/** A fresh database; `drop()` removes it with whatever is still connected. */
async function freshDatabase() {
  const database = await createTestDatabase('momo_fanout');
  return {
    ...database,
    /** Ends the status buses' LISTEN connections on this database, as a failover or a network cut would; how many. */
    cutListeners: () =>
      onPostgres(async (client) => {
        const { rows } = await client.query('SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [database.name, LISTENER_APPLICATION_NAME]);
        return rows.filter((row: { cut: boolean }) => row.cut).length;
      }),
  };
}

/** Resolves with the next value `subscribe` hands its callback. */
function next<T>(subscribe: (callback: (value: T) => void) => void): Promise<T> {
  return new Promise((resolve) => subscribe(resolve));
}

/** One MTN API user for several instances, as a deployment configures it: the sandbox keeps each user's invoices apart. */
async function mtnApiUser(sandbox: TestServer) {
  const user = crypto.randomUUID();
  const headers = { 'Ocp-Apim-Subscription-Key': SANDBOX_SUBSCRIPTION_KEY, 'Content-Type': 'application/json' };
  const base = `http://127.0.0.1:${sandbox.config.port}/sandbox/mtn-momo/v1_0/apiuser`;
  const made = await fetch(base, { method: 'POST', headers: { ...headers, 'X-Reference-Id': user }, body: JSON.stringify({ providerCallbackHost: 'localhost' }) });
  assert.equal(made.status, 201, await made.text());
  const key = await fetch(`${base}/${user}/apikey`, { method: 'POST', headers });
  assert.equal(key.status, 201);
  return { MTN_API_USER: user, MTN_API_KEY: ((await key.json()) as { apiKey: string }).apiKey };
}

describe('status fan-out across instances on one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let sandboxes: TestServer;
  let a: TestServer;
  let b: TestServer;

  before(async () => {
    database = await freshDatabase();
    // The sandboxes on a server of their own; A and B behind one public URL (B's), so provider callbacks land on B.
    sandboxes = await startTestServer();
    const shared = { DATABASE_URL: database.url, SANDBOX_URL: `http://127.0.0.1:${sandboxes.config.port}`, ...(await mtnApiUser(sandboxes)) };
    b = await startTestServer({}, {}, shared);
    a = await startTestServer({}, {}, { ...shared, PUBLIC_BASE_URL: b.url });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await sandboxes?.close();
    await database?.drop();
  });

  /** A checkout created on A, its stream open on A, its payer approving at the sandbox: the callback lands on B. */
  async function paidThroughB(beforeApproving: () => Promise<void> = async () => {}) {
    const { id, token } = await createCheckout(a);
    let opened!: () => void;
    const streamOpen = new Promise<void>((resolve) => (opened = resolve));
    const events = readStatusEvents(a, token, (update) => {
      opened();
      return update.status === 'paid';
    });
    await streamOpen;
    await beforeApproving();
    assert.equal((await b.sandbox(`/checkouts/${id}/approve`)).status, 202);
    return (await events).map((update) => update.status);
  }

  test('a stream on A gets paid when the status changes on B', { timeout: 15_000 }, async () => {
    // A's reconciler would poll only after a minute: the news can come from B alone.
    assert.deepEqual(await paidThroughB(), ['pending', 'paid']);
  });

  test('the LISTEN connection cut and coming back still delivers', { timeout: 15_000 }, async () => {
    const statuses = await paidThroughB(async () => {
      assert.ok((await database.cutListeners()) >= 2, 'both instances were listening');
    });
    assert.deepEqual(statuses, ['pending', 'paid']);
  });
});

describe('the PostgreSQL status bus', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const buses: PostgresStatusBus[] = [];
  const log = pino({ level: 'silent' });
  /** Each bus's LISTEN connection coming up (true) or going (false), in order. */
  const listening = new Map<number, (up: boolean) => void>();
  /** Each bus asking for a catch-up, its LISTEN connection back. */
  const caughtUp = new Map<number, () => void>();

  async function open(index: number) {
    const bus = await openPostgresStatusBus({ databaseUrl: database.url, log, onListening: (up) => listening.get(index)?.(up), catchUp: () => caughtUp.get(index)?.() });
    buses.push(bus);
    return bus;
  }

  before(async () => {
    database = await freshDatabase();
  });
  after(async () => {
    for (const bus of buses) await bus.close();
    await database?.drop();
  });

  test('tells the other instance, and asks for a catch-up once it listens again after notifications were missed', { timeout: 15_000 }, async () => {
    const [here, there] = [await open(0), await open(1)];
    const told = () => next<void>((resolve) => here.subscribe('chk_1', () => resolve()));
    assert.equal(here.connected, true);
    const first = told();
    there.publish('chk_1');
    await first;
    let quietWoken = 0;
    here.subscribe('chk_quiet', () => quietWoken++);

    // Here's connection is cut; what is published meanwhile never reaches it as a notification.
    const down = next<boolean>((resolve) => listening.set(0, resolve));
    assert.ok((await database.cutListeners()) >= 1);
    assert.equal(await down, false);
    assert.equal(here.connected, false, 'not ready while it hears no one (GET /readyz answers 503 FANOUT_UNAVAILABLE)');
    const back = next<boolean>((resolve) => listening.set(0, resolve));
    const askedToCatchUp = next<void>((resolve) => caughtUp.set(0, resolve));
    there.publish('chk_1');
    assert.equal(await back, true);
    await askedToCatchUp;
    assert.equal(here.connected, true);
    assert.equal(quietWoken, 0, 'no listener is woken for nothing: the catch-up reads what changed');

    // And it listens again.
    const again = told();
    there.publish('chk_1');
    await again;
  });

  test("an instance's own publish reaches its listeners at once, and its echo is skipped", { timeout: 15_000 }, async () => {
    const [bus, other] = [await open(2), await open(3)];
    let calls = 0;
    bus.subscribe('chk_2', () => calls++);
    const heardThere = next<void>((resolve) => other.subscribe('chk_2', () => resolve()));
    bus.publish('chk_2');
    assert.equal(calls, 1);
    await heardThere;
    // Sent after chk_2's notification was delivered, so delivered after it on this connection too.
    const barrier = next<void>((resolve) => bus.subscribe('chk_3', () => resolve()));
    other.publish('chk_3');
    await barrier;
    assert.equal(calls, 1);
  });
});

describe('the status fan-out as the backend wires it', () => {
  const log = pino({ level: 'silent' });
  /** A stream that has sent `sentVersion` of `checkoutId`. */
  const following = (checkoutId: string, sentVersion: number, events: { beat?(): void; refresh?(): void } = {}): OpenStream => ({
    checkoutId,
    sentVersion,
    heartbeat: () => events.beat?.(),
    reconnect() {},
    refresh: () => events.refresh?.(),
  });

  test('on SQLite the beats read no versions: one process makes every change and its bus loses none', { timeout: 5_000 }, async () => {
    let reads = 0;
    const store = {
      async checkoutVersions() {
        reads++;
        return new Map<string, number>();
      },
    };
    const { bus, streams } = await openStatusFanOut({ store, log, heartbeatMs: 5 });
    let beats = 0;
    // A beat reads (when it does) right after its heartbeats: by the second, the first would have.
    await new Promise<void>((resolve) => {
      streams.add(
        following('co_1', 1, {
          beat() {
            if (++beats === 2) resolve();
          },
        }),
      );
    });
    streams.closeAll();
    await bus.close();
    assert.equal(reads, 0);
  });

  test('on PostgreSQL, the LISTEN connection back, one read of every followed version wakes only the stream that missed a change', { timeout: 15_000 }, async () => {
    const database = await freshDatabase();
    const asked: string[][] = [];
    const store = {
      async checkoutVersions(ids: readonly string[]) {
        asked.push([...ids].sort());
        return new Map([
          ['co_missed', 3],
          ['co_current', 5],
        ]);
      },
    };
    // No beat within the test: what reads the versions is the reconnection.
    const { bus, streams } = await openStatusFanOut({ databaseUrl: database.url, store, log, heartbeatMs: 600_000 });
    try {
      let woken = 0;
      const refreshed: string[] = [];
      const caughtUp = new Promise<void>((resolve) => {
        for (const [id, sent] of [
          ['co_missed', 2],
          ['co_current', 5],
        ] as const) {
          bus.subscribe(id, () => woken++);
          streams.add(
            following(id, sent, {
              refresh() {
                refreshed.push(id);
                resolve();
              },
            }),
          );
        }
      });
      assert.ok((await database.cutListeners()) >= 1);
      await caughtUp;
      assert.deepEqual(asked, [['co_current', 'co_missed']], 'one read, for every followed checkout');
      assert.deepEqual(refreshed, ['co_missed']);
      assert.equal(woken, 0, 'no stream woken one by one to read its checkout');
    } finally {
      streams.closeAll();
      await bus.close();
      await database.drop();
    }
  });
});
