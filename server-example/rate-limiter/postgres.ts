import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from 'pino';
import { sleep, type ClosableCallSlots, type RateLimiter } from '../rate-limiter';
import { createPriorityLimiter, routineCallsOf, type Budget } from './budgets';

/** rate-limiter-flexible's own table (key, points, expire): a store migration makes it; the library, if missing (a database without the store). */
export const CALL_SLOTS_TABLE = 'provider_call_slots';

/**
 * `CREATE TABLE IF NOT EXISTS` run by two instances at once (on a database without the store's
 * migration, which makes the table first): the loser gets a duplicate type or row, and the table is there.
 */
const lostCreateRace = (err: Error) => ['42710', '23505'].includes((err as { code?: string }).code ?? '');

export interface PostgresCallSlotsOptions {
  /** A pool to use (and leave open on close); else one is made from `databaseUrl`. */
  pool?: pg.Pool;
  databaseUrl?: string;
  /** How a refused call waits before trying again (tests drive it). Default: a timer. */
  wait?: (ms: number) => Promise<void>;
  log?: Pick<Logger, 'warn'>;
}

/**
 * Call slots kept in PostgreSQL with rate-limiter-flexible, so a limit holds across every
 * instance on the database, each try one atomic upsert. Calls are spaced as in memory: one per
 * `perMs / calls` (a window of one point), so no `perMs` ever holds more than `calls` of them,
 * and a call that must wait has its turn at the next spacing, not after a used-up window.
 * Routine calls also count in a window of their own (`routineCallsOf(calls)` per `perMs`).
 * Should the database fail, each instance falls back to counting in its own memory (the
 * library's insurance limiter) rather than failing the provider call.
 */
export function createPostgresCallSlots(options: PostgresCallSlotsOptions): ClosableCallSlots {
  const pool = options.pool ?? new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  if (!options.pool) {
    // A dropped idle connection: the next query takes a new one.
    pool.on('error', (err) => options.log?.warn({ err: err.message }, 'call slots: database connection lost'));
  }
  const wait = options.wait ?? sleep;
  let table: Promise<void> | undefined;
  const limiters = new Map<string, RateLimiter>();

  function tableReady(): Promise<void> {
    table ??= new Promise<void>((resolve, reject) => {
      new RateLimiterPostgres({ storeClient: pool, storeType: 'pool', tableName: CALL_SLOTS_TABLE, points: 1, duration: 1, clearExpiredByTimeout: false }, (err?: Error) =>
        err && !lostCreateRace(err) ? reject(err) : resolve(),
      );
    }).catch((err: unknown) => {
      table = undefined;
      throw err;
    });
    return table;
  }

  function budget(name: string, key: string, points: number, perMs: number): Budget {
    const duration = perMs / 1_000;
    let limiter: RateLimiterPostgres | undefined;
    return {
      async take() {
        if (!limiter) {
          await tableReady();
          limiter ??= new RateLimiterPostgres({
            storeClient: pool,
            storeType: 'pool',
            tableName: CALL_SLOTS_TABLE,
            tableCreated: true,
            clearExpiredByTimeout: false,
            keyPrefix: name,
            points,
            duration,
            insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
          });
        }
        try {
          await limiter.consume(key);
          return { granted: true };
        } catch (err) {
          if (err instanceof RateLimiterRes) return { granted: false, msBeforeNext: err.msBeforeNext > 0 ? err.msBeforeNext : perMs };
          throw err;
        }
      },
    };
  }

  const slots = (key: string, calls: number, perMs: number): RateLimiter => {
    const id = `${key}|${calls}/${perMs}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      const spacing = budget('spacing', id, 1, perMs / calls);
      limiter = createPriorityLimiter({ total: spacing, routine: budget('routine', id, routineCallsOf(calls), perMs) }, wait);
      limiters.set(id, limiter);
    }
    return limiter;
  };
  return Object.assign(slots, {
    async close() {
      if (!options.pool) await pool.end();
    },
  });
}
