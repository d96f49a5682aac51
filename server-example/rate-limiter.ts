export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whose call waits for a slot. `payer`: someone is waiting on the answer (a provider's callback,
 * the payer's page, a merchant's create). `routine`: the reconciler's background polls.
 */
export type CallPriority = 'payer' | 'routine';

/**
 * Spaces calls so that no more than `perSecond` start in any second (MTN asks for ≤ 10 status
 * calls/s). Waiting calls start in order within their lane, and every `payer` call before any
 * `routine` one: a backlog of polls never holds up a confirmation someone is waiting for.
 */
export function createRateLimiter(perSecond: number) {
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

export type RateLimiter = ReturnType<typeof createRateLimiter>;
