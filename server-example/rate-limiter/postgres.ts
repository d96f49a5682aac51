import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from 'pino';
import { sleep, type ClosableCallSlots, type RateLimiter } from '../rate-limiter';
import { createPriorityLimiter, routineCallsOf, type Budget } from './budgets';

/**
 * rate-limiter-flexible's own table (key, points, expire), made by a store migration
 * (postgres-migrations.ts) under its lock: the library is told it exists and never makes it.
 */
export const CALL_SLOTS_TABLE = 'provider_call_slots';

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
 * library's insurance limiter) rather than failing the provider call. The database is the
 * store's, migrated before this is used (server.ts opens the store first).
 */
export function createPostgresCallSlots(options: PostgresCallSlotsOptions): ClosableCallSlots {
  const pool = options.pool ?? new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  if (!options.pool) {
    // A dropped idle connection: the next query takes a new one.
    pool.on('error', (err) => options.log?.warn({ err: err.message }, 'call slots: database connection lost'));
  }
  const wait = options.wait ?? sleep;
  const limiters = new Map<string, RateLimiter>();

  function budget(name: string, key: string, points: number, perMs: number): Budget {
    const duration = perMs / 1_000;
    const limiter = new RateLimiterPostgres({
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
    return {
      async take() {
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
