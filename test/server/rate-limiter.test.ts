import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import pg from 'pg';
import { createCallSlots, createRateLimiter, type RateLimiter } from '../../server-example/rate-limiter';
import { CALL_SLOTS_TABLE, createPostgresCallSlots } from '../../server-example/rate-limiter/postgres';
import { migratePostgres } from '../../server-example/store/postgres-migrations';
import { createTestDatabase } from '../postgres-database';

/** Moves the mocked clock on 10 ms at a time, letting each call record its start before the next step. */
async function advance(totalMs: number) {
  for (let ms = 0; ms <= totalMs; ms += 10) {
    for (let turn = 0; turn < 5; turn += 1) await Promise.resolve();
    mock.timers.tick(10);
  }
}

test('no more than 10 calls start in any second', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  try {
    const take = createRateLimiter(10);
    const started: number[] = [];
    const calls = Array.from({ length: 25 }, () => take().then(() => started.push(Date.now())));
    await advance(2_500);
    await Promise.all(calls);
    assert.equal(started.length, 25);
    for (const at of started) {
      const inWindow = started.filter((other) => other >= at && other < at + 1_000).length;
      assert.ok(inWindow <= 10, `${inWindow} calls started within a second of ${at} ms`);
    }
  } finally {
    mock.timers.reset();
  }
});

test('a payer-waiting call starts before routine polls queued ahead of it, within the same spacing', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  try {
    const take = createRateLimiter(10);
    const order: string[] = [];
    const started = (name: string) => () => order.push(`${name}@${Date.now()}`);
    const calls = [
      ...Array.from({ length: 5 }, (_, n) => take().then(started(`poll${n + 1}`))),
      take('payer').then(started('callback')),
      take('routine').then(started('poll6')),
      take('payer').then(started('page')),
    ];
    await advance(1_000);
    await Promise.all(calls);
    assert.deepEqual(order, ['poll1@0', 'callback@100', 'page@200', 'poll2@300', 'poll3@400', 'poll4@500', 'poll5@600', 'poll6@700']);
  } finally {
    mock.timers.reset();
  }
});

// Shared limits: PostgreSQL, each limiter instance with its own pool, as two backend instances have.

/** A fresh database the store's migrations ran on, as the backend's is before its limits are used. */
async function migratedDatabase() {
  const database = await createTestDatabase('call_slots');
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  try {
    await migratePostgres(pool);
  } finally {
    await pool.end();
  }
  return database;
}

/** Wakes whoever waits `until` a condition, each time something happens. */
function happenings() {
  const listeners: Array<() => void> = [];
  return {
    poke: () => {
      for (const listener of listeners.splice(0)) listener();
    },
    async until(condition: () => boolean) {
      while (!condition()) await new Promise<void>((resolve) => listeners.push(resolve));
    },
  };
}

/** One instance's refused tries: asleep until the test moves time on and wakes them. */
function sleeper(poke: () => void) {
  const asleep: Array<() => void> = [];
  return {
    wait: (_ms: number) =>
      new Promise<void>((resolve) => {
        asleep.push(resolve);
        poke();
      }),
    get asleep() {
      return asleep.length;
    },
    wake() {
      for (const resolve of asleep.splice(0)) resolve();
    },
  };
}

interface Instances {
  pools: [pg.Pool, pg.Pool];
  sleepers: [ReturnType<typeof sleeper>, ReturnType<typeof sleeper>];
  events: ReturnType<typeof happenings>;
  /** Resolves once no instance has a try in flight: each call has started, or sleeps until time moves on. */
  settled(): Promise<void>;
  /** Moves time on by `ms` and wakes every sleeping try. */
  advance(ms: number): void;
}

/** Two instances' pools on a fresh database, with the time frozen; their queries counted as they go. */
async function twoInstances(run: (instances: Instances) => Promise<void>) {
  const database = await migratedDatabase();
  const events = happenings();
  let inFlight = 0;
  const pool = () => {
    const made = new pg.Pool({ connectionString: database.url, max: 2 });
    // The database is dropped under it at the end (WITH (FORCE)): a connection still closing then is told so, harmlessly.
    made.on('error', () => {});
    const query = made.query.bind(made) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
    const done = () => {
      inFlight -= 1;
      events.poke();
    };
    made.query = ((config: pg.QueryConfig) => {
      inFlight += 1;
      const answer = query(config);
      answer.then(done, done);
      return answer;
    }) as typeof made.query;
    return made;
  };
  const pools: [pg.Pool, pg.Pool] = [pool(), pool()];
  const sleepers: Instances['sleepers'] = [sleeper(events.poke), sleeper(events.poke)];
  async function settled() {
    for (;;) {
      await events.until(() => inFlight === 0);
      // A try follows a granted or refused one within the same turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      if (inFlight === 0) return;
    }
  }
  // The library reads Date.now(): frozen, every try falls where the test says.
  mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
  try {
    await run({
      pools,
      sleepers,
      events,
      settled,
      advance(ms) {
        mock.timers.tick(ms);
        for (const sleeping of sleepers) sleeping.wake();
      },
    });
    await settled();
  } finally {
    mock.timers.reset();
    await Promise.all(pools.map((each) => each.end()));
    await database.drop();
  }
}

