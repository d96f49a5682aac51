import type { Logger } from 'pino';
import { createPostgresCallSlots } from './rate-limiter/postgres';
import { isPostgresUrl } from './store/database-url';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Whose call waits for a slot. `payer`: someone is waiting on the answer (a provider's callback,
 * the payer's page). `routine`: the reconciler's background polls.
 */
export type CallPriority = 'payer' | 'routine';

/** Resolves when the call may start; `payer` calls go before `routine` ones. Default `routine`. */
export type RateLimiter = (priority?: CallPriority) => Promise<void>;

/**
 * The limiter of one provider limit: at most `calls` calls per `perMs` under `key` (which names
 * what the provider counts by: MTN's API user, Mom Factura's key). The same key gives the same
 * limit, however many adapters ask for it.
 */
export type CallSlots = (key: string, calls: number, perMs: number) => RateLimiter;

/** Call slots holding resources (a database pool): closed with the server. */
export type ClosableCallSlots = CallSlots & { close(): Promise<void> };

/**
 * Spaces calls so that no more than `perSecond` start in any second (MTN asks for ≤ 10 status
 * calls/s). Waiting calls start in order within their lane, and every `payer` call before any
 * `routine` one: a backlog of polls never holds up a confirmation someone is waiting for.
 * One process only: what another instance calls, it cannot see.
 */
export function createRateLimiter(perSecond: number): RateLimiter {
  const spacingMs = 1_000 / perSecond;
  /** When the next call may start. */
  let nextSlot = 0;
  const lanes: Record<CallPriority, Array<() => void>> = { payer: [], routine: [] };
  let timer: NodeJS.Timeout | undefined;

  const waiting = () => lanes.payer.length + lanes.routine.length;

  function releaseNext() {
    timer = undefined;
    const start = lanes.payer.shift() ?? lanes.routine.shift();
    if (!start) return;
    // A timer may fire late, never early: counting from now keeps the spacing.
    nextSlot = Date.now() + spacingMs;
    start();
    if (waiting() > 0) scheduleRelease();
  }

  function scheduleRelease() {
    if (timer) return;
    timer = setTimeout(releaseNext, Math.max(0, nextSlot - Date.now()));
  }

  return function take(priority: CallPriority = 'routine'): Promise<void> {
    const now = Date.now();
    if (waiting() === 0 && now >= nextSlot) {
      nextSlot = now + spacingMs;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      lanes[priority].push(resolve);
      scheduleRelease();
    });
  };
}

/** Call slots for one process (SQLite: one instance), each limit spaced in memory. */
export function createMemoryCallSlots(): ClosableCallSlots {
  const limiters = new Map<string, RateLimiter>();
  const slots: CallSlots = (key, calls, perMs) => {
    const id = `${key}|${calls}/${perMs}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = createRateLimiter((calls * 1_000) / perMs);
      limiters.set(id, limiter);
    }
    return limiter;
  };
  return Object.assign(slots, { close: () => Promise.resolve() });
}

export interface CallSlotsOptions {
  /** `postgres://…`: the limits are kept in PostgreSQL, shared by every instance on it. Unset: in memory. */
  databaseUrl?: string;
  log?: Pick<Logger, 'warn'>;
  /** How a refused call waits before trying again, on PostgreSQL (tests drive it). Default: a timer. */
  wait?: (ms: number) => Promise<void>;
}

/**
 * The call slots for this backend: shared through PostgreSQL when the store is there (several
 * instances), else in this process's memory (SQLite, one instance).
 */
export function createCallSlots(options: CallSlotsOptions = {}): ClosableCallSlots {
  const { databaseUrl } = options;
  if (databaseUrl && isPostgresUrl(databaseUrl)) return createPostgresCallSlots({ databaseUrl, log: options.log, wait: options.wait });
  return createMemoryCallSlots();
}
