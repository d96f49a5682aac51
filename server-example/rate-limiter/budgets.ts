import type { CallPriority, RateLimiter } from '../rate-limiter';

/** One try at a budget shared with other instances: granted, or refused until a slot frees. */
export type BudgetAnswer = { granted: true } | { granted: false; msBeforeNext: number };

/** Calls counted per window, where every instance sees them (PostgreSQL). */
export interface Budget {
  take(): Promise<BudgetAnswer>;
}

/**
 * Of a limit's calls per period, the share routine polls may use at most: the rest is always
 * there for calls a payer waits on, whichever instance makes them, however long the reconciler's
 * backlog. MTN's 10 a second leave 3 for confirmations; Mom Factura's 80 a minute leave 24.
 */
export const ROUTINE_SHARE = 0.7;

export const routineCallsOf = (calls: number) => Math.max(1, Math.floor(calls * ROUTINE_SHARE));

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * A limiter over two shared budgets: every call takes a slot of `total` (the provider's limit);
 * a routine call first takes one of `routine` too, a smaller budget, so that routine polls never
 * use up a period. Within this process, a payer's call goes before any routine call waiting for
 * `total`. A refused try waits what the budget says (`msBeforeNext`, no busy loop) and tries
 * again: one try at a time per budget, however many calls wait.
 */
export function createPriorityLimiter(budgets: { total: Budget; routine: Budget }, wait: (ms: number) => Promise<void>): RateLimiter {
  /** Calls waiting for a slot of `total`, by priority (routine ones already hold their `routine` slot). */
  const lanes: Record<CallPriority, Waiter[]> = { payer: [], routine: [] };
  /** Routine calls waiting for a slot of `routine`. */
  const routineQueue: Waiter[] = [];
  const pumping = { total: false, routine: false };

  /** Grants `total` slots, payers first, until no call waits for one. */
  async function pumpTotal() {
    if (pumping.total) return;
    pumping.total = true;
    try {
      while (lanes.payer.length + lanes.routine.length > 0) {
        const answer = await budgets.total.take().catch((err: unknown) => ({ error: err }));
        // Whoever waits first now gets the slot: a payer who came during the try included.
        const lane = lanes.payer.length > 0 ? lanes.payer : lanes.routine;
        const next = lane.shift();
        if (!next) break;
        if ('error' in answer) next.reject(answer.error);
        else if (answer.granted) next.resolve();
        else {
          lane.unshift(next);
          await wait(Math.max(1, answer.msBeforeNext));
        }
      }
    } finally {
      pumping.total = false;
    }
  }

  /** Grants `routine` slots in order, each call then waiting its turn at `total`. */
  async function pumpRoutine() {
    if (pumping.routine) return;
    pumping.routine = true;
    try {
      while (routineQueue.length > 0) {
        const answer = await budgets.routine.take().catch((err: unknown) => ({ error: err }));
        if ('error' in answer) {
          routineQueue.shift()?.reject(answer.error);
        } else if (answer.granted) {
          lanes.routine.push(routineQueue.shift()!);
          void pumpTotal();
        } else await wait(Math.max(1, answer.msBeforeNext));
      }
    } finally {
      pumping.routine = false;
    }
  }

  return function take(priority: CallPriority = 'routine'): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (priority === 'payer') {
        lanes.payer.push({ resolve, reject });
        void pumpTotal();
      } else {
        routineQueue.push({ resolve, reject });
        void pumpRoutine();
      }
    });
  };
}