test('PostgreSQL: two instances together never start more than `calls` calls in any `perMs`', async () => {
  await twoInstances(async ({ pools, sleepers, settled, advance }) => {
    const limiters = pools.map((pool, n) => createPostgresCallSlots({ pool, wait: sleepers[n]!.wait })('mtn-momo:status:api-user-1', 5, 1_000));
    const granted: Array<{ at: number; instance: number }> = [];
    const calls = limiters.flatMap((take, instance) => Array.from({ length: 8 }, () => take('payer').then(() => granted.push({ at: Date.now(), instance }))));
    const perStep: number[] = [];
    // A step of one spacing (1 000 / 5 ms).
    for (let step = 0; step < 20 && granted.length < 16; step++) {
      const before = granted.length;
      await settled();
      perStep.push(granted.length - before);
      advance(200);
    }
    await Promise.all(calls);
    assert.deepEqual(perStep, Array(16).fill(1), 'one call a spacing, whichever instance makes it');
    assert.deepEqual(new Set(granted.map((call) => call.instance)), new Set([0, 1]));
    for (const { at } of granted) {
      const inSecond = granted.filter((other) => other.at >= at && other.at < at + 1_000).length;
      assert.ok(inSecond <= 5, `${inSecond} calls started within a second of ${at}`);
    }
  });
});

test('PostgreSQL: a backlog of routine polls on one instance leaves slots of every second to payer calls on another', async () => {
  await twoInstances(async ({ pools, sleepers, settled, advance }) => {
    const [reconciler, callbacks] = pools.map((pool, n) => createPostgresCallSlots({ pool, wait: sleepers[n]!.wait })('mtn-momo:status:api-user-1', 10, 1_000)) as [RateLimiter, RateLimiter];
    const started = { routine: 0, payer: 0 };
    void Array.from({ length: 30 }, () => reconciler('routine').then(() => (started.routine += 1)));
    // One second, a spacing (100 ms) at a time: the polls take 7 of its 10 slots and leave the rest.
    for (let step = 0; step < 10; step++) {
      if (step > 0) advance(100);
      await settled();
    }
    assert.equal(started.routine, 7, 'a second holds 7 routine polls, however long the backlog');
    // In the next second, confirmations on the other instance find their slots as they ask.
    for (let step = 0; step < 10; step++) {
      advance(100);
      if (step === 7) void Array.from({ length: 3 }, () => callbacks('payer').then(() => (started.payer += 1)));
      await settled();
      if (step >= 7) assert.equal(started.payer, step - 6, 'a confirmation in each slot the polls leave');
    }
    assert.deepEqual(started, { routine: 14, payer: 3 });
  });
});

test('PostgreSQL: within an instance, a payer call waiting for the next slot goes before a routine one queued earlier', async () => {
  await twoInstances(async ({ pools, sleepers, settled, advance }) => {
    const take = createPostgresCallSlots({ pool: pools[0], wait: sleepers[0].wait })('mom-factura:status:key', 4, 60_000);
    const order: string[] = [];
    const start = (name: string) => () => order.push(name);
    await take('payer').then(start('payer'));
    const poll = take('routine').then(start('poll'));
    await settled();
    const callback = take('payer').then(start('callback'));
    for (let step = 0; step < 2; step++) {
      advance(15_000);
      await settled();
    }
    await Promise.all([poll, callback]);
    assert.deepEqual(order, ['payer', 'callback', 'poll']);
  });
});

test('PostgreSQL: the table is the store migration’s; the limiter only counts in it, never makes it', async () => {
  const database = await migratedDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const sent: string[] = [];
  const query = pool.query.bind(pool) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
  pool.query = ((config: pg.QueryConfig) => {
    sent.push(config.text);
    return query(config);
  }) as typeof pool.query;
  try {
    await createPostgresCallSlots({ pool })('mtn-momo:status:api-user-1', 10, 1_000)('payer');
    assert.deepEqual(
      sent.filter((text) => /\bCREATE\b/i.test(text)),
      [],
      'no CREATE sent',
    );
    const { rows } = await query({ text: `SELECT count(*)::int AS n FROM ${CALL_SLOTS_TABLE}` });
    assert.ok(rows[0].n > 0, 'the call was counted in the table');
  } finally {
    await pool.end();
    await database.drop();
  }
});

test('createCallSlots: a postgres:// URL (in any case, as the store reads it) shares the limit between instances; none keeps it in memory', async () => {
  const database = await migratedDatabase();
  const events = happenings();
  const sleeping = sleeper(events.poke);
  const first = createCallSlots({ databaseUrl: database.url });
  // `POSTGRES://` puts the store on PostgreSQL: the limits must be there too, not in this process.
  const second = createCallSlots({ databaseUrl: database.url.replace(/^postgres:/, 'POSTGRES:'), wait: sleeping.wait });
  try {
    await first('mtn-momo:status:api-user-2', 2, 60_000)('payer');
    let startedOnSecond = false;
    void second(
      'mtn-momo:status:api-user-2',
      2,
      60_000,
    )('payer').then(() => {
      startedOnSecond = true;
      events.poke();
    });
    await events.until(() => sleeping.asleep === 1 || startedOnSecond);
    assert.equal(startedOnSecond, false, 'the other instance waits its turn: one call per 30 s');
    // Another API user has a limit of its own.
    await second('mtn-momo:status:api-user-3', 2, 60_000)('payer');
    const memory = createCallSlots({});
    assert.equal(memory('k', 10, 1_000), memory('k', 10, 1_000), 'one limiter per key in a process');
    await memory.close();
  } finally {
    await first.close();
    await second.close();
    await database.drop();
  }
});
